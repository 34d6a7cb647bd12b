"""One raw email to a DecodedMessage, for every message Chinese mail produces.

The stdlib parser (compat32: it keeps raw 8-bit header bytes as surrogates
instead of guessing) gives the MIME structure; header values, parameters,
charsets and dates are decoded here because the stdlib reads GB2312 labels as
GB2312 and gives up on raw GBK. Nothing raises: what had to be repaired or
guessed becomes a Chinese note on the message.
"""

import binascii
import email
import mimetypes
import re
from dataclasses import dataclass, field
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32

from .archives import expand_archives
from .charsets import decode_bytes
from .headers import (
    HeaderText,
    clean_message_id,
    decode_address,
    decode_header_value,
    decode_params,
    parse_mail_date,
)
from .htmltext import html_to_text
from .message import DecodedMessage, MailAttachment
from .mime import parse_message
from .subject import split_subject

MAX_PART_DEPTH = 30
MAX_PARTS = 2000
BODY_TYPES = {"text/plain", "text/html"}
FORWARDED_TYPES = {"message/rfc822", "message/global"}
TNEF_TYPES = {"application/ms-tnef", "application/vnd.ms-tnef"}
# Extensions for attachments that arrive without any name.
EXTENSIONS = {
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/pdf": ".pdf", "application/zip": ".zip", "application/x-zip-compressed": ".zip",
    "application/x-rar-compressed": ".rar", "application/vnd.rar": ".rar",
    "application/x-7z-compressed": ".7z", "application/ms-tnef": ".dat",
    "image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "text/plain": ".txt",
    "text/html": ".html", "video/mp4": ".mp4", "message/rfc822": ".eml",
}
HTML_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
STRUCTURE_DEFECTS = {"StartBoundaryNotFoundDefect", "CloseBoundaryNotFoundDefect",
                     "MultipartInvariantViolationDefect", "NoBoundaryInMultipartDefect",
                     "MissingHeaderBodySeparatorDefect", "FirstHeaderLineIsContinuationDefect"}


