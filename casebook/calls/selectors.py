"""Reads of calls for the public pages, each with the query shape its page needs."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import CallPhase, OrganiserRole
from .models import Call, CallDocument

# Everything the notice page lists, fetched in one query per table.
NOTICE_PARTS = (
    "organisers", "stages", "sections", "evidence_requirements", "award_categories",
    "contacts", "documents", "eligible_unit_types",
)


def visible_calls(*, user) -> QuerySet[Call]:
    """Calls a visitor may open: published ones; staff also see drafts to proofread
    them. A hidden call answers 404 like a missing one, so drafts do not leak."""
    if user.is_authenticated and user.is_staff:
        return Call.objects.all()
    return Call.objects.filter(published=True)


@dataclass(frozen=True)
class HomeCalls:
    open: list[Call]
    upcoming: list[Call]
    past: list[Call]


def calls_for_home(*, now=None) -> HomeCalls:
    """Published calls grouped for the home page: open ones by nearest deadline,
    upcoming by opening day, past ones newest first.

    The phase depends on the clock, not on a column, so the grouping happens here
    rather than in SQL; there are only ever a handful of calls.
    """
    now = now or timezone.now()
    calls = Call.objects.filter(published=True).prefetch_related("organisers")
    by_phase: dict[str, list[Call]] = {phase: [] for phase in CallPhase}
    for call in calls:
        by_phase[call.phase(now)].append(call)
    past = by_phase[CallPhase.REVIEWING] + by_phase[CallPhase.RESULTS]
    return HomeCalls(
        open=sorted(by_phase[CallPhase.OPEN], key=lambda c: c.deadline),
        upcoming=sorted(by_phase[CallPhase.UPCOMING], key=lambda c: c.opens_at),
        past=sorted(past, key=_last_news, reverse=True),
    )


def _last_news(call: Call):
    return call.results_published_at or call.deadline or call.created_at


def call_for_notice(*, slug: str, user) -> Call:
    return get_object_or_404(visible_calls(user=user).prefetch_related(*NOTICE_PARTS), slug=slug)


# The order Chinese notices list organisers in: 指导, 主办, 承办, 协办.
ORGANISER_ROLE_ORDER = (
    OrganiserRole.GUIDE, OrganiserRole.ORGANISER, OrganiserRole.HOST, OrganiserRole.CO_ORGANISER,
)


@dataclass(frozen=True)
class OrganiserGroup:
    role: str
    names: list[str]


def organiser_groups(call: Call) -> list[OrganiserGroup]:
    """Organiser names grouped by role; reads the prefetched organisers."""
    groups = []
    for role in ORGANISER_ROLE_ORDER:
        names = [o.name for o in call.organisers.all() if o.role == role]
        if names:
            groups.append(OrganiserGroup(role=role.label, names=names))
    return groups


def call_document(*, slug: str, pk: int, user) -> CallDocument:
    return get_object_or_404(
        CallDocument.objects.select_related("call"),
        call__in=visible_calls(user=user), call__slug=slug, pk=pk,
    )


@dataclass(frozen=True)
class TimelineEntry:
    name: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    description: str = ""
    is_submission: bool = False


def timeline(call: Call) -> list[TimelineEntry]:
    """The public timeline: the call's stages in order, the submission window among
    them. A stage dated like the window is the window (it then carries the extension
    notice); without such a stage the window is shown first. Reads prefetched stages."""
    opens = timezone.localdate(call.opens_at) if call.opens_at else None
    closes = timezone.localdate(call.closes_at) if call.closes_at else None
    window = (opens, closes) if opens or closes else None
    entries = [
        TimelineEntry(stage.name, stage.starts_on, stage.ends_on, stage.description,
                      is_submission=(stage.starts_on, stage.ends_on) == window)
        for stage in call.stages.all()
    ]
    if window and not any(entry.is_submission for entry in entries):
        entries.insert(0, TimelineEntry(_("案例征集"), opens, closes, is_submission=True))
    return entries
