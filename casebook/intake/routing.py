"""What the delivery headers say, read straight from the raw bytes: the
Message-ID (stored with the raw message before any decoding), the addresses
a message was sent to (which call's 申报邮箱 it reached) and whether it was
sent by a machine (a bounce or an out-of-office reply is never answered, so
that two robots cannot write to each other forever)."""

import re
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses

from .headers import clean_message_id

HEADER_END = re.compile(rb"\r?\n\r?\n")
MESSAGE_ID_HEADER = re.compile(rb"^message-id:[ \t]*((?:.*)(?:\r?\n[ \t].*)*)", re.IGNORECASE | re.MULTILINE)
MAX_MESSAGE_ID = 500
RECIPIENT_HEADERS = ("to", "cc", "delivered-to", "x-original-to", "envelope-to")
MACHINE_SENDERS = re.compile(r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)@", re.IGNORECASE)
BULK_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}


def header_block(raw: bytes) -> bytes:
    end = HEADER_END.search(raw)
    return raw[:end.start()] if end else raw


def quick_message_id(raw: bytes) -> str:
    """The Message-ID without <>, "" when there is none (or it is unreadable)."""
    found = MESSAGE_ID_HEADER.search(header_block(raw))
    if not found:
        return ""
    try:
        return clean_message_id(found.group(1))[:MAX_MESSAGE_ID]
    except Exception:  # a header that odd is for the decoder to report, not for storing
        return ""


def _headers(raw: bytes):
    return BytesHeaderParser(policy=compat32).parsebytes(header_block(raw) + b"\n\n")


def recipients(raw: bytes) -> list[str]:
    """Lower-case addresses from To, Cc and the delivery headers, in order, once each."""
    headers = _headers(raw)
    values = [str(value) for name in RECIPIENT_HEADERS for value in headers.get_all(name, [])]
    addresses = (address.strip().lower() for _name, address in getaddresses(values))
    return list(dict.fromkeys(address for address in addresses if "@" in address))


def is_automatic(raw: bytes, *, sender: str) -> bool:
    """A bounce, an auto-reply or list mail (RFC 3834): not to be answered."""
    headers = _headers(raw)
    auto = str(headers.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(headers.get("Precedence", "")).strip().lower()
    return (auto not in ("", "no") or precedence in BULK_PRECEDENCE
            or str(headers.get("Return-Path", "")).strip() == "<>"
            or headers.get("X-Autoreply") is not None
            or bool(MACHINE_SENDERS.match(sender or "")))
