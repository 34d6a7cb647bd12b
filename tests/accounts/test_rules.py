"""The role predicates and the permissions built from them."""

import pytest
from django.contrib.auth.models import AnonymousUser

from casebook.accounts import rules as roles
from casebook.accounts.models import User
from casebook.calls.enums import StaffRole
from casebook.core.services import record_event
from tests.factories import (
    CallFactory,
    CallStaffFactory,
    CaseFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def fresh(user) -> User:
    """The user as the next request sees them (roles are cached per user object)."""
    return User.objects.get(pk=user.pk)


def test_secretariat_of_one_call_is_not_secretariat_of_another():
    call, other = CallFactory(), CallFactory()
    staff = CallStaffFactory(call=call, role=StaffRole.SECRETARIAT).user

    assert roles.is_call_secretariat(staff, call)
    assert not roles.is_call_secretariat(staff, other)
    assert not roles.is_call_expert(staff, call)


def test_expert_of_a_call():
    call = CallFactory()
    expert = CallStaffFactory(call=call, role=StaffRole.EXPERT).user

    assert roles.is_call_expert(expert, call)
    assert not roles.is_call_secretariat(expert, call)


def test_without_an_object_a_role_predicate_asks_about_any_call():
    staff = CallStaffFactory(role=StaffRole.SECRETARIAT).user

    assert roles.is_call_secretariat(staff, None)
    assert not roles.is_call_secretariat(UserFactory(), None)
    assert roles.is_any_call_secretariat(staff)


def test_organization_member_needs_a_confirmed_membership():
    membership = MembershipFactory()
    pending = MembershipFactory(confirmed=False)

    assert roles.is_organization_member(membership.user, membership.organization)
    assert not roles.is_organization_member(membership.user, OrganizationFactory())
    assert not roles.is_organization_member(pending.user, pending.organization)
    assert not roles.is_organization_member(AnonymousUser(), membership.organization)


def test_change_call_is_for_its_secretariat_and_superusers():
    call = CallFactory()
    secretariat = CallStaffFactory(call=call).user
    expert = CallStaffFactory(call=call, role=StaffRole.EXPERT).user
    superuser = UserFactory(is_superuser=True)

    for perm in ("calls.change_call", "calls.view_call_dashboard"):
        assert fresh(secretariat).has_perm(perm, call)
        assert not fresh(secretariat).has_perm(perm, CallFactory())
        assert not fresh(expert).has_perm(perm, call)
        assert superuser.has_perm(perm, call)
    assert not fresh(secretariat).has_perm("calls.add_call")
    assert not fresh(secretariat).has_perm("calls.delete_call", call)


def test_a_case_is_seen_by_its_calls_secretariat_and_its_units_members():
    case = CaseFactory()
    secretariat = CallStaffFactory(call=case.call).user
    member = MembershipFactory(organization=case.lead_organization).user
    outsider = MembershipFactory().user

    assert fresh(secretariat).has_perm("submissions.view_case", case)
    assert fresh(secretariat).has_perm("submissions.change_case", case)
    assert fresh(member).has_perm("submissions.view_case", case)
    assert not fresh(member).has_perm("submissions.change_case", case)
    assert not fresh(outsider).has_perm("submissions.view_case", case)


def test_a_unit_is_looked_after_by_the_secretariat_of_a_call_it_applied_to():
    case = CaseFactory()
    secretariat = CallStaffFactory(call=case.call).user
    other_secretariat = CallStaffFactory().user

    assert fresh(secretariat).has_perm("organizations.change_organization",
                                       case.lead_organization)
    assert not fresh(other_secretariat).has_perm("organizations.change_organization",
                                                 case.lead_organization)


def test_audit_events_of_no_call_are_for_superusers_only():
    call = CallFactory()
    secretariat = CallStaffFactory(call=call).user
    of_call = record_event(actor=None, action="call.changed", subject=call, call=call)
    of_nothing = record_event(actor=None, action="site.changed", subject=call)

    assert fresh(secretariat).has_perm("core.view_auditevent", of_call)
    assert not fresh(secretariat).has_perm("core.view_auditevent", of_nothing)


def test_roles_are_read_once_per_user_object(django_assert_num_queries):
    call = CallFactory()
    user = fresh(CallStaffFactory(call=call).user)

    with django_assert_num_queries(1):
        for _ in range(3):
            assert user.has_perm("calls.change_call", call)