@dataclass
class _Walk:
    """What walking the MIME tree has found so far."""

    bodies: list[tuple[int, str, str]] = field(default_factory=list)  # (level, type, text)
    attachments: list[MailAttachment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    forwarded_subjects: list[str] = field(default_factory=list)
    parts: int = 0

    def note(self, text: str) -> None:
        if text and text not in self.notes:
            self.notes.append(text)


def decode_message(raw: bytes, *, unpack_archives: bool = True) -> DecodedMessage:
    """Decode one message; never raises. Archives among the attachments are
    unpacked (their files carry `from_archive`) unless `unpack_archives` is false."""
    raw = bytes(raw or b"")
    try:
        return _decode(_parse(raw), unpack_archives)
    except Exception as error:  # a parser bug or recursion on hostile nesting
        return _headers_only(raw, error)


def _parse(raw: bytes) -> Message:
    try:
        return parse_message(raw)
    except Exception:  # the fast splitter is ours; the stdlib parser is the reference
        return email.message_from_bytes(raw, policy=compat32)


def _decode(message: Message, unpack_archives: bool) -> DecodedMessage:
    walk = _Walk()
    subject = _header(message, "Subject", "主题", walk)
    _walk_part(message, walk, level=0, depth=0)
    attachments = tuple(walk.attachments)
    if unpack_archives:
        attachments, archive_notes = expand_archives(attachments)
        for note in archive_notes:
            walk.note(note)
    title, unit = _title_and_unit(subject, walk)
    sender_name, sender, sender_notes = _sender(message)
    for note in sender_notes:
        walk.note(f"发件人：{note}")
    return DecodedMessage(
        message_id=clean_message_id(_raw(message, "Message-ID")),
        sender=sender, sender_name=sender_name, subject=subject, title=title, unit=unit,
        received_at=_received_at(message, walk), body_text=_body(walk),
        attachments=attachments, notes=tuple(walk.notes))


def _headers_only(raw: bytes, error: Exception) -> DecodedMessage:
    """What can still be read when the structure cannot: the headers."""
    notes = [f"邮件结构无法解析（{type(error).__name__}），只读取了邮件头"]
    try:
        message = BytesHeaderParser(policy=compat32).parsebytes(raw)
        walk = _Walk(notes=notes)
        subject = _header(message, "Subject", "主题", walk)
        name, sender, _ = _sender(message)
        title, unit = split_subject(subject)
        return DecodedMessage(clean_message_id(_raw(message, "Message-ID")), sender, name,
                              subject, title, unit, _received_at(message, walk), "",
                              notes=tuple(walk.notes))
    except Exception:
        return DecodedMessage("", "", "", "", "", "", None, "", notes=tuple(notes))


# --- headers -----------------------------------------------------------------

def _raw(part: Message, name: str) -> str | None:
    """The header's value exactly as received (8-bit bytes as surrogates):
    Message.get would already have replaced raw GBK with U+FFFD."""
    name = name.lower()
    for key, value in part.raw_items():
        if key.lower() == name:
            return value if isinstance(value, str) else str(value)
    return None


def _raw_all(part: Message, name: str) -> list[str]:
    name = name.lower()
    return [str(value) for key, value in part.raw_items() if key.lower() == name]


def _header(part: Message, name: str, label: str, walk: _Walk) -> str:
    decoded: HeaderText = decode_header_value(_raw(part, name))
    for note in decoded.notes:
        walk.note(f"{label}：{note}")
    return decoded.text


def _sender(message: Message) -> tuple[str, str, tuple[str, ...]]:
    for name in ("From", "Sender", "Reply-To", "Return-Path"):
        display, address, notes = decode_address(_raw(message, name))
        if address:
            return display, address, notes
    return "", "", ("邮件没有可识别的发件人地址",)


def _received_at(message: Message, walk: _Walk):
    """When the message reached the mailbox: the topmost Received header
    (each server prepends its own) with a readable date, else Date."""
    for position, value in enumerate(_raw_all(message, "Received")):
        if ";" not in value:
            continue
        moment, note = parse_mail_date(value.rpartition(";")[2])
        if moment is not None:
            walk.note(note and f"到达时间：{note}")
            if position:
                walk.note("最新的 Received 头没有可识别的日期，改用更早的一个")
            return moment
    moment, note = parse_mail_date(_raw(message, "Date"))
    if _raw_all(message, "Received"):
        walk.note("Received 头没有可识别的日期，改用 Date 头")
    walk.note(note and f"日期：{note}")
    if moment is None and not note:
        walk.note("邮件没有日期")
    return moment


def _title_and_unit(subject: str, walk: _Walk) -> tuple[str, str]:
    """From the subject; from a forwarded message's subject when the
    forwarding one says nothing usable (the secretariat forwarding a unit's mail)."""
    title, unit = split_subject(subject)
    if title and unit:
        return title, unit
    for inner in walk.forwarded_subjects:
        inner_title, inner_unit = split_subject(inner)
        if inner_title and inner_unit:
            return inner_title, inner_unit
    return title, unit


# --- MIME tree ---------------------------------------------------------------

def _walk_part(part: Message, walk: _Walk, *, level: int, depth: int) -> None:
    walk.parts += 1
    if depth > MAX_PART_DEPTH or walk.parts > MAX_PARTS:
        walk.note("邮件结构嵌套过深或部分过多，其余部分未读取")
        return
    defects = {type(defect).__name__ for defect in part.defects} & STRUCTURE_DEFECTS
    if defects:
        walk.note(f"邮件结构有缺陷（{'、'.join(sorted(defects))}），已尽量读取")
    content_type = part.get_content_type()
    if part.is_multipart():
        children = [child for child in part.get_payload() if isinstance(child, Message)]
        if content_type in FORWARDED_TYPES and children:
            _forwarded(children[0], walk, level=level, depth=depth)
            return
        for child in children:
            _walk_part(child, walk, level=level, depth=depth + 1)
        return
    payload = _payload(part)
    if content_type in FORWARDED_TYPES and payload:  # sent base64-encoded, against RFC 2046
        _forwarded(parse_message(payload), walk, level=level, depth=depth)
        return
    filename = _filename(part, walk)
    disposition = (part.get_content_disposition() or "").lower()
    if content_type.startswith("multipart/"):  # boundary lost: the rest is text
        content_type = "text/plain"
    if content_type in BODY_TYPES and not filename and disposition != "attachment":
        walk.bodies.append((level, content_type, _body_text(part, payload, content_type, walk)))
        return
    if not payload and not filename:
        return
    _attachment(part, payload, filename, content_type, walk)


def _forwarded(inner: Message, walk: _Walk, *, level: int, depth: int) -> None:
    subject = _header(inner, "Subject", "转发邮件主题", walk)
    walk.forwarded_subjects.append(subject)
    walk.note(f"含转发的邮件“{subject or '（无主题）'}”，已一并取出其附件")
    _walk_part(inner, walk, level=level + 1, depth=depth + 1)


def _payload(part: Message) -> bytes:
    raw = part.get_payload()
    if isinstance(raw, str) and _transfer_encoding(part) == "base64":
        try:  # binascii skips line breaks itself: several times faster than the stdlib's way
            return binascii.a2b_base64(raw.encode("ascii", "surrogateescape"))
        except (binascii.Error, UnicodeEncodeError):
            pass  # bad padding and the like: the stdlib repairs what it can
    try:
        payload = part.get_payload(decode=True)
    except Exception:  # uuencode and broken base64 raise from deep inside
        payload = None
    return payload if isinstance(payload, bytes) else b""


def _transfer_encoding(part: Message) -> str:
    return str(part.get("content-transfer-encoding", "")).strip().lower()


def _filename(part: Message, walk: _Walk) -> str:
    """Content-Disposition's filename, else Content-Type's name; decoded from
    RFC 2231, RFC 2047 or raw 8-bit, reduced to its last path component."""
    for header, param in (("Content-Disposition", "filename"), ("Content-Type", "name")):
        params, notes = decode_params(_raw(part, header))
        name = params.get(param, "")
        for note in notes:
            walk.note(f"附件名：{note}")
        name = name.replace("\\", "/").rsplit("/", 1)[-1].strip(" .\t") if name else ""
        if name:
            return name
    return ""


def _charset(part: Message) -> str:
    params, _notes = decode_params(_raw(part, "Content-Type"))
    return params.get("charset", "")


def _body_text(part: Message, payload: bytes, content_type: str, walk: _Walk) -> str:
    charset = _charset(part)
    if content_type == "text/html" and not charset:
        meta = HTML_META_CHARSET.search(payload[:4096])
        charset = meta.group(1).decode("ascii", "replace") if meta else ""
    decoded = decode_bytes(payload, charset)
    walk.note(decoded.note and f"正文：{decoded.note}")
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    return html_to_text(text) if content_type == "text/html" else text


def _attachment(part: Message, payload: bytes, filename: str, content_type: str,
                walk: _Walk) -> None:
    if not filename:
        extension = EXTENSIONS.get(content_type) or mimetypes.guess_extension(content_type) or ".bin"
        filename = f"附件{len(walk.attachments) + 1}{extension}"
        walk.note(f"有一个附件没有文件名，已命名为“{filename}”")
    if content_type in TNEF_TYPES or filename.lower() == "winmail.dat":
        walk.note("winmail.dat 是 Outlook 专用格式，原样保留，其中的附件未取出")
    walk.attachments.append(MailAttachment(filename, payload, content_type))


def _body(walk: _Walk) -> str:
    """Plain text of the outermost message that has any, else its HTML as text."""
    for level in sorted({level for level, _type, _text in walk.bodies}):
        for wanted in ("text/plain", "text/html"):
            texts = [text.strip() for lvl, kind, text in walk.bodies
                     if lvl == level and kind == wanted and text.strip()]
            if texts:
                return "\n\n".join(texts)
    return ""
