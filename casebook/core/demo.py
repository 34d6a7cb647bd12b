"""Demo accounts for `casebook demo`: one login per role, printed at start.

The addresses use example.org (reserved for documentation) and the password
is shown on the console, so nobody mistakes these for real accounts.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from casebook.accounts.models import User
from casebook.calls.enums import StaffRole
from casebook.calls.models import Call, CallStaff
from casebook.organizations.models import Membership, Organization, UnitType

DEMO_PASSWORD = "casebook-demo"
DEMO_CALL_SLUG = "yrd-health-4"
DEMO_UNIT = {
    "name": "示例市第一人民医院（示例）",
    "province": "31",
    "city": "上海市示例区",
    # A valid code (both check characters right) for a unit that does not exist.
    "credit_code": "12310000000000019X",
}


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str
    name: str


def _demo_user(*, email: str, name: str, is_staff=False, is_superuser=False) -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"name": name, "is_staff": is_staff, "is_superuser": is_superuser},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True},
    )
    return user


@transaction.atomic
def create_demo_accounts() -> list[DemoLogin]:
    """Create (or keep) the demo logins; existing accounts and passwords stay as they are."""
    _demo_user(email="admin@example.org", name="系统管理员", is_staff=True, is_superuser=True)
    secretariat = _demo_user(email="secretariat@example.org", name="组委会秘书处（示例）",
                             is_staff=True)
    expert = _demo_user(email="expert@example.org", name="评审专家（示例）")
    applicant = _demo_user(email="applicant@example.org", name="申报联系人（示例）")
    for call in Call.objects.filter(slug__in=[DEMO_CALL_SLUG, "healthy-shanghai-2"]):
        CallStaff.objects.get_or_create(call=call, user=secretariat, role=StaffRole.SECRETARIAT)
    for call in Call.objects.filter(slug=DEMO_CALL_SLUG):
        CallStaff.objects.get_or_create(call=call, user=expert, role=StaffRole.EXPERT)
    unit, _ = Organization.objects.get_or_create(
        credit_code=DEMO_UNIT["credit_code"],
        defaults={**DEMO_UNIT, "unit_type": UnitType.objects.filter(key="hospital").first(),
                  "contact_name": applicant.name, "contact_email": applicant.email},
    )
    Membership.objects.get_or_create(user=applicant, organization=unit,
                                     defaults={"is_admin": True})
    return [
        DemoLogin("系统管理员 / superuser", "admin@example.org", DEMO_PASSWORD, "系统管理员"),
        DemoLogin("组委会 / secretariat", secretariat.email, DEMO_PASSWORD, secretariat.name),
        DemoLogin("评审专家 / expert", expert.email, DEMO_PASSWORD, expert.name),
        DemoLogin("申报单位 / applicant", applicant.email, DEMO_PASSWORD, applicant.name),
    ]
