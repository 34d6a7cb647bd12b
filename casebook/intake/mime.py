"""A message's MIME tree, built fast.

The stdlib feedparser reads a whole message line by line: 15 ms for the
typical submission (a form and two photos, 600 KB of base64), most of
intake's time. This splitter finds header ends and boundaries with byte
searches and gives only each part's header block to the stdlib parser, so
the tree is the same compat32 Message tree, with the same leniency about
broken structure (missing boundaries are recorded as the same defects).
decoding.py falls back to the stdlib parser should this one ever fail.
"""

import itertools
import re
from email import errors
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32

HEADER_END = re.compile(rb"\r?\n\r?\n")
HEADER_LINE = re.compile(rb"From |[\x21-\x39\x3b-\x7e]*:|[\t ]")  # the stdlib's own test
NEWLINE, CARRIAGE_RETURN = ord("\n"), ord("\r")
MAX_DEPTH = 30
FORWARDED = {"message/rfc822", "message/global"}
_headers = BytesHeaderParser(policy=compat32)


def parse_message(raw: bytes, depth: int = 0) -> Message:
    head, body, cut_short = _split_headers(raw)
    message = _headers.parsebytes(head)
    if cut_short:
        message.defects.append(errors.MissingHeaderBodySeparatorDefect())
    if depth >= MAX_DEPTH:
        message.set_payload(_text(body))
        return message
    content_type = message.get_content_type()
    if content_type.startswith("multipart/"):
        _set_parts(message, body, depth)
    elif content_type in FORWARDED and not _encoded(message):
        message.set_payload([parse_message(body, depth + 1)])
    else:
        message.set_payload(_text(body))
    return message


def _split_headers(raw: bytes) -> tuple[bytes, bytes, bool]:
    """The header block (with a final line break), the body, and whether a
    line that is no header ended the headers early (it starts the body then,
    as in the stdlib parser)."""
    if raw.startswith((b"\n", b"\r\n")):  # no headers at all
        return b"", raw.split(b"\n", 1)[1], False
    end = HEADER_END.search(raw)
    head_end = end.start() if end else len(raw)
    position = 0
    while position < head_end:
        line_end = raw.find(b"\n", position, head_end)
        line_end = head_end if line_end < 0 else line_end
        if not HEADER_LINE.match(raw, position, line_end):
            return raw[:position], raw[position:], True
        position = line_end + 1
    return raw[:head_end] + b"\n", raw[end.end():] if end else b"", False


def _set_parts(message: Message, body: bytes, depth: int) -> None:
    boundary = message.get_boundary()
    delimiters = _delimiters(body, b"--" + _bytes(boundary)) if boundary else []
    if not delimiters:  # read as one text part, with the stdlib parser's defects
        message.defects += [errors.StartBoundaryNotFoundDefect() if boundary
                            else errors.NoBoundaryInMultipartDefect(),
                            errors.MultipartInvariantViolationDefect()]
        message.set_payload(_text(body))
        return
    parts = [parse_message(body[start:end], depth + 1)
             for (_, start, _), (end, _, _) in itertools.pairwise(delimiters)]
    _, last_end, closed = delimiters[-1]
    if not closed:  # the last part runs to the end, as the stdlib parser reads it
        message.defects.append(errors.CloseBoundaryNotFoundDefect())
        rest = body[last_end:]
        parts.append(parse_message(rest[:len(rest) - len(_line_break(rest))], depth + 1))
    message.set_payload(parts)


def _delimiters(body: bytes, marker: bytes) -> list[tuple[int, int, bool]]:
    """(start with the line break before it, start of the next line, is the
    close delimiter) for each delimiter line, up to the close delimiter.
    bytes.find, not a regex: a regex starting with an alternation tries every
    position of the 600 KB body."""
    found: list[tuple[int, int, bool]] = []
    position = 0
    while (index := body.find(marker, position)) >= 0:
        position = index + len(marker)
        if index and body[index - 1] != NEWLINE:
            continue
        line_end = body.find(b"\n", position)
        line_end = len(body) if line_end < 0 else line_end
        rest = body[position:line_end].rstrip(b"\r")
        closed = rest.startswith(b"--")
        if rest[2 if closed else 0:].strip(b" \t"):
            continue  # a longer boundary that starts with this one
        start = max(index - 1, 0)
        start -= start > 0 and body[start - 1] == CARRIAGE_RETURN
        found.append((start, line_end + 1, closed))
        if closed:
            break
        position = line_end
    return found


def _line_break(text: bytes) -> bytes:
    return next((end for end in (b"\r\n", b"\n") if text.endswith(end)), b"")


def _encoded(message: Message) -> bool:
    """A forwarded message sent in base64 (against RFC 2046, but seen): its
    bytes are only readable once decoded, so it stays a leaf here."""
    return message.get("content-transfer-encoding", "").strip().lower() in ("base64",
                                                                           "quoted-printable")


def _text(body: bytes) -> str:
    return body.decode("ascii", "surrogateescape")


def _bytes(boundary: str) -> bytes:
    return boundary.encode("utf-8", "surrogateescape")  # raw 8-bit bytes come back as they were
