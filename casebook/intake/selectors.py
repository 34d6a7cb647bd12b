"""Reads for the intake pipeline: which call a message is for, what waits to be processed."""

from django.db.models import QuerySet

from casebook.calls.models import Call

from .enums import MessageStatus
from .models import InboundMessage


def call_for_addresses(addresses: list[str]) -> Call | None:
    """The call whose 申报邮箱 (Call.intake_emails) is one of `addresses`, the
    first address that names one deciding; None when none does."""
    wanted = [address.strip().lower() for address in addresses if address.strip()]
    if not wanted:
        return None
    by_address = {}
    for call in Call.objects.exclude(intake_emails=[]).order_by("-opens_at", "pk"):
        for address in call.intake_emails or []:
            by_address.setdefault(str(address).strip().lower(), call)
    return next((by_address[address] for address in wanted if address in by_address), None)


def pending_messages(*, call: Call | None = None) -> QuerySet[InboundMessage]:
    """Messages stored but not settled (a run was killed, or is running), oldest first."""
    messages = InboundMessage.objects.filter(status=MessageStatus.PENDING)
    if call is not None:
        messages = messages.filter(call=call)
    return messages.order_by("pk")
