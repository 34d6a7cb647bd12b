import factory

from casebook.experts.enums import PoolStatus
from casebook.experts.models import CallExpert, Expert
from casebook.organizations.models import LinkKind, OrganizationLink

from .calls import CallFactory
from .organizations import OrganizationFactory


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    name = factory.Sequence(lambda n: f"专家{n}")
    title = "主任医师"
    affiliation = factory.SubFactory(OrganizationFactory)
    province = "31"
    domains = factory.LazyFunction(lambda: ["优化健康服务"])
    keywords = factory.LazyFunction(lambda: ["慢病管理"])
    email = factory.Sequence(lambda n: f"expert{n}@example.org")


class CallExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallExpert

    call = factory.SubFactory(CallFactory)
    expert = factory.SubFactory(ExpertFactory)
    status = PoolStatus.LISTED


class OrganizationLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationLink

    source = factory.SubFactory(OrganizationFactory)
    target = factory.SubFactory(OrganizationFactory)
    kind = LinkKind.SUPERVISES
