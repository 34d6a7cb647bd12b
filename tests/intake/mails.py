"""Raw email messages as real Chinese mail clients write them, for tests and
the intake benchmark.

Written byte by byte rather than with email.generator, which would normalise
away what the decoder has to cope with: GBK under a gb2312 label, encoded
words split mid-character, raw 8-bit headers and filenames, lying labels.

    build_message(subject="智慧医保+宝山区医疗保障局", sender=("张三", "zs@example.cn"),
                  body="一、背景与动因\\n……", charset="gb2312",
                  attachments=[Attachment("申报书.docx", docx_bytes())])
"""

import base64
import functools
import io
import quopri
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from urllib.parse import quote

CHINA = timezone(timedelta(hours=8))
DEFAULT_DATE = datetime(2023, 9, 28, 10, 15, 0, tzinfo=CHINA)
# Labels whose real bytes are a superset: what Chinese clients actually send.
CODECS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LINE = 76


@dataclass(frozen=True)
class Attachment:
    """One attachment. filename_style: rfc2231 (filename*=), rfc2231-continuation
    (filename*0*=…), rfc2047 (B words in quotes, as Outlook and Foxmail do),
    rfc2047-q, raw (8-bit bytes in filename_charset), name-only (only on
    Content-Type), none (no name at all)."""

    filename: str | None
    content: bytes
    content_type: str = "application/octet-stream"
    filename_style: str = "rfc2231"
    filename_charset: str = "utf-8"
    inline: bool = False
    content_id: str = ""


def codec(charset: str) -> str:
    return CODECS.get(charset.lower(), charset)


def encode_words(text: str, charset: str = "utf-8", style: str = "b") -> bytes:
    """A header value: b / q (one RFC 2047 word), split (B words cut every
    few bytes, so characters straddle words, as some webmail does), raw
    (unencoded 8-bit bytes) or ascii."""
    data = text.encode(codec(charset))
    if style == "ascii" or data.isascii():
        return data
    if style == "raw":
        return data
    if style == "q":
        return b"=?%s?Q?%s?=" % (charset.encode(), _q(data))
    if style == "split":
        chunks = [data[i:i + 5] for i in range(0, len(data), 5)]
        return b"\r\n ".join(b"=?%s?B?%s?=" % (charset.encode(), base64.b64encode(chunk))
                             for chunk in chunks)
    return b"=?%s?B?%s?=" % (charset.encode(), base64.b64encode(data))


def _q(data: bytes) -> bytes:
    return b"".join(bytes([byte]) if chr(byte).isalnum() and byte < 128 else b"=%02X" % byte
                    for byte in data)


def build_message(*, subject: str, sender: str | tuple[str, str] = ("张三", "Zhang.San@Example.CN"),
                  body: str = "", attachments=(), charset: str = "utf-8",
                  date: datetime | str | None = DEFAULT_DATE, received=(),
                  message_id: str | None = "<20230928101500.12345@mail.example.cn>",
                  header_encoding: str = "b", html: str | None = None,
                  declared_charset: str | None = None, body_encoding: str = "base64",
                  forwarded: bytes | None = None, to: str = "ioh@sjtu.edu.cn",
                  extra_headers: tuple[bytes, ...] = ()) -> bytes:
    """A whole message as bytes. `charset` encodes headers and body;
    `declared_charset` is the label put on the body when it should lie;
    `received` lists Received dates, newest first (datetimes or raw strings)."""
    headers = [b"Received: " + _received(moment) for moment in received]
    headers += [b"From: " + _address(sender, charset, header_encoding),
                b"To: " + to.encode(),
                b"Subject: " + encode_words(subject, charset, header_encoding)]
    if date is not None:
        headers.append(b"Date: " + _date(date))
    if message_id is not None:
        headers.append(b"Message-ID: " + message_id.encode())
    headers += [b"MIME-Version: 1.0", *extra_headers]
    text = _text_parts(body, html, charset, declared_charset, body_encoding)
    if not attachments and forwarded is None:
        return b"\r\n".join(headers) + b"\r\n" + (text or text_part(""))
    parts = [text] if text else []
    parts += [_attachment_part(item) for item in attachments]
    if forwarded is not None:
        parts.append(b'Content-Type: message/rfc822\r\nContent-Disposition: attachment; '
                     b'filename="forward.eml"\r\n\r\n' + forwarded)
    return b"\r\n".join(headers) + b"\r\n" + multipart("mixed", parts)


def multipart(subtype: str, parts: list[bytes], boundary: str = "") -> bytes:
    """The Content-Type header and body of a multipart holding `parts`
    (each its own headers, a blank line and body)."""
    boundary = boundary or f"----=_Part_{subtype}_{random.Random(len(parts)).randrange(10**9)}"
    lines = [f'Content-Type: multipart/{subtype}; boundary="{boundary}"'.encode(), b"",
             b"This is a multi-part message in MIME format."]
    for part in parts:
        lines += [f"--{boundary}".encode(), part]
    lines += [f"--{boundary}--".encode(), b""]
    return b"\r\n".join(lines)


