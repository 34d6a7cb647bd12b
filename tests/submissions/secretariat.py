"""Helpers for the secretariat's page tests (tests/submissions/test_manage_*.py)."""

from casebook.submissions.models import EligibilityProblem
from tests.factories import CallStaffFactory, UserFactory


def secretariat_of(call, **fields):
    """A user in the secretariat (组委会) of `call`."""
    user = UserFactory(**fields)
    CallStaffFactory(call=call, user=user)
    return user


def open_page(client, user, url: str, **params) -> str:
    """The HTML `user` gets at `url`; anything but a 200 fails the test."""
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def problem(case, code: str, message: str = "", **fields) -> EligibilityProblem:
    """An eligibility problem already stored on `case` (data, like a factory)."""
    return EligibilityProblem.objects.create(case=case, code=code,
                                             message=message or f"{code} 的说明", **fields)
