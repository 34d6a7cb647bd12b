"""`batch.ingest_all`: messages read in worker processes and settled here come
out as they do one by one, and a message that kills its reader is kept."""

import os

import pytest

from casebook.intake import batch
from casebook.intake.batch import ingest_all
from casebook.intake.enums import MessageStatus
from casebook.intake.models import InboundMessage
from casebook.intake.sources import RawMessage

from .pipeline import numbered_submission, photo, submission

pytestmark = pytest.mark.django_db

CRASH = b"X-Test-Crash: yes\r\n"
READ = batch._read


def mail() -> list[RawMessage]:
    """Two cases, new photos for the first, the first again (same bytes, then
    same Message-ID), a message no case can be made of, and more cases."""
    first = numbered_submission(1)
    messages = [first, numbered_submission(2),
                submission(title="社区健康治理创新实践0001", unit="上海市示例区卫生健康委员会",
                           attachments=[photo(4)], message_id="<more-1@example.cn>"),
                first, first + b"\r\n",
                submission(subject="咨询", attachments=[], body="请问申报截止时间？"),
                *[numbered_submission(n) for n in range(3, 9)]]
    return [RawMessage("maildir:/srv/mail", f"new/{n}", raw) for n, raw in enumerate(messages)]


def summary(outcomes) -> list[tuple[str, str | None, str]]:
    return [(o.status, o.as_json()["case_number"], (o.reason or "")[:5]) for o in outcomes]  # pks vary


EXPECTED = [
    ("accepted", "YRD4-0001", ""), ("accepted", "YRD4-0002", ""), ("updated", "YRD4-0001", ""),
    ("duplicate", "YRD4-0001", "与已收到的"), ("duplicate", "YRD4-0001", "与已处理的"),
    ("quarantined", None, "邮件中没有"),
    *[("accepted", f"YRD4-{n:04d}", "") for n in range(3, 9)],
]


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_the_same_outcomes_in_the_same_order_with_any_number_of_processes(yrd, workers):
    assert summary(ingest_all(mail(), yrd, workers=workers)) == EXPECTED


def _crash_on_mark(raw: bytes, sections):
    """A reader that dies (as a C decoder's crash kills it) on a marked message."""
    if CRASH in raw:
        os._exit(70)
    return READ(raw, sections)


def test_a_message_that_kills_its_reader_is_quarantined_and_the_others_settled(yrd, monkeypatch):
    monkeypatch.setattr(batch, "_read", _crash_on_mark)  # the workers get it by name
    messages = [numbered_submission(n) for n in range(1, 7)]
    messages[2] = CRASH + messages[2]
    raw_messages = [RawMessage("maildir:/srv/mail", f"new/{n}", raw) for n, raw in enumerate(messages)]

    outcomes = list(ingest_all(raw_messages, yrd, workers=2))

    assert [o.status for o in outcomes] == ["accepted"] * 2 + ["quarantined"] + ["accepted"] * 3
    crashed = InboundMessage.objects.get(pk=outcomes[2].message.pk)
    assert crashed.status == MessageStatus.QUARANTINED
    assert crashed.reason.startswith("邮件无法解析（读取这封邮件的进程意外退出")
    assert crashed.raw.read() == messages[2]  # stored before it was read: nothing lost
