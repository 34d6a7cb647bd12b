"""Reads about units: finding one again, the units a person acts for, a unit's page."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from . import credit_code as credit_codes
from .models import Membership, Organization, normalise_name


def matching_unit(*, name: str = "", credit_code: str = "") -> Organization | None:
    """The unit already on record with this credit code, else with this name
    (compared normalised: spaces and bracket widths do not make a new unit)."""
    code = credit_codes.normalise(credit_code)
    if code:
        found = Organization.objects.filter(credit_code=code).first()
        if found:
            return found
    key = normalise_name(name)
    if not key:
        return None
    return Organization.objects.filter(name_key=key).order_by("pk").first()


def confirmed_units(user) -> QuerySet[Organization]:
    """The units `user` acts for (confirmed memberships), by name."""
    return Organization.objects.filter(
        pk__in=Membership.objects.filter(user=user, confirmed=True).values("organization"),
    ).select_related("unit_type").order_by("name")


def memberships_of(user) -> QuerySet[Membership]:
    """All of `user`'s memberships, confirmed or waiting, with their units."""
    return (Membership.objects.filter(user=user)
            .select_related("organization", "organization__unit_type")
            .order_by("confirmed", "organization__name"))


def unit_for_member(*, user, pk: int) -> Organization:
    """A unit `user` is a confirmed member of; 404 for anyone else, as for a missing unit."""
    return get_object_or_404(confirmed_units(user), pk=pk)


def unit_page(*, user, pk: int) -> Organization:
    """The unit page's unit: its `confirmed_members` (admins first), waiting `join_requests`
    and the `cases` it leads in every call."""
    from casebook.submissions.models import Case

    people = Membership.objects.select_related("user").order_by("-is_admin", "created_at")
    cases = Case.objects.select_related("call").order_by("-call__opens_at", "number", "pk")
    return get_object_or_404(
        confirmed_units(user).prefetch_related(
            Prefetch("memberships", queryset=people.filter(confirmed=True), to_attr="confirmed_members"),
            Prefetch("memberships", queryset=people.filter(confirmed=False), to_attr="join_requests"),
            Prefetch("led_cases", queryset=cases, to_attr="cases"),
        ),
        pk=pk,
    )


def unit_to_join(*, pk: int) -> Organization:
    """Any unit, by id: the join page shows only its name, type and place."""
    return get_object_or_404(Organization.objects.select_related("unit_type"), pk=pk)


def membership(*, user, unit: Organization) -> Membership | None:
    """`user`'s membership of `unit`, confirmed or waiting, if any."""
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organization=unit).first()


def pending_membership(*, unit: Organization, pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "organization"),
        organization=unit, pk=pk, confirmed=False,
    )
