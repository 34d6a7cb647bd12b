"""Reads for the inbox (收件箱) of a call and of the mail that found no call:
the messages with their status counts, one message taken apart for reading.

A message is fetched and its access checked in one step (404 alike for
"missing" and "not yours"). The list costs the same number of queries for one
message as for a thousand (tests/intake/test_triage_inbox.py).
"""

import json
from dataclasses import dataclass
from functools import cached_property

import magic
from django.db import models
from django.db.models import Count, F, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from casebook.calls.models import Call
from casebook.core.models import AuditEvent
from casebook.organizations.selectors import matching_unit
from casebook.submissions.models import Case
from casebook.submissions.selectors_manage import HistoryEntry, history, managed_call
from casebook.submissions.uploads import SNIFF_BYTES, type_label

from .decoding import decode_message
from .enums import MessageStatus
from .kinds import guess_evidence_kind
from .message import DecodedMessage, MailAttachment
from .models import InboundMessage
from .routing import recipients

# The tabs: the secretariat's work first, then what is still being processed,
# then what the pipeline settled.
STATUS_ORDER = [MessageStatus.QUARANTINED, MessageStatus.PENDING, MessageStatus.ACCEPTED,
                MessageStatus.UPDATED, MessageStatus.DUPLICATE, MessageStatus.REJECTED]
# A browser must never run what came by mail: these types download as plain bytes.
ACTIVE_TYPES = {"text/html", "application/xhtml+xml", "image/svg+xml", "text/xml",
                "application/xml", "application/javascript", "text/javascript"}


def inbox_call(*, slug: str, user) -> Call:
    """The call whose inbox `user` may read (its secretariat, or a superuser); 404 otherwise."""
    return managed_call(slug=slug, user=user)


def check_unassigned_inbox(user) -> None:
    """Mail that found no call is the superusers' to read and assign; 404 for anyone else."""
    if not user.has_perm("intake.triage_message", InboundMessage(call=None)):
        raise Http404


# --- The list -------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusTab:
    value: str  # "" for all messages
    label: str
    count: int
    active: bool


@dataclass(frozen=True)
class Inbox:
    messages: QuerySet[InboundMessage]
    tabs: list[StatusTab]

    @property
    def waiting(self) -> int:
        return next(tab.count for tab in self.tabs if tab.value == MessageStatus.QUARANTINED)


def _waiting_first():
    """0 for a message waiting for a person, 1 for the others."""
    return models.Case(When(status=MessageStatus.QUARANTINED, then=Value(0)), default=Value(1),
                       output_field=IntegerField())


def _text_match(q: str) -> Q:
    return (Q(sender__icontains=q) | Q(subject__icontains=q) | Q(case__number__icontains=q)
            | Q(message_id__icontains=q))


def inbox(*, call: Call | None, status: str = "", q: str = "") -> Inbox:
    """The messages of `call` (None: those that found no call), narrowed to one
    `status` and a text `q` (sender, subject, case number, Message-ID); with
    the count of every status over the text match. The messages waiting for a
    person come first, then the others; newest first within each."""
    messages = InboundMessage.objects.filter(call=call)  # call=None: IS NULL
    if q:
        messages = messages.filter(_text_match(q))
    counts = dict(messages.order_by().values_list("status").annotate(n=Count("pk")))
    tabs = [StatusTab("", _("全部"), sum(counts.values()), not status)]
    tabs += [StatusTab(s.value, s.label, counts.get(s, 0), status == s) for s in STATUS_ORDER]
    if status:
        messages = messages.filter(status=status)
    listed = (messages.select_related("case__call", "handled_by")
              .defer("outcome")
              .annotate(waiting_first=_waiting_first())
              .order_by("waiting_first", F("received_at").desc(nulls_last=True), "-pk"))
    return Inbox(messages=listed, tabs=tabs)


def unassigned_count(user) -> int:
    """How many messages of no call wait for a person, for a user who may see them (else 0)."""
    if not user.has_perm("intake.triage_message", InboundMessage(call=None)):
        return 0
    return InboundMessage.objects.filter(call__isnull=True,
                                         status=MessageStatus.QUARANTINED).count()


# --- One message -----------------------------------------------------------------------


def message_for_triage(*, call: Call | None, pk: int, user) -> InboundMessage:
    """Message `pk` of `call` (None: of no call) that `user` may triage; 404 otherwise."""
    found = get_object_or_404(
        InboundMessage.objects.select_related("call", "case", "handled_by"),
        pk=pk, call=call,
    )
    if not user.has_perm("intake.triage_message", found):
        raise Http404
    return found


