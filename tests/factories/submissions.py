import factory
from django.utils import timezone

from casebook.awards.models import Award
from casebook.submissions.enums import CaseStatus
from casebook.submissions.models import Case, CaseUnit

from .calls import AwardCategoryFactory, CallFactory
from .organizations import OrganizationFactory


class CaseFactory(factory.django.DjangoModelFactory):
    """A case as a unit submitted it. Tests that need another status pass
    `status=`: factories stand for data already in the database, so they may set
    it; application code goes through the services."""

    class Meta:
        model = Case

    call = factory.SubFactory(CallFactory)
    number = factory.Sequence(lambda n: f"T-{n:04d}")
    title = factory.Sequence(lambda n: f"示例案例{n}：社区健康管理新模式")
    lead_organization = factory.SubFactory(OrganizationFactory)
    status = CaseStatus.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)
    declaration_accepted = True
    sections = factory.LazyFunction(
        lambda: {"background": "背景", "measures": "举措", "outcomes": "成效", "outlook": "展望"}
    )


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    category = factory.SubFactory(AwardCategoryFactory)
    case = factory.SubFactory(
        CaseFactory, call=factory.SelfAttribute("..category.call"), status=CaseStatus.AWARDED,
    )
    rank = factory.Sequence(int)


class CaseUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseUnit

    case = factory.SubFactory(CaseFactory)
    organization = factory.SubFactory(OrganizationFactory)
    order = factory.Sequence(int)