def text_part(text: str, subtype: str = "plain", charset: str = "utf-8",
              declared: str | None = None, encoding: str = "base64") -> bytes:
    data = text.encode(codec(charset)).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if encoding == "base64":
        payload = _base64_lines(data)
    elif encoding == "quoted-printable":
        payload = quopri.encodestring(data)
    else:
        payload = data
    label = declared or charset
    return (f"Content-Type: text/{subtype}; charset={label}\r\n"
            f"Content-Transfer-Encoding: {encoding}\r\n\r\n").encode() + payload


def _text_parts(body, html, charset, declared, encoding) -> bytes:
    plain = text_part(body, "plain", charset, declared, encoding) if body else b""
    rich = text_part(html, "html", charset, declared, encoding) if html else b""
    if plain and rich:
        return multipart("alternative", [plain, rich])
    return plain or rich


def _attachment_part(item: Attachment) -> bytes:
    disposition = b"inline" if item.inline else b"attachment"
    name = _filename_params(item)
    headers = [b"Content-Type: " + item.content_type.encode() + name.get("type", b""),
               b"Content-Transfer-Encoding: base64",
               b"Content-Disposition: " + disposition + name.get("disposition", b"")]
    if item.content_id:
        headers.append(f"Content-ID: <{item.content_id}>".encode())
    return b"\r\n".join(headers) + b"\r\n\r\n" + _base64_lines(item.content)


def _filename_params(item: Attachment) -> dict[str, bytes]:
    if item.filename is None or item.filename_style == "none":
        return {}
    charset = item.filename_charset
    data = item.filename.encode(codec(charset))
    style = item.filename_style
    if style == "rfc2231":
        value = b"; filename*=" + charset.encode() + b"''" + quote(data).encode()
    elif style == "rfc2231-continuation":
        pieces = [quote(data[i:i + 10]) for i in range(0, len(data), 10)]
        value = b"".join(
            f"; filename*{n}*={charset + chr(39) * 2 if n == 0 else ''}{piece}".encode()
            for n, piece in enumerate(pieces))
    elif style in ("rfc2047", "rfc2047-q"):
        words = encode_words(item.filename, charset, "q" if style == "rfc2047-q" else "b")
        value = b'; filename="' + words + b'"'
    elif style == "raw":
        value = b'; filename="' + data + b'"'
    else:  # name-only
        return {"type": b'; name="' + encode_words(item.filename, charset) + b'"'}
    return {"disposition": value,
            "type": b'; name="' + encode_words(item.filename, charset) + b'"'}


def _address(sender, charset: str, style: str) -> bytes:
    if isinstance(sender, str):
        return sender.encode(codec(charset))
    name, address = sender
    if not name:
        return address.encode()
    return encode_words(name, charset, style) + b" <" + address.encode() + b">"


def _date(moment: datetime | str) -> bytes:
    return (moment if isinstance(moment, str) else format_datetime(moment)).encode()


def _received(moment: datetime | str) -> bytes:
    return (b"from mail.unit.example.cn (unknown [203.0.113.7])\r\n\tby mx.sjtu.edu.cn "
            b"(Postfix) with ESMTPS id 4Rxyz;\r\n\t" + _date(moment))


def _base64_lines(data: bytes) -> bytes:
    encoded = base64.b64encode(data)
    return b"\r\n".join(encoded[i:i + LINE] for i in range(0, len(encoded), LINE)) + b"\r\n"


# --- attachment contents ----------------------------------------------------

def jpeg_bytes(size: int = 200_000, seed: int = 0) -> bytes:
    """Bytes that start and end like a JPEG and are as incompressible as one."""
    rng = random.Random(seed)
    head = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return head + rng.randbytes(max(0, size - len(head) - 2)) + b"\xff\xd9"


@functools.lru_cache(maxsize=64)
def docx_bytes(title: str = "社区慢病“三师共管”模式", paragraphs: int = 40) -> bytes:
    """A real .docx application form with the four standard sections."""
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for heading in ("一、背景与动因", "二、举措与机制", "三、成效与创新", "四、启示与展望"):
        document.add_heading(heading, level=2)
        for number in range(paragraphs // 4):
            document.add_paragraph(f"{heading[2:]}第{number + 1}段：本区围绕健康治理，"
                                   "建立了家庭医生、专科医生和健康管理师协同的服务机制。" * 3)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def typical_message(number: int = 0, charset: str = "gb2312", header_encoding: str = "b") -> bytes:
    """What most units send: the form as .docx and two photos, base64."""
    title, unit = f"社区慢病三师共管模式{number}", "上海市示例区卫生健康委员会"
    return build_message(
        subject=f"{title}+{unit}", sender=("示例区卫健委", f"unit{number}@example.cn"),
        body="您好！附件是我单位的案例申报书及佐证材料，请查收。", charset=charset,
        header_encoding=header_encoding,
        message_id=f"<{number}.20230928@mail.example.cn>",
        received=[DEFAULT_DATE + timedelta(minutes=1)],
        attachments=[Attachment(f"{title}申报书.docx", docx_bytes(title), DOCX,
                                filename_charset=charset),
                     Attachment("现场照片1.jpg", jpeg_bytes(200_000, number), "image/jpeg",
                                filename_charset=charset),
                     Attachment("现场照片2.jpg", jpeg_bytes(200_000, number + 1), "image/jpeg",
                                filename_charset=charset)])
