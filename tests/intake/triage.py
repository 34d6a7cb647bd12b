"""Helpers for the inbox page tests (tests/intake/test_triage_*.py): messages
already stored, as the pipeline leaves them."""

import hashlib

from django.core.files.base import ContentFile

from casebook.intake.decoding import decode_message
from casebook.intake.enums import MessageStatus
from casebook.intake.models import InboundMessage

from .mails import build_message


def stored_message(raw: bytes | None = None, *, call, status=MessageStatus.QUARANTINED,
                   reason: str = "", **fields) -> InboundMessage:
    """`raw` (by default a small message with a unique subject) stored as a
    row of `call` in `status`, its headers read by the decoder unless `fields`
    say otherwise (data, like a factory)."""
    raw = raw or build_message(subject=f"来信{InboundMessage.objects.count() + 1}",
                               message_id=None)
    decoded = decode_message(raw)
    digest = hashlib.sha256(raw).hexdigest()
    described = {"message_id": decoded.message_id, "sender": decoded.sender,
                 "subject": decoded.subject, "received_at": decoded.received_at}
    message = InboundMessage(
        call=call, source="maildir:/srv/mail", source_key=f"new/{digest[:8]}", sha256=digest,
        size=len(raw), status=status, reason=reason, **{**described, **fields})
    message.raw.save("raw.eml", ContentFile(raw), save=False)
    message.save()
    return message
