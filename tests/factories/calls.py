import datetime as dt

import factory
from django.utils import timezone

from casebook.calls import models
from casebook.calls.enums import AwardKind, RoundKind, StaffRole


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Call

    slug = factory.Sequence(lambda n: f"call-{n}")
    case_number_prefix = factory.Sequence(lambda n: f"C{n}")
    title = factory.Sequence(lambda n: f"第{n}届卫生健康治理案例评选")
    published = True
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    eligible_provinces = factory.LazyFunction(lambda: ["31", "32", "33", "34"])
    max_cases_per_unit = 2
    min_running_months = 12


class CallStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CallStaff

    call = factory.SubFactory(CallFactory)
    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    role = StaffRole.SECRETARIAT


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Section

    call = factory.SubFactory(CallFactory)
    key = factory.Sequence(lambda n: f"section-{n}")
    title = factory.Sequence(lambda n: f"第{n}部分")
    order = factory.Sequence(int)


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Domain

    call = factory.SubFactory(CallFactory)
    key = factory.Sequence(lambda n: f"domain-{n}")
    name = factory.Sequence(lambda n: f"领域{n}")


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Round

    call = factory.SubFactory(CallFactory)
    key = factory.Sequence(lambda n: f"round-{n}")
    name = "初审"
    kind = RoundKind.SCREENING


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Criterion

    round = factory.SubFactory(RoundFactory)
    key = factory.Sequence(lambda n: f"criterion-{n}")
    name = factory.Sequence(lambda n: f"指标{n}")
    weight = 10


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Stage

    call = factory.SubFactory(CallFactory)
    key = factory.Sequence(lambda n: f"stage-{n}")
    name = factory.Sequence(lambda n: f"阶段{n}")


class AwardCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AwardCategory

    call = factory.SubFactory(CallFactory)
    key = factory.Sequence(lambda n: f"award-{n}")
    name = factory.Sequence(lambda n: f"优秀案例奖{n}")
    kind = AwardKind.CASE
    quota = 10


class OrganiserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organiser

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"示例研究院{n}")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Contact

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"联系人{n}")
    phone = "13800000000"


class EvidenceRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.EvidenceRequirement

    call = factory.SubFactory(CallFactory)
    kind = "photo"
    label = "图片"


class CallDocumentFactory(factory.django.DjangoModelFactory):
    """The generated application form unless a `file` is given."""

    class Meta:
        model = models.CallDocument

    call = factory.SubFactory(CallFactory)
    title = "案例申报书"
    generator = "application_form"
