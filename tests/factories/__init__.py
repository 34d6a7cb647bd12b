from .accounts import UserFactory
from .calls import (
    AwardCategoryFactory,
    CallFactory,
    CallStaffFactory,
    CriterionFactory,
    DomainFactory,
    RoundFactory,
    SectionFactory,
    StageFactory,
)
from .organizations import OrganizationFactory, UnitTypeFactory, make_credit_code
from .submissions import AwardFactory, CaseFactory

__all__ = [
    "AwardCategoryFactory",
    "AwardFactory",
    "CallFactory",
    "CallStaffFactory",
    "CaseFactory",
    "CriterionFactory",
    "DomainFactory",
    "OrganizationFactory",
    "RoundFactory",
    "SectionFactory",
    "StageFactory",
    "UnitTypeFactory",
    "UserFactory",
    "make_credit_code",
]
