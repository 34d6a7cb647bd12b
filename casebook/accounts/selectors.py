"""Reads about who a user is on the site: their roles and the calls, units and
cases those roles give them.

Role lookups are cached on the user object. `request.user` lives for one
request, so a role granted during a request shows from the next one; code that
grants a role and checks it on the same object calls `forget_roles(user)`.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from casebook.calls.enums import StaffRole
from casebook.calls.models import Call, CallStaff
from casebook.calls.selectors import calls_for_home
from casebook.organizations.models import Membership, Organization
from casebook.submissions.enums import CaseStatus
from casebook.submissions.models import Case

from .models import User

_ROLES_CACHE = "_casebook_call_roles"


def call_roles(user) -> dict[int, frozenset[str]]:
    """`{call_id: {role, …}}` for the calls `user` works on (one query per user object)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    # getattr/setattr reach through request.user's lazy wrapper to the user itself.
    cached = getattr(user, _ROLES_CACHE, None)
    if cached is None:
        pairs = CallStaff.objects.filter(user=user).values_list("call_id", "role")
        grouped: dict[int, set[str]] = {}
        for call_id, role in pairs:
            grouped.setdefault(call_id, set()).add(role)
        cached = {call_id: frozenset(roles) for call_id, roles in grouped.items()}
        setattr(user, _ROLES_CACHE, cached)
    return cached


def forget_roles(user) -> None:
    if hasattr(user, _ROLES_CACHE):
        delattr(user, _ROLES_CACHE)


def call_ids_with_role(user, role: StaffRole) -> set[int]:
    return {call_id for call_id, roles in call_roles(user).items() if role in roles}


def calls_managed_by(user) -> QuerySet[Call]:
    """The calls whose secretariat work `user` may do: all of them for a superuser."""
    if user.is_superuser:
        return Call.objects.all()
    return Call.objects.filter(pk__in=call_ids_with_role(user, StaffRole.SECRETARIAT))


def calls_reviewed_by(user) -> QuerySet[Call]:
    return Call.objects.filter(pk__in=call_ids_with_role(user, StaffRole.EXPERT))


def case_counts_by_status(calls) -> dict[int, Counter]:
    """`{call_id: Counter({status: n})}` in one query."""
    rows = (Case.objects.filter(call__in=calls).order_by()
            .values_list("call_id", "status"))
    counts: dict[int, Counter] = {call.pk: Counter() for call in calls}
    for call_id, status in rows.iterator():
        counts[call_id][status] += 1
    return counts


def secretariat_dashboard(user) -> list[Call]:
    """The calls `user` manages, each with `case_total` and `case_counts`
    (`[(status label, n)]` in workflow order, statuses with cases only)."""
    calls = list(calls_managed_by(user).order_by("-opens_at", "-created_at"))
    counts = case_counts_by_status(calls)
    for call in calls:
        by_status = counts[call.pk]
        call.case_total = sum(by_status.values())
        call.case_counts = [(s.label, by_status[s]) for s in CaseStatus if by_status[s]]
    return calls


def memberships_with_cases(user) -> QuerySet[Membership]:
    """The units `user` acts for, each organisation with its led and co-organised cases."""
    cases = Case.objects.select_related("call").order_by("-created_at")
    return (
        Membership.objects.filter(user=user, confirmed=True)
        .select_related("organization")
        .prefetch_related(
            Prefetch("organization__led_cases", queryset=cases),
            Prefetch("organization__co_cases", queryset=cases),
        )
        .order_by("organization__name")
    )


def organizations_of_managed_calls(user) -> QuerySet[Organization]:
    """Units that lead or co-organise a case in a call `user` manages."""
    if user.is_superuser:
        return Organization.objects.all()
    calls = calls_managed_by(user)
    ids = Organization.objects.filter(
        Q(led_cases__call__in=calls) | Q(co_cases__call__in=calls)
    ).values("pk")
    return Organization.objects.filter(pk__in=ids)


@dataclass(frozen=True)
class Dashboard:
    """What the signed-in page shows, by role."""

    managed_calls: list[Call]
    reviewed_calls: list[Call]
    memberships: list[Membership]
    open_calls: list[Call]

    @property
    def shows_applicant(self) -> bool:
        # Someone who only works on calls has no use for the applicant's part.
        return bool(self.memberships) or not (self.managed_calls or self.reviewed_calls)


def dashboard_for(user) -> Dashboard:
    managed = secretariat_dashboard(user)
    reviewed = list(calls_reviewed_by(user).order_by("-opens_at"))
    memberships = list(memberships_with_cases(user))
    # The way in for someone with no unit yet is the notice of a call taking cases.
    wants_calls = not (memberships or managed or reviewed)
    return Dashboard(managed_calls=managed, reviewed_calls=reviewed, memberships=memberships,
                     open_calls=calls_for_home().open if wants_calls else [])


def people_of_managed_calls(user) -> QuerySet[User]:
    """Staff of the calls `user` manages and members of the units that applied to them."""
    if user.is_superuser:
        return User.objects.all()
    staff = CallStaff.objects.filter(call__in=calls_managed_by(user)).values("user")
    members = Membership.objects.filter(
        organization__in=organizations_of_managed_calls(user)).values("user")
    return User.objects.filter(Q(pk__in=staff) | Q(pk__in=members))
