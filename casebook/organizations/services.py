"""Writes about units: registering one, joining one, naming co-units."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from casebook.core.services import record_event

from .models import Membership, Organization
from .selectors import matching_unit


class RegistrationOutcome(TextChoices):
    REGISTERED = "registered", _("已登记")
    FOUND_BY_CODE = "found_by_code", _("统一社会信用代码相同")
    FOUND_BY_NAME = "found_by_name", _("单位名称相同")


@dataclass(frozen=True)
class Registration:
    unit: Organization
    outcome: RegistrationOutcome

    @property
    def registered(self) -> bool:
        return self.outcome == RegistrationOutcome.REGISTERED


def register_unit(*, actor, name: str, credit_code: str, province: str, unit_type,
                  city: str = "", contact_name: str = "", contact_phone: str = "",
                  contact_email: str = "") -> Registration:
    """Record a new unit with `actor` as its admin, unless it is already on record.

    A unit with the same credit code or the same normalised name is returned
    instead (the person then asks to join it), so that one unit is never
    registered twice, even by two people at once: the credit-code constraint
    decides, and the loser gets the winner's unit. A unit only named so far (a
    co-unit typed into a case: no code, no members) is completed with these
    details instead.

    Side effects: the Organization, an admin Membership for `actor`, an
    AuditEvent `organization.registered`.
    """
    details = {"name": name, "credit_code": credit_code, "province": province,
               "unit_type": unit_type, "city": city, "contact_name": contact_name,
               "contact_phone": contact_phone, "contact_email": contact_email}
    unit = Organization(**details)
    unit.full_clean(validate_unique=False, validate_constraints=False)  # normalises the code
    existing = matching_unit(name=unit.name, credit_code=unit.credit_code)
    if existing and _only_named(existing):
        for field in details:
            setattr(existing, field, getattr(unit, field))
        unit = existing
    elif existing:
        same_code = bool(unit.credit_code) and existing.credit_code == unit.credit_code
        return Registration(existing, RegistrationOutcome.FOUND_BY_CODE if same_code
                            else RegistrationOutcome.FOUND_BY_NAME)
    try:
        with transaction.atomic():
            unit.save()
            Membership.objects.create(user=actor, organization=unit, is_admin=True,
                                      confirmed=True)
            record_event(actor=actor, action="organization.registered", subject=unit,
                         name=unit.name, credit_code=unit.credit_code,
                         completed_named_unit=existing is not None)
    except IntegrityError:
        winner = Organization.objects.filter(credit_code=unit.credit_code).first()
        if not unit.credit_code or winner is None:
            raise
        return Registration(winner, RegistrationOutcome.FOUND_BY_CODE)
    return Registration(unit, RegistrationOutcome.REGISTERED)


def _only_named(unit: Organization) -> bool:
    return not unit.credit_code and not unit.memberships.exists()


def request_membership(*, organization: Organization, user) -> Membership:
    """`user` asks to act for `organization`.

    A unit nobody acts for yet takes `user` as its admin at once; otherwise the
    request waits for the unit's admin (or the secretariat). Asking again
    returns the membership already there. Locks the unit row, so two first
    requests do not both become admin. Side effects: the Membership, an
    AuditEvent `organization.joined` or `organization.membership_requested`,
    an email to the unit's admins for a waiting request.
    """
    with transaction.atomic():
        unit = Organization.objects.select_for_update().get(pk=organization.pk)
        membership = Membership.objects.filter(user=user, organization=unit).first()
        if membership:
            return membership
        first = not unit.memberships.filter(confirmed=True).exists()
        membership = Membership.objects.create(user=user, organization=unit, is_admin=first,
                                               confirmed=first)
        action = "organization.joined" if first else "organization.membership_requested"
        record_event(actor=user, action=action, subject=unit, user=user.email)
        if not first:
            _tell_admins(membership)
    return membership


def _tell_admins(membership: Membership) -> None:
    unit = membership.organization
    admins = unit.memberships.filter(is_admin=True, confirmed=True).select_related("user")
    for admin in admins:
        _mail(membership, to=admin.user.email, template="membership_requested",
              subject=f"【{unit.name}】{membership.user} 申请以本单位名义申报案例")


def _mail(membership: Membership, *, to: str, template: str, subject: str) -> None:
    from django.template.loader import render_to_string

    from casebook.notifications.services import queue_email

    body = render_to_string(f"organizations/email/{template}.txt",
                            {"membership": membership, "unit": membership.organization})
    queue_email(key=f"{template}:{membership.pk}:{to}", to=to, subject=subject[:200], body=body)


def confirm_unit(*, organization: Organization, actor) -> Organization:
    """The secretariat has checked a unit that was registered from an email
    (name, credit code, province, type as the mail and its form gave them).

    Side effects: `confirmed` set, an AuditEvent `organization.confirmed`.
    """
    if organization.confirmed:
        return organization
    organization.confirmed = True
    organization.save(update_fields=["confirmed", "updated_at"])
    record_event(actor=actor, action="organization.confirmed", subject=organization,
                 name=organization.name, credit_code=organization.credit_code)
    return organization


def confirm_membership(*, membership: Membership, actor) -> Membership:
    """The unit's admin lets a person act for the unit.

    Side effects: `confirmed` set, an AuditEvent `organization.membership_confirmed`.
    """
    if membership.confirmed:
        return membership
    membership.confirmed = True
    membership.save(update_fields=["confirmed", "updated_at"])
    record_event(actor=actor, action="organization.membership_confirmed",
                 subject=membership.organization, user=membership.user.email)
    _mail(membership, to=membership.user.email, template="membership_confirmed",
          subject=f"【{membership.organization.name}】您已可以本单位名义申报案例")
    return membership


def decline_membership(*, membership: Membership, actor) -> None:
    """The unit's admin turns a request down; the person may ask again.

    Side effects: the waiting Membership deleted, an AuditEvent
    `organization.membership_declined`.
    """
    if membership.confirmed:
        return
    membership.delete()
    record_event(actor=actor, action="organization.membership_declined",
                 subject=membership.organization, user=membership.user.email)


def units_named(*, names, actor) -> list[Organization]:
    """The units `names` speak of, in order: each found by its normalised name,
    or recorded by name only (no code, no members) for the secretariat to
    complete, or for the unit itself to complete when it registers.

    Side effects: an Organization and an AuditEvent `organization.named` per new name.
    """
    units = []
    for name in dict.fromkeys(name.strip() for name in names if name.strip()):
        unit = matching_unit(name=name)
        if unit is None:
            unit = Organization(name=name)
            unit.full_clean(validate_constraints=False)
            unit.save()
            record_event(actor=actor, action="organization.named", subject=unit, name=unit.name)
        units.append(unit)
    return list({unit.pk: unit for unit in units}.values())

