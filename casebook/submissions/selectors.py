"""Reads of cases for the applicant's pages, each with the query shape its page needs.

An applicant sees the cases its units lead: every read here starts from
`cases_of_applicant`, so a case of another unit answers 404 like a missing one.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from casebook.calls.enums import CallPhase
from casebook.calls.models import Call
from casebook.calls.selectors import visible_calls
from casebook.organizations.models import Membership, Organization
from casebook.organizations.selectors import confirmed_units

from .enums import CaseStatus
from .models import Case, LateAccess


def cases_of_applicant(user) -> QuerySet[Case]:
    """Cases led by a unit `user` is a confirmed member of."""
    if not user.is_authenticated:
        return Case.objects.none()
    units = Membership.objects.filter(user=user, confirmed=True).values("organization")
    return Case.objects.filter(lead_organization__in=units)


def case_for_applicant(*, user, pk: int) -> Case:
    """One of `user`'s cases with everything its page and form show."""
    return get_object_or_404(
        cases_of_applicant(user)
        .select_related("call", "lead_organization__unit_type", "domain")
        .prefetch_related("case_units__organization", "problems", "attachments",
                          "call__sections", "call__domains"),
        pk=pk,
    )


@dataclass(frozen=True)
class CallCases:
    call: Call
    cases: list[Case]


def my_cases(user) -> list[CallCases]:
    """`user`'s cases grouped by call (newest call first), each case with its
    number of `open_problems` (stored by the eligibility run at submission)."""
    cases = (
        cases_of_applicant(user)
        .select_related("call", "lead_organization")
        .annotate(open_problems=Count("problems", filter=Q(problems__overridden_at__isnull=True)))
        .order_by("-call__opens_at", "call_id", "-created_at")
    )
    groups: dict[int, CallCases] = {}
    for case in cases:
        groups.setdefault(case.call_id, CallCases(case.call, [])).cases.append(case)
    return list(groups.values())


def calls_taking_cases(*, user, now=None) -> list[Call]:
    """Published calls open for web submission now, nearest deadline first."""
    now = now or timezone.now()
    calls = visible_calls(user=user).filter(web_submission=True, published=True)
    return sorted((c for c in calls if c.phase(now) == CallPhase.OPEN), key=lambda c: c.deadline)


def lead_units(user) -> QuerySet[Organization]:
    """The units `user` may name as a case's lead unit."""
    return confirmed_units(user)


def call_for_new_case(*, slug: str, user) -> Call:
    return get_object_or_404(
        visible_calls(user=user).filter(web_submission=True)
        .prefetch_related("sections", "domains"),
        slug=slug,
    )


def why_no_new_case(*, call: Call, units, now=None) -> str:
    """Why a new case cannot be started in `call` now ("" when it can): before
    the call opens, or after its deadline unless one of `units` was granted
    late access (单独延期)."""
    now = now or timezone.now()
    phase = call.phase(now)
    if phase == CallPhase.UPCOMING:
        return _("“%(call)s”尚未开始征集。") % {"call": call.title}
    if phase == CallPhase.OPEN:
        return ""
    late = LateAccess.objects.filter(call=call, organization__in=units, until__gte=now)
    if late.exists():
        return ""
    return _("“%(call)s”已截止申报，不能再新建案例。如有特殊情况，请联系组委会。") % {"call": call.title}


def case_problems(case: Case) -> list:
    """What the eligibility rules say about `case`: checked now for a draft
    (nothing is stored before submission), as stored (with any override) after."""
    from .eligibility import find_problems

    if case.status == CaseStatus.DRAFT:
        return find_problems(case)
    return list(case.problems.all())


# --- Status history -------------------------------------------------------------------

# The audit actions an applicant is shown: what happened to the case itself.
# Others (files, the secretariat's internal steps, other apps' events) stay out.
APPLICANT_HISTORY = {"case.created", "case.edited", "case.status", "case.received",
                     "case.eligibility", "case.problem_overridden", "case.imported"}


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    who: str
    what: str
    detail: str


def case_history(case: Case) -> list[HistoryEntry]:
    """The case's audit trail, oldest first, as the applicant reads it: its own
    people by name, anyone else as 组委会 (the wording is the secretariat page's)."""
    from .selectors_manage import case_history as full_history

    members = set(Membership.objects.filter(organization=case.lead_organization_id)
                  .values_list("user_id", flat=True))
    return [HistoryEntry(at=entry.event.occurred_at, who=_who(entry.event.actor, members),
                         what=entry.label, detail=entry.detail)
            for entry in full_history(case) if entry.event.action in APPLICANT_HISTORY]


def _who(actor, members: set[int]) -> str:
    if actor is None:
        return _("系统")
    return actor.get_full_name() if actor.pk in members else _("组委会")