@dataclass(frozen=True)
class AttachmentView:
    """One attachment of a decoded message, as the message page lists it."""

    index: int  # from 1, in the message's order
    filename: str
    size: int
    declared_type: str
    content_type: str  # sniffed from the bytes
    from_archive: str

    @property
    def type_label(self) -> str:
        return type_label(self.content_type)

    @property
    def kind_label(self) -> str:
        return guess_evidence_kind(self.filename, self.content_type).label

    @property
    def download_type(self) -> str:
        return "application/octet-stream" if self.content_type in ACTIVE_TYPES else self.content_type


def _attachment_view(index: int, item: MailAttachment) -> AttachmentView:
    content_type = magic.from_buffer(item.content[:SNIFF_BYTES], mime=True)[:100]
    return AttachmentView(index, item.filename, len(item.content), item.declared_type,
                          content_type, item.from_archive)


@dataclass(frozen=True)
class MessageContents:
    """The stored raw message decoded again (decoding is pure and deterministic)."""

    decoded: DecodedMessage
    recipients: list[str]

    @cached_property
    def attachments(self) -> list[AttachmentView]:
        return [_attachment_view(index, item)
                for index, item in enumerate(self.decoded.attachments, start=1)]

    def attachment(self, index: int) -> tuple[AttachmentView, bytes]:
        """Attachment number `index` with its bytes; 404 when there is none."""
        if not 1 <= index <= len(self.decoded.attachments):
            raise Http404
        item = self.decoded.attachments[index - 1]
        return _attachment_view(index, item), item.content


def message_contents(message: InboundMessage) -> MessageContents:
    with message.raw.open("rb") as file:
        raw = file.read()
    return MessageContents(decode_message(raw), recipients(raw))


def outcome_json(message: InboundMessage) -> str:
    """The stored outcome, indented, Chinese left readable."""
    return json.dumps(message.outcome, ensure_ascii=False, indent=2, sort_keys=True)


# What each decision on a message is called in its history; the pipeline's own
# events keep their action name when they have no label here.
ACTION_LABELS = {
    "intake.accepted": _lazy("登记为新案例"),
    "intake.updated": _lazy("补充到已有案例"),
    "intake.duplicate": _lazy("识别为重复邮件"),
    "intake.quarantined": _lazy("转人工处理"),
    "intake.assigned": _lazy("转入评选活动"),
    "intake.rejected": _lazy("退回"),
    "intake.resolved": _lazy("人工登记为案例"),
}


def message_history(message: InboundMessage) -> list[HistoryEntry]:
    """What was decided about the message, oldest first, each put into words."""
    return history(message, labels=ACTION_LABELS, detail=_event_detail)


def _event_detail(event: AuditEvent) -> str:
    """What was decided, in one line: the case, the outcome, the reason."""
    data = event.data
    parts = [str(data["case"])] if data.get("case") else []
    if event.action == "intake.resolved" and data.get("after") in MessageStatus.values:
        parts.append(str(MessageStatus(data["after"]).label))
    if event.action == "intake.assigned":
        parts.append(_("转入“%(call)s”") % {"call": data.get("after", "")})
    if data.get("reason"):
        said = _("理由：%(reason)s") if event.actor_id else _("原因：%(reason)s")
        parts.append(said % {"reason": data["reason"]})
    if data.get("replied"):
        parts.append(_("已回复发件人"))
    return "；".join(parts)


def outcome_sections(message: InboundMessage) -> list[tuple[str, int]]:
    """The section lengths the pipeline counted, named by the call's section titles."""
    counted = (message.outcome or {}).get("sections") or {}
    titles = {}
    if message.call:
        titles = {section.key: section.title for section in message.call.sections.all()}
    return [(titles.get(key, key), chars) for key, chars in counted.items()]


def attach_initial(message: InboundMessage, decoded: DecodedMessage) -> dict:
    """What the attach form offers to confirm: the title and unit the pipeline
    read (from the subject or the application form), else the subject's."""
    outcome = message.outcome or {}
    return {"title": outcome.get("title") or decoded.title or decoded.subject,
            "unit_name": outcome.get("unit") or decoded.unit,
            "credit_code": outcome.get("credit_code", "")}


def suggested_cases(message: InboundMessage, decoded: DecodedMessage) -> QuerySet[Case]:
    """The numbered cases in the message's call of the unit it seems to come
    from, which it may be new material for."""
    initial = attach_initial(message, decoded)
    unit = matching_unit(name=initial["unit_name"], credit_code=initial["credit_code"])
    if unit is None:
        return Case.objects.none()
    return (Case.objects.filter(call=message.call, lead_organization=unit)
            .exclude(number="").select_related("lead_organization").order_by("number"))
