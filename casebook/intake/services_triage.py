"""The secretariat's decisions on a message the pipeline could not settle
(status quarantined): attach it to a unit's case, reject it, or give a message
that found no call to one. Each decision locks the message row, checks it is
still waiting, and leaves an audit event; none is taken twice.

Attaching reuses the pipeline (services.py) with the title and unit a person
confirmed: the same reading of the message, the same case creation
(`_accept`) or new material (`_update`), the same evidence storage and reply.
"""

from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from casebook.calls.models import Call
from casebook.core.services import record_event
from casebook.documents.parsing import STANDARD_SECTIONS, ParsedForm
from casebook.notifications.models import Notification
from casebook.notifications.services import queue_email
from casebook.organizations import credit_code as credit_codes
from casebook.organizations.selectors import matching_unit
from casebook.submissions.models import Case

from . import services as pipeline
from .decoding import decode_message
from .enums import MessageStatus
from .models import InboundMessage
from .reading import read_submission
from .replies import reply_body, reply_subject
from .routing import is_automatic


def _lock_waiting(message: InboundMessage) -> InboundMessage:
    """The message row locked, if it still waits for a person; else a Chinese refusal
    (someone else decided meanwhile, in another tab or another process)."""
    locked = InboundMessage.objects.select_for_update(of=("self",)).select_related("call").get(pk=message.pk)
    if locked.status != MessageStatus.QUARANTINED:
        raise ValidationError(_("这封来信已处理（%(status)s），无需再处理。")
                              % {"status": locked.get_status_display()})
    return locked


def _settle(message: InboundMessage, *, status: str, actor, reason: str, **fields) -> None:
    before = message.status
    message.status, message.reason, message.handled_by = status, reason, actor
    message.processed_at = timezone.now()
    for name, value in fields.items():
        setattr(message, name, value)
    message.save(update_fields=["status", "reason", "handled_by", "processed_at", "updated_at",
                                *fields])
    return before


# --- Assign to a call ------------------------------------------------------------------


def assign_message(*, message: InboundMessage, call, actor) -> InboundMessage:
    """Give a waiting message to `call`: it then waits in that call's inbox for
    its secretariat to attach or reject. Side effects: `message.call` written,
    AuditEvent `intake.assigned` with the call before and after."""
    with transaction.atomic():
        message = _lock_waiting(message)
        if message.call_id == call.pk:
            raise ValidationError(_("这封来信已在“%(call)s”的收件箱中。") % {"call": call.title})
        before = message.call.slug if message.call else None
        message.call = call
        message.save(update_fields=["call", "updated_at"])
        record_event(actor=actor, action="intake.assigned", subject=message, call=call,
                     before=before, after=call.slug)
    return message


# --- Reject -------------------------------------------------------------------------------


