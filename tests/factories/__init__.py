from .accounts import UserFactory
from .calls import (
    AwardCategoryFactory,
    CallDocumentFactory,
    CallFactory,
    CallStaffFactory,
    ContactFactory,
    CriterionFactory,
    DomainFactory,
    EvidenceRequirementFactory,
    OrganiserFactory,
    RoundFactory,
    SectionFactory,
    StageFactory,
)
from .experts import CallExpertFactory, ExpertFactory, OrganizationLinkFactory
from .organizations import (
    MembershipFactory,
    OrganizationFactory,
    UnitTypeFactory,
    make_credit_code,
)
from .submissions import AwardFactory, CaseFactory, CaseUnitFactory

__all__ = [
    "AwardCategoryFactory",
    "AwardFactory",
    "CallDocumentFactory",
    "CallExpertFactory",
    "CallFactory",
    "CallStaffFactory",
    "CaseFactory",
    "CaseUnitFactory",
    "ContactFactory",
    "CriterionFactory",
    "DomainFactory",
    "EvidenceRequirementFactory",
    "ExpertFactory",
    "MembershipFactory",
    "OrganiserFactory",
    "OrganizationFactory",
    "OrganizationLinkFactory",
    "RoundFactory",
    "SectionFactory",
    "StageFactory",
    "UnitTypeFactory",
    "UserFactory",
    "make_credit_code",
]
