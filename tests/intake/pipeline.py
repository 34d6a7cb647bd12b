"""Mail as units send it, for the pipeline tests: the YRD call on its 2023
timeline (deadline 2023-09-30 23:59:59 Beijing time, 申报邮箱 ioh@sjtu.edu.cn), a
real application form and real photos."""

import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from casebook.calls.models import Call
from casebook.calls.seeding import load_seed_calls
from tests.factories.files import jpeg_bytes
from tests.fixtures.forms.make_forms import CASE

from .mails import DOCX, Attachment, build_message, docx_bytes

FORMS = Path(__file__).resolve().parents[1] / "fixtures" / "forms"
# The cover-page layout: every basic field filled in (province, start month, contact …).
FORM = (FORMS / "cover_page.docx").read_bytes()
TITLE = CASE["title"]
UNIT = CASE["fields"]["申报单位"]
CHINA = timezone(timedelta(hours=8))
SENT = datetime(2023, 9, 28, 10, 15, tzinfo=CHINA)  # the Date header build_message writes
ON_TIME = datetime(2023, 9, 28, 10, 20, tzinfo=CHINA)  # when it reached the mailbox (Received)
LATE = datetime(2023, 10, 2, 9, 30, tzinfo=CHINA)
SENDER = ("王晓明", "wangxm@pjwjw.example.cn")
COLOURS = ("#2a6f97", "#c44536", "#6a994e", "#f4a261", "#7b2cbf", "#264653")


@pytest.fixture
def yrd(db) -> Call:
    load_seed_calls(original_timeline=True)
    return Call.objects.get(slug="yrd-health-4")


def photo(n: int = 0) -> Attachment:
    return Attachment(f"现场照片{n + 1}.jpg", jpeg_bytes((64, 48), colour=COLOURS[n % len(COLOURS)],
                                                      quality=70 + n % 25), "image/jpeg")


def form(content: bytes = FORM, name: str = "案例申报书.docx") -> Attachment:
    return Attachment(name, content, DOCX)


def submission(*, title: str = TITLE, unit: str = UNIT, subject: str | None = None,
               attachments=None, received=(ON_TIME,), message_id: str | None = None,
               sender=SENDER, body: str = "您好！附件是我单位的案例申报书及照片，请查收。",
               **fields) -> bytes:
    """One unit's email: subject 项目名称+单位名称, the form and two photos by default."""
    if attachments is None:
        attachments = [form(), photo(0), photo(1)]
    return build_message(
        subject=subject if subject is not None else f"{title}+{unit}", sender=sender, body=body,
        attachments=attachments, received=received,
        message_id=message_id or f"<{uuid.uuid4().hex}@pjwjw.example.cn>", **fields)


def numbered_submission(n: int, *, unit: str = "上海市示例区卫生健康委员会") -> bytes:
    """Message n of a batch: its own title, its own generated form and photos."""
    title = f"社区健康治理创新实践{n:04d}"
    return submission(title=title, unit=unit, message_id=f"<batch-{n}@example.cn>",
                      attachments=[form(docx_bytes(title, paragraphs=8), f"{title}申报书.docx"),
                                   photo(n), photo(n + 1)])


def receive(raw: bytes, call: Call | None = None, *, path: str = "/srv/mail/1.eml"):
    """One message through the pipeline, as `casebook intake` takes it from an .eml file."""
    from casebook.intake.services import ingest
    from casebook.intake.sources import RawMessage

    return ingest(raw_message=RawMessage(f"eml:{path}", "", raw), call=call)
