import factory

from casebook.organizations.credit_code import ALPHABET, check_character, organisation_code_check
from casebook.organizations.models import Membership, Organization, UnitType


def make_credit_code(n: int, *, province: str = "31") -> str:
    """A valid unified social credit code (both check characters right) for unit n."""
    org8 = f"{n:08d}"
    first17 = "12" + province + "0000" + org8 + organisation_code_check(org8)
    assert all(ch in ALPHABET for ch in first17)
    return first17 + check_character(first17)


class UnitTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitType
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"type-{n}")
    name = factory.Sequence(lambda n: f"单位类型{n}")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"示例第{n}医院")
    province = "31"
    credit_code = factory.Sequence(lambda n: make_credit_code(n + 1000))
    unit_type = factory.SubFactory(UnitTypeFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    organization = factory.SubFactory(OrganizationFactory)
