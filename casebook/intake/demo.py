"""Sample mail for the demo's 邮件收件箱: two messages as units really send
them, ingested through the real pipeline, that end waiting for a person
(an enquiry with no form; a submission whose form is damaged), so that the
triage page has something to show. Clearly fictional (示例 addresses).
"""

import datetime as dt
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from casebook.calls.models import Call

from .services import ingest
from .sources import RawMessage

DEMO_SOURCE = "demo:"


def _message(call: Call, *, subject: str, sender: tuple[str, str], body: str, sent: dt.datetime,
             charset: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = Address(sender[0], addr_spec=sender[1])
    message["To"] = call.intake_emails[0] if call.intake_emails else "intake@example.cn"
    message["Date"] = format_datetime(sent)
    message["Message-ID"] = make_msgid(domain="example.cn")
    message.set_content(body, charset=charset)
    return message


def _enquiry(call: Call, sent: dt.datetime) -> bytes:
    """A question from an old mail client: GBK text under a gb2312 label."""
    return _message(
        call, subject="咨询：合作单位能否跨省？", sender=("示例县卫生健康局 办公室", "office@demo-county.example.cn"),
        body="组委会老师您好：\n我单位拟与邻省一家医院联合申报，请问合作单位是否必须在长三角三省一市范围内？"
             "另外申报书的图片可否另行打包发送？\n谢谢！\n示例县卫生健康局（示例）",
        sent=sent, charset="gb2312",
    ).as_bytes()


def _damaged_form(call: Call, sent: dt.datetime) -> bytes:
    """A submission whose .docx was cut off in transit (a truncated zip)."""
    message = _message(
        call, subject="社区家庭医生签约服务提质增效+示例市第三人民医院（示例）",
        sender=("示例市第三人民医院 医务处", "yiwuchu@demo-hospital3.example.cn"),
        body="您好！附件是我院的案例申报书，请查收。", sent=sent, charset="utf-8",
    )
    truncated = b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + b"\x00" * 40  # a docx's first bytes, then nothing
    message.add_attachment(truncated, maintype="application",
                           subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                           filename="案例申报书.docx")
    return message.as_bytes()


def create_demo_mail(*, call: Call, now: dt.datetime) -> int:
    """Ingest the sample messages into `call` unless they are there; how many are new."""
    raws = [_enquiry(call, now - dt.timedelta(days=2, hours=3)),
            _damaged_form(call, now - dt.timedelta(days=1, hours=5))]
    if call.inbound_messages.filter(source=DEMO_SOURCE).exists():
        return 0
    for index, raw in enumerate(raws, start=1):
        ingest(raw_message=RawMessage(DEMO_SOURCE, f"sample-{index}", raw), call=call)
    return len(raws)
