"""Email intake: every message is stored raw first, then becomes a new case,
new material for a case, a duplicate, or a message for a person.

Nothing received is lost and nothing is counted twice, even when a run is
killed at any point:

1. `receive_raw` writes the bytes (named by their SHA-256) and the
   InboundMessage row (pending) in its own transaction, before anything reads
   them. The same bytes again find that row (SHA-256 is unique).
2. `process_message` counts the attempt (its own transaction), decodes and
   reads the message (pure, outside any transaction), then settles it in ONE
   transaction: case, evidence, audit events, reply and the message's status
   commit together or not at all. A killed run leaves the message pending;
   the next run processes it again from the start. A message that keeps
   killing its runs is set aside for a person after MAX_ATTEMPTS.
3. Within the transaction the call's row is locked first, so two processes
   deciding about mail of one call (new case or material for an existing one,
   a Message-ID seen before, a unit to register) take turns.

A message that cannot become a case is quarantined with a Chinese reason for
the triage page; an unexpected error does the same. Only a database failure
propagates (the message stays pending for the next run).
"""

import dataclasses
import datetime as dt
import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from casebook.calls.models import Call, Domain
from casebook.core.regions import Province
from casebook.core.services import record_event
from casebook.documents.parsing import STANDARD_SECTIONS
from casebook.organizations import credit_code as credit_codes
from casebook.organizations.models import Organization, UnitType, normalise_name
from casebook.organizations.selectors import matching_unit
from casebook.submissions.eligibility import count_chars
from casebook.submissions.enums import AttachmentKind, CaseStatus, Channel
from casebook.submissions.models import Attachment, Case

from .decoding import decode_message
from .enums import MessageStatus
from .message import DecodedMessage
from .models import InboundMessage, raw_message_path
from .reading import Evidence, Submission, read_submission, title_key
from .replies import queue_reply
from .routing import is_automatic, quick_message_id, recipients
from .selectors import call_for_addresses
from .sources import RawMessage, location

logger = logging.getLogger(__name__)

