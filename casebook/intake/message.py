"""What one email says once decoded: the interface between decoding (pure) and
the pipeline that maps it onto cases."""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class MailAttachment:
    filename: str  # decoded (RFC 2231 / RFC 2047 / raw 8-bit), never trusted as a path
    content: bytes
    declared_type: str  # what the mail claims; the pipeline sniffs the real type
    from_archive: str = ""  # the archive's filename when unpacked from one


@dataclass(frozen=True)
class DecodedMessage:
    message_id: str  # without <>; "" when the header is missing
    sender: str  # address, lower-case
    sender_name: str
    subject: str
    title: str  # from the subject (项目名称+单位名称); "" when it cannot be split
    unit: str
    received_at: datetime | None  # newest Received header, else Date (aware)
    body_text: str  # plain text, or HTML turned to text
    attachments: tuple[MailAttachment, ...] = ()
    notes: tuple[str, ...] = field(default=())  # Chinese notes on what decoding had to repair