def reject_message(*, message: InboundMessage, actor, reason: str,
                   reply: bool = False) -> InboundMessage:
    """Turn a waiting message down (spam, not a submission, another competition's).

    Side effects: status quarantined → rejected with `reason`, `handled_by`,
    AuditEvent `intake.rejected` (reason, whether a reply went out); with
    `reply`, a Chinese email to the sender naming the reason, queued once per
    message (key `intake-reject:<pk>`).
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("退回必须写明理由。"))
    with transaction.atomic():
        message = _lock_waiting(message)
        if reply and not message.sender:
            raise ValidationError(_("这封来信没有可回复的发件人地址，请取消“同时发邮件告知发件人”。"))
        before = _settle(message, status=MessageStatus.REJECTED, actor=actor, reason=reason)
        record_event(actor=actor, action="intake.rejected", subject=message, call=message.call,
                     before=before, after=MessageStatus.REJECTED.value, reason=reason,
                     replied=reply)
        if reply:
            _queue_rejection(message)
    return message


def _queue_rejection(message: InboundMessage) -> None:
    organiser = message.call.title if message.call else settings.CASEBOOK_SITE_NAME
    subject = _("【%(organiser)s】来信未予受理：%(subject)s") % {
        "organiser": organiser, "subject": message.subject or _("（无主题）")}
    body = render_to_string("intake/reject_reply.txt", {"message": message,
                                                          "organiser": organiser})
    queue_email(key=f"intake-reject:{message.pk}", to=message.sender, subject=subject[:200],
                body=body, call=message.call)


# --- Attach to a unit: a new case, or material for the unit's case ----------------------


def attach_to_unit(*, message: InboundMessage, call, actor, title: str, unit_name: str,
                   credit_code: str = "", case_number: str = "") -> InboundMessage:
    """The attach form's decision: the unit found by its credit code or name
    (`matching_unit`), else registered unconfirmed from what the secretariat
    typed and the form says of it; the case by its number when one is given.
    Then `resolve_quarantined`, all in one transaction.

    Side effects: those of `resolve_quarantined`; the unit's Organization and
    AuditEvent `organization.received_by_email` when it is new.
    """
    reading = _reading(message, call)
    code = credit_codes.normalise(credit_code)
    with _settling(reading):
        message = _lock_waiting(message)  # before a unit is registered for it
        unit = _unit(name=unit_name, credit_code=code)
        case = _case(call=call, number=case_number, unit=unit, unit_name=unit_name)
        if unit is None:
            submission = reading.submission
            submission.unit, submission.credit_code = unit_name, code
            unit = pipeline._register_unit(message, submission)
        return _resolve(message=message, call=call, title=title, organization=unit,
                        actor=actor, case=case, reading=reading)


def resolve_quarantined(*, message: InboundMessage, call, title: str, organization, actor,
                        case: Case | None = None) -> InboundMessage:
    """Settle a waiting message of `call` as `organization`'s case `title`: a
    new case (accepted), or new material for `case` of that unit (updated).

    The message is read again as the pipeline reads it and settled by the
    pipeline's own steps, with the confirmed title and unit. A new case needs
    no readable form (the secretariat may take a scanned one): its sections
    then stay empty and eligibility says so. Refusals are Chinese
    ValidationErrors and change nothing: the message no longer waiting, a case
    of another unit or call, a same-titled case of the unit when a new one is
    asked for, material that cannot be added (the pipeline's reason).

    Side effects: those of the pipeline's accepted / updated outcome (case and
    its events, evidence files, `intake.accepted`/`intake.updated`, the reply
    when none went out before); `handled_by`; AuditEvent `intake.resolved`
    (before/after, case, title, unit); when the sender was already answered
    that the mail waits for a person, a second reply with the case number
    (key `intake-resolved:<pk>`).
    """
    reading = _reading(message, call)
    with _settling(reading):
        return _resolve(message=message, call=call, title=title, organization=organization,
                        actor=actor, case=case, reading=reading)


@contextmanager
def _settling(reading):
    """One transaction; the evidence files it wrote are deleted again if it rolls back."""
    try:
        with transaction.atomic():
            yield
    except BaseException:
        pipeline._forget_files(reading.written)
        raise


def _reading(message: InboundMessage, call) -> "pipeline.Reading":
    """The message read as the pipeline reads it (outside any transaction: it is slow)."""
    raw = pipeline._read_raw(message)
    decoded = decode_message(raw)
    sections = list(call.sections.all()) or STANDARD_SECTIONS
    return pipeline.Reading(raw=raw, decoded=decoded, call=call,
                            submission=read_submission(decoded, sections=sections))


def _unit(*, name: str, credit_code: str):
    unit = matching_unit(name=name, credit_code=credit_code)
    if unit and credit_code and unit.credit_code and unit.credit_code != credit_code:
        raise ValidationError(_("单位“%(unit)s”登记的统一社会信用代码为 %(code)s，与填写的 %(typed)s 不一致。")
                              % {"unit": unit.name, "code": unit.credit_code, "typed": credit_code})
    return unit


def _case(*, call, number: str, unit, unit_name: str) -> Case | None:
    if not number:
        return None
    case = Case.objects.filter(call=call, number=number).select_related("lead_organization").first()
    if case is None:
        raise ValidationError(_("本活动没有编号为 %(number)s 的案例。") % {"number": number})
    if unit is None or case.lead_organization_id != unit.pk:
        raise ValidationError(_("案例 %(number)s 的申报单位是“%(lead)s”，不是“%(unit)s”。") % {
            "number": number, "lead": case.lead_organization.name, "unit": unit_name})
    return case


def _resolve(*, message, call, title: str, organization, actor, case, reading) -> InboundMessage:
    message = _lock_waiting(message)
    if message.call_id != call.pk:
        raise ValidationError(_("这封来信不在“%(call)s”的收件箱中。") % {"call": call.title})
    call = Call.objects.select_for_update().get(pk=call.pk)  # as the pipeline: one decider per call
    # A message set aside before it was read (the pipeline gave up on it) has
    # no sender, subject or arrival time on its row yet.
    pipeline._describe_message(message, reading.decoded, call)
    submission = reading.submission
    submission.title, submission.unit = title, organization.name
    answered = Notification.objects.filter(key=f"intake-reply:{message.pk}").exists()
    if case is None:
        outcome = _new_case(message, call, organization, reading)
    else:
        outcome = pipeline._update(message, case, reading, pipeline._details(submission))
    if outcome.status not in (MessageStatus.ACCEPTED, MessageStatus.UPDATED):
        raise ValidationError(outcome.reason)
    message = outcome.message
    message.handled_by = actor
    message.save(update_fields=["handled_by", "updated_at"])
    record_event(actor=actor, action="intake.resolved", subject=message, call=call,
                 before=MessageStatus.QUARANTINED.value, after=str(outcome.status),
                 case=message.case.number, title=message.case.title, unit=organization.name)
    if answered:
        _queue_resolved_reply(message, reading)
    return message


def _new_case(message, call, organization, reading):
    submission = reading.submission
    same = pipeline._same_case(call, organization, submission.title)
    if same is not None and same.number:
        raise ValidationError(_("“%(unit)s”在本活动已有同名案例 %(number)s。如果这封来信是补充材料，"
                                "请在“补充到已有案例”中填写 %(number)s。")
                              % {"unit": organization.name, "number": same.number})
    if submission.form is None:  # no readable form: the case starts without section texts
        submission.form = ParsedForm(title=submission.title, unit=organization.name)
    return pipeline._accept(message, call, organization, same, reading,
                            pipeline._details(submission))


def _queue_resolved_reply(message: InboundMessage, reading) -> None:
    if is_automatic(reading.raw, sender=message.sender) or not message.sender:
        return
    queue_email(key=f"intake-resolved:{message.pk}", to=message.sender,
                subject=reply_subject(message)[:200],
                body=reply_body(message, reading.decoded.sender_name), call=message.call)
