"""The automatic answer to a unit's email: what became of it, in Chinese.

Queued through the notification outbox with the key `intake-reply:<message pk>`,
so one message is answered once however often it is processed. Mail sent by
machines (bounces, out-of-office replies) and mail without a usable sender
address gets no answer.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from casebook.submissions.eligibility import unit_deadline
from casebook.submissions.enums import AttachmentKind

from .enums import MessageStatus
from .models import InboundMessage


def queue_reply(*, message: InboundMessage, automatic: bool, sender_name: str = ""):
    """Queue the answer to `message` (settled as accepted, updated or
    quarantined); None when it gets none. Side effects: a Notification, sent
    once the transaction commits."""
    from casebook.notifications.services import queue_email

    if automatic or message.status not in ANSWERED or not _deliverable(message.sender):
        return None
    return queue_email(key=f"intake-reply:{message.pk}", to=message.sender,
                       subject=reply_subject(message)[:200], body=reply_body(message, sender_name),
                       call=message.call)


ANSWERED = {MessageStatus.ACCEPTED, MessageStatus.UPDATED, MessageStatus.QUARANTINED}


def _deliverable(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def reply_subject(message: InboundMessage) -> str:
    organiser = message.call.title if message.call else settings.CASEBOOK_SITE_NAME
    case = message.case
    if message.status == MessageStatus.ACCEPTED:
        return _("【%(organiser)s】邮件申报回执：%(number)s %(title)s") % {
            "organiser": organiser, "number": case.number, "title": case.title}
    if message.status == MessageStatus.UPDATED:
        return _("【%(organiser)s】已补充材料：%(number)s %(title)s") % {
            "organiser": organiser, "number": case.number, "title": case.title}
    return _("【%(organiser)s】邮件申报未能自动登记：%(subject)s") % {
        "organiser": organiser, "subject": message.subject or _("（无主题）")}


def reply_body(message: InboundMessage, sender_name: str = "") -> str:
    outcome = message.outcome or {}
    case = message.case
    problems = case.problems.filter(overridden_at__isnull=True) if case else []
    deadline = unit_deadline(case) if case else None
    context = {
        "message": message, "status": message.status, "call": message.call, "case": case,
        "sender_name": sender_name, "title": outcome.get("title", ""),
        "unit": outcome.get("unit", ""), "reason": message.reason,
        "received_at": timezone.localtime(message.received_at) if message.received_at else None,
        "replaced": outcome.get("replaced_titles", []),
        "stored": [{**item, "kind_label": AttachmentKind(item["kind"]).label}
                   for item in outcome.get("attachments", [])] if case else [],
        "refused": outcome.get("refused", []),
        "problems": problems,
        "late": (message.status == MessageStatus.UPDATED and deadline is not None
                 and message.received_at is not None and message.received_at > deadline),
    }
    return render_to_string("intake/email/reply.txt", context)