# Runs that may die on one message (a run killed, memory exhausted) before a person looks at it.
MAX_ATTEMPTS = 5
SETTLED = {MessageStatus.ACCEPTED, MessageStatus.UPDATED, MessageStatus.DUPLICATE,
           MessageStatus.QUARANTINED, MessageStatus.REJECTED}


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What became of one message, as `casebook intake --json` reports it."""

    message: InboundMessage
    status: str
    reason: str = ""
    location: str = ""

    def as_json(self) -> dict:
        details = self.message.outcome or {}
        case = self.message.case
        return {
            "source": self.location or location(self.message.source, self.message.source_key),
            "message_id": self.message.message_id,
            "status": MessageStatus(self.status).value,
            "case_number": case.number if case and case.number else None,
            "title": details.get("title", ""),
            "unit": details.get("unit", ""),
            "sections": details.get("sections", {}),
            "attachments": details.get("attachments", []),
            "reason": self.reason or None,
        }


def _settled(message: InboundMessage) -> Outcome:
    return Outcome(message, message.status, message.reason)


# --- 1. Store first ------------------------------------------------------------------------


def receive_raw(*, raw: bytes, source: str, source_key: str = "", call=None,
                arrived_at: dt.datetime | None = None) -> tuple[InboundMessage, bool]:
    """Keep one received message exactly as it came, before anything reads it.

    Returns the message and whether it is new; the same bytes again (from any
    source) return the message stored first. `arrived_at` is when the mailbox
    says it arrived (IMAP INTERNALDATE), kept for messages that carry neither
    a Received nor a Date header. Side effects: the bytes written through the
    storage API as inbound/<sha256[:2]>/<sha256>.eml (content-addressed, so a
    write a killed run left half done is written again), the InboundMessage
    row (pending, Message-ID read from the header) in its own transaction.
    """
    sha256 = hashlib.sha256(raw).hexdigest()
    existing = InboundMessage.objects.filter(sha256=sha256).first()
    if existing is not None:
        return existing, False
    message = InboundMessage(call=call, source=source[:300], source_key=source_key[:300],
                             sha256=sha256, size=len(raw), message_id=quick_message_id(raw),
                             received_at=arrived_at, status=MessageStatus.PENDING)
    message.raw.name = _store_raw(message, raw)
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:  # another process stored the same bytes a moment ago
        return InboundMessage.objects.get(sha256=sha256), False
    return message, True


def _store_raw(message: InboundMessage, raw: bytes) -> str:
    storage = InboundMessage._meta.get_field("raw").storage
    name = raw_message_path(message, "")
    if storage.exists(name):
        if storage.size(name) == len(raw):
            return name
        storage.delete(name)  # cut short by a killed run
    return storage.save(name, ContentFile(raw))


# --- 2. Process -------------------------------------------------------------------------------


def ingest(*, raw_message: RawMessage, call=None) -> Outcome:
    """Store one message and settle it: `receive_raw`, then `process_message`.

    A message stored and settled before comes out as a duplicate (nothing is
    written); one a killed run left pending is processed now.
    """
    message, created = receive_raw(raw=raw_message.raw, source=raw_message.source,
                                   source_key=raw_message.source_key, call=call,
                                   arrived_at=raw_message.arrived_at)
    if not created and message.status != MessageStatus.PENDING:
        return Outcome(message, MessageStatus.DUPLICATE, _same_bytes_reason(message),
                       location=raw_message.location)
    return settle(message, raw_message, call=call)


def settle(message: InboundMessage, raw_message: RawMessage, *, call=None,
           reading: "Reading | Unread | None" = None) -> Outcome:
    """`process_message` for `raw_message`, stored as `message`; the outcome says where it came from."""
    outcome = process_message(message=message, call=call, raw=raw_message.raw, reading=reading)
    return dataclasses.replace(outcome, location=raw_message.location)


def _same_bytes_reason(message: InboundMessage) -> str:
    if message.case and message.case.number:
        return _("与已收到的第%(pk)d号来信内容完全相同（%(status)s，%(case)s）。") % {
            "pk": message.pk, "status": message.get_status_display(), "case": message.case.number}
    return _("与已收到的第%(pk)d号来信内容完全相同（%(status)s）。") % {
        "pk": message.pk, "status": message.get_status_display()}


def process_message(*, message: InboundMessage, call=None, raw: bytes | None = None,
                    reading: "Reading | Unread | None" = None) -> Outcome:
    """Settle a pending message: accepted (a new case), updated (material for
    the call's case with the same title and unit), duplicate (a Message-ID
    already settled) or quarantined (with the Chinese reason).

    `call` is the call the message was sent for; without one, the call whose
    申报邮箱 it was addressed to. A settled message is returned as it is.
    `reading`: the message already read (`read_message`, in a process of
    `batch.ingest_all`), or why it could not be; read again here if it was
    read for another call than the one found now.
    Side effects: `attempts` counted in its own transaction; then in one
    transaction: the message's fields and status, AuditEvent `intake.<status>`,
    for accepted the case (save_case, record_case_received: number, channel
    email, submitted at the message's arrival, eligibility) and a unit
    registered unconfirmed if none matches, for updated the case's sections
    (`revise_received_case`), evidence files (`store_attachments`, after the
    deadline too), and the reply to the sender (`replies.queue_reply`).
    """
    with translation.override(settings.LANGUAGE_CODE):
        message, claimed = _claim(message)
        if not claimed:
            return _settled(message)
        if message.attempts > MAX_ATTEMPTS:
            return _give_up(message, _("处理这封邮件已中断%(count)d次，可能邮件或附件有问题，"
                                       "已保留原始邮件，请人工处理。") % {"count": message.attempts - 1})
        try:
            raw = raw if raw is not None else _read_raw(message)
            reading = _read(raw, call or message.call or call_for_addresses(recipients(raw)), reading)
        except Exception as error:  # a decoder or parser bug must not lose the message
            logger.exception("intake: could not read message %s", message.pk)
            return _give_up(message, _("邮件无法解析（%(error)s），已保留原始邮件，请人工处理。")
                            % {"error": _describe(error)})
        try:
            with transaction.atomic():
                return _settle(message, reading)
        except DatabaseError:
            _forget_files(reading.written)
            raise
        except Exception as error:
            _forget_files(reading.written)
            logger.exception("intake: could not settle message %s", message.pk)
            return _give_up(message, _("处理邮件时出错（%(error)s），已保留原始邮件，请人工处理。")
                            % {"error": _describe(error)}, reading=reading)


def _read(raw: bytes, call, ahead: "Reading | Unread | None") -> "Reading":
    """The reading done ahead when it was done for `call`, else the message read now."""
    if ahead is None or _pk(ahead.call) != _pk(call):
        return read_message(raw, call)
    if isinstance(ahead, Unread):
        raise ahead.error
    return ahead


def _pk(call) -> int | None:
    return call.pk if call is not None else None


def read_message(raw: bytes, call, *, sections=None) -> "Reading":
    """Decode and read `raw` for `call`: no database but the call's sections
    (pass them as `sections` to read without one, as `batch` does)."""
    decoded = decode_message(raw)
    submission = read_submission(decoded, sections=sections_of(call) if sections is None else sections)
    return Reading(raw=raw, decoded=decoded, submission=submission, call=call)


@dataclasses.dataclass(frozen=True)
class Reading:
    """Everything read from one message, before the database is asked anything."""

    raw: bytes
    decoded: DecodedMessage
    submission: Submission
    call: Call | None
    # Evidence files written in the transaction: deleted again if it rolls back.
    written: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True)
class Unread:
    """A message whose reading ahead for `call` failed with `error`."""

    call: Call | None
    error: Exception


def _forget_files(names: list[str]) -> None:
    storage = Attachment._meta.get_field("file").storage
    for name in filter(None, names):
        try:
            storage.delete(name)
        except OSError:
            logger.warning("intake: could not delete %s after a rollback", name, exc_info=True)


def _claim(message: InboundMessage) -> tuple[InboundMessage, bool]:
    with transaction.atomic():
        locked = InboundMessage.objects.select_for_update().get(pk=message.pk)
        if locked.status != MessageStatus.PENDING:
            return locked, False
        locked.attempts += 1
        locked.save(update_fields=["attempts", "updated_at"])
    return locked, True


def _read_raw(message: InboundMessage) -> bytes:
    with message.raw.open("rb") as file:
        return file.read()


def sections_of(call):
    """The sections a message for `call` is read with: the call's own, else the standard form's."""
    return (list(call.sections.all()) if call else []) or STANDARD_SECTIONS


class ReadingFailed(Exception):
    """A message could not be read for a reason its text tells people (Chinese)."""


def _describe(error: Exception) -> str:
    if isinstance(error, ReadingFailed):
        return str(error)[:300]
    return f"{type(error).__name__}: {error}"[:300]  # a bug: the name helps whoever fixes it


def _give_up(message: InboundMessage, reason: str, *, reading: "Reading | None" = None) -> Outcome:
    """Quarantine `message` with `reason` when it could not be processed at all;
    what was read of it (sender, subject) is kept for the person who looks."""
    with transaction.atomic():
        locked = InboundMessage.objects.select_for_update().get(pk=message.pk)
        if locked.status != MessageStatus.PENDING:
            return _settled(locked)
        if reading is not None:
            _describe_message(locked, reading.decoded, reading.call)
        return _finish(locked, MessageStatus.QUARANTINED, reason=reason,
                       details=_details(reading.submission) if reading else None)


def _finish(message: InboundMessage, status: str, *, reason: str = "", case=None,
            details: dict | None = None, reading: "Reading | None" = None) -> Outcome:
    """Write the message's settled state, its audit event and the reply."""
    message.status, message.reason, message.case = status, reason, case
    if details is not None:
        message.outcome = details
    message.processed_at = timezone.now()
    message.save()
    record_event(actor=None, action=f"intake.{status}", subject=message, call=message.call,
                 case=case.number if case else "", reason=reason)
    if reading is not None and status != MessageStatus.DUPLICATE:
        queue_reply(message=message, sender_name=reading.decoded.sender_name,
                    automatic=is_automatic(reading.raw, sender=message.sender))
    return _settled(message)


# --- Deciding (in the message's transaction) ---------------------------------------------------


def _settle(message: InboundMessage, reading: Reading) -> Outcome:
    message = InboundMessage.objects.select_for_update().get(pk=message.pk)
    if message.status != MessageStatus.PENDING:  # another process settled it meanwhile
        return _settled(message)
    call = reading.call
    if call is not None:
        call = _with_parts_of(Call.objects.select_for_update().get(pk=call.pk), reading.call)
    _describe_message(message, reading.decoded, call)
    submission = reading.submission
    details = _details(submission)
    earlier = _same_message_id(message)
    if earlier is not None:
        return _finish(message, MessageStatus.DUPLICATE, case=earlier.case,
                       details=earlier.outcome or details, reading=reading,
                       reason=_("与已处理的第%(pk)d号来信是同一封邮件（Message-ID 相同）。")
                       % {"pk": earlier.pk})
    problem = _problem(reading, call)
    if problem:
        return _finish(message, MessageStatus.QUARANTINED, reason=problem, details=details,
                       reading=reading)
    unit = matching_unit(name=submission.unit, credit_code=submission.credit_code)
    case = _same_case(call, unit, submission.title) if unit else None
    if case is not None and case.status != CaseStatus.DRAFT:
        return _update(message, case, reading, details)
    if submission.form is None:
        return _finish(message, MessageStatus.QUARANTINED, reason=_no_form(submission),
                       details=details, reading=reading)
    return _accept(message, call, unit, case, reading, details)


# What a run reads of its call once (`with_parts`), not once per message.
CALL_PARTS = ("sections", "domains", "eligible_unit_types", "evidence_requirements")


def with_parts(call: Call | None) -> Call | None:
    """`call` with its sections, domains and eligibility rules read, for a run
    to settle all its messages with (a run started, they hold for it)."""
    return call and Call.objects.prefetch_related(*CALL_PARTS).get(pk=call.pk)


def _with_parts_of(locked: Call, known: Call) -> Call:
    """`locked` (the call's row, read again under its lock) with the parts
    `known` has read, if it has (`with_parts`)."""
    parts = getattr(known, "_prefetched_objects_cache", None)
    if parts:
        locked._prefetched_objects_cache = dict(parts)
    return locked


def _describe_message(message: InboundMessage, decoded: DecodedMessage, call) -> None:
    """What the decoded headers say, on the row (for the triage list and the reply)."""
    message.call = call
    message.message_id = (decoded.message_id or message.message_id)[:500]
    message.sender = decoded.sender[:320]
    message.subject = decoded.subject[:500]
    message.received_at = decoded.received_at or message.received_at or timezone.now()


def _details(submission: Submission) -> dict:
    """What the message holds, kept on the row to be reported again."""
    return {
        "title": submission.title, "unit": submission.unit,
        "sections": {key: count_chars(text) for key, text in submission.sections.items()},
        "attachments": [item.describe() for item in submission.evidence],
        "form": submission.form_origin, "notes": submission.notes,
    }


def _same_message_id(message: InboundMessage) -> InboundMessage | None:
    if not message.message_id:
        return None
    return (InboundMessage.objects.filter(message_id=message.message_id, status__in=SETTLED)
            .exclude(pk=message.pk).select_related("case").order_by("pk").first())


def _problem(reading: Reading, call) -> str:
    """Why no case can be made of the message, whatever the call holds; "" when one can."""
    submission = reading.submission
    if call is None:
        addresses = "、".join(recipients(reading.raw)) or _("无")
        return _("无法确定申报的评选活动：收件地址（%(addresses)s）不是任何评选活动的申报邮箱。") % {
            "addresses": addresses}
    if submission.problem:
        return submission.problem
    if not submission.title:
        return (_("无法确定案例名称：邮件主题不是“项目名称+单位名称”的格式，申报书中也没有填写案例名称。")
                if submission.form else _no_form(submission))
    if not submission.unit:
        return (_("无法确定申报单位：邮件主题中没有单位名称，申报书中也没有填写申报单位。")
                if submission.form else _no_form(submission))
    return ""


def _no_form(submission: Submission) -> str:
    if submission.form_problem:
        return _("附件中的申报书无法读取：%(reason)s") % {"reason": submission.form_problem}
    return _("邮件中没有找到案例申报书：附件中没有 Word、WPS 或 PDF 格式的申报书，正文中也没有申报书的内容。")


def _same_case(call, unit, title: str) -> Case | None:
    """The call's case of `unit` with this title (compared without spacing and
    quotes), withdrawn ones left out: new material belongs to it."""
    key = title_key(title)
    cases = call.cases.filter(lead_organization=unit).exclude(status=CaseStatus.WITHDRAWN)
    return next((case for case in cases.order_by("pk") if title_key(case.title) == key), None)


# --- Accepted: a new case ---------------------------------------------------------------------


def _accept(message, call, unit, draft, reading: Reading, details: dict) -> Outcome:
    from casebook.organizations.services import units_named
    from casebook.submissions.forms import split_unit_names
    from casebook.submissions.prefill import prefill
    from casebook.submissions.services import record_case_received, save_case

    submission = reading.submission
    unit = unit or _register_unit(message, submission)
    filled = prefill({}, submission.form, call=call).data
    case = save_case(
        call=call, organization=unit, actor=None, case=draft, title=submission.title[:200],
        co_organizations=units_named(names=split_unit_names(filled.get("co_units", "")),
                                     actor=None),
        domain=_domain(call, filled.get("domain")),
        start_date=_month(filled.get("start_month", "")), sections=submission.sections,
    )
    stored, refused = _store_evidence(case, submission.evidence, written=reading.written)
    case = record_case_received(case=case, actor=None, received_at=message.received_at,
                                channel=Channel.EMAIL)
    details = {**details, "title": case.title, "unit": unit.name, "attachments": stored,
               "refused": refused}
    return _finish(message, MessageStatus.ACCEPTED, case=case, details=details, reading=reading,
                   reason=" ".join(refused))


def _domain(call: Call, pk: str | None) -> Domain | None:
    """The call's domain the form names (`prefill` picks it among them)."""
    return next((domain for domain in call.domains.all() if str(domain.pk) == pk), None) if pk else None


def _month(text: str) -> dt.date | None:
    return dt.date.fromisoformat(f"{text}-01") if text else None


def _register_unit(message: InboundMessage, submission: Submission) -> Organization:
    """The unit the mail names, recorded unconfirmed for the secretariat to check.

    Side effects: the Organization (confirmed False) with what the form says of
    it (a valid credit code, province, unit type, contact), an AuditEvent
    `organization.received_by_email`.
    """
    fields = submission.form.fields if submission.form else {}
    code = submission.credit_code if not credit_codes.problems(submission.credit_code) else ""
    unit = Organization(
        name=submission.unit[:200], credit_code=code, confirmed=False,
        province=_province(code, fields.get("所在省份", "")),
        unit_type=_unit_type(fields.get("单位类型", "")),
        contact_name=fields.get("联系人", "")[:60], contact_phone=fields.get("联系电话", "")[:40],
        contact_email=_email(fields.get("电子邮箱", "")) or message.sender,
    )
    unit.full_clean(validate_constraints=False)
    unit.save()
    record_event(actor=None, action="organization.received_by_email", subject=unit,
                 name=unit.name, credit_code=unit.credit_code, message=message.pk)
    return unit


def _province(code: str, named: str) -> str:
    if code and code[2:4] in Province.values:
        return code[2:4]
    named = named.strip()
    if len(named) < 2:
        return ""
    return next((p.value for p in Province if named in str(p.label) or str(p.label) in named), "")


def _unit_type(name: str) -> UnitType | None:
    key = normalise_name(name)
    return next((t for t in UnitType.objects.all() if key and normalise_name(t.name) == key), None)


def _email(text: str) -> str:
    from django.core.validators import validate_email

    try:
        validate_email(text.strip())
    except ValidationError:
        return ""
    return text.strip()


def _store_evidence(case: Case, evidence: list[Evidence], *, written: list[str],
                    allow_after_deadline: bool = False) -> tuple[list[dict], list[str]]:
    """Store each file as evidence of its kind, or as 其他佐证材料 when its kind
    does not take it (照片.pdf); a file refused either way is noted, not fatal.
    The names of the files written are added to `written`."""
    from casebook.submissions.uploads import Upload, store_attachments

    uploads = [Upload(ContentFile(item.content, name=item.filename), kinds=_kinds(item.kind),
                      examined=item.inspected) for item in evidence]
    results = store_attachments(case=case, uploads=uploads, actor=None,
                                allow_after_deadline=allow_after_deadline)
    stored, refused = [], []
    for item, result in zip(evidence, results, strict=True):
        if isinstance(result, ValidationError):
            refused.append(" ".join(result.messages))
        else:
            written += [result.file.name, result.thumbnail.name]
            stored.append({**item.describe(), "kind": str(result.kind)})
    return stored, refused


def _kinds(kind: str) -> tuple[str, ...]:
    return (kind,) if kind == AttachmentKind.OTHER else (kind, AttachmentKind.OTHER)


# --- Updated: new material for a case already received ----------------------------------------


def _update(message, case: Case, reading: Reading, details: dict) -> Outcome:
    from casebook.submissions.services import ensure_case_editable, revise_received_case

    submission = reading.submission
    try:
        ensure_case_editable(case, allow_after_deadline=True)
    except ValidationError as error:
        return _finish(message, MessageStatus.QUARANTINED, details=details, reading=reading,
                       reason=_("邮件对应已登记的案例%(number)s，但%(error)s请联系组委会。") % {
                           "number": case.number, "error": " ".join(error.messages)})
    if not submission.sections and not submission.evidence:
        return _finish(message, MessageStatus.QUARANTINED, details=details, reading=reading,
                       reason=_("邮件对应已登记的案例%(number)s，但没有附件，也没有申报书内容；"
                                "请组委会阅读邮件正文后处理。") % {"number": case.number})
    changed = {key: text for key, text in submission.sections.items()
               if text.strip() != case.sections.get(key, "").strip()}
    version = None
    if changed:
        version = revise_received_case(case=case, actor=None, sections=changed,
                                       received_at=message.received_at,
                                       source=f"intake:{message.pk}")
    stored, refused = _store_evidence(case, submission.evidence, written=reading.written,
                                      allow_after_deadline=True)
    case.refresh_from_db()
    titles = {section.key: section.title for section in case.call.sections.all()}
    details = {**details, "title": case.title, "unit": case.lead_organization.name,
               "attachments": stored, "refused": refused, "version": version,
               "replaced": sorted(changed), "replaced_titles": [titles[k] for k in sorted(changed)]}
    if not changed and not stored:
        return _finish(message, MessageStatus.DUPLICATE, case=case, details=details, reading=reading,
                       reason=_("邮件内容与已登记的案例%(number)s已有的材料相同，没有新的材料。")
                       % {"number": case.number})
    return _finish(message, MessageStatus.UPDATED, case=case, details=details, reading=reading,
                   reason=" ".join(refused))
