"""Permissions on units. A call's secretariat may look after the units that
applied to it (correct a name or a credit code during intake); a unit's own
members see it."""

import rules

from casebook.accounts.rules import (
    is_any_call_secretariat,
    is_organization_member,
    is_superuser,
)
from casebook.accounts.selectors import organizations_of_managed_calls


@rules.predicate
def applied_to_managed_call(user, organization) -> bool:
    """`organization` leads or co-organises a case in a call `user` manages."""
    if organization is None:
        return is_any_call_secretariat(user)
    return organizations_of_managed_calls(user).filter(pk=organization.pk).exists()


@rules.predicate
def is_organization_admin(user, organization) -> bool:
    """Is the confirmed admin (单位管理员) of `organization`: confirms who may act for it."""
    if not getattr(user, "is_authenticated", False) or organization is None:
        return False
    return user.memberships.filter(organization=organization, confirmed=True,
                                   is_admin=True).exists()


manages_organization = is_superuser | applied_to_managed_call

rules.add_perm("organizations.view_organization", manages_organization | is_organization_member)
rules.add_perm("organizations.change_organization", manages_organization)
# Confirming or declining a request to join: the unit's admin on the unit page (the
# secretariat does it in the admin, through the membership's 已确认 box).
rules.add_perm("organizations.manage_members", is_superuser | is_organization_admin)
# Unit types are site-wide: the secretariat chooses among them for a call.
rules.add_perm("organizations.view_unittype", is_superuser | is_any_call_secretariat)
