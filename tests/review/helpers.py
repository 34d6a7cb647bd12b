"""A small call ready for assignment: eligible cases in two domains and accepted experts."""

from casebook.experts.enums import PoolStatus
from casebook.submissions.enums import CaseStatus
from tests.factories import (
    CallExpertFactory,
    CaseFactory,
    DomainFactory,
    ExpertFactory,
    RoundFactory,
)


def accepted_expert(call, **fields):
    """An expert who accepted the call's invitation."""
    return CallExpertFactory(call=call, expert=ExpertFactory(**fields), status=PoolStatus.ACCEPTED).expert


def eligible_case(call, **fields):
    return CaseFactory(call=call, status=CaseStatus.ELIGIBLE, **fields)


def assignment_call(call, *, cases=6, experts=4, k=2, **round_fields):
    """`cases` eligible cases alternating 慢病管理 / 医保支付 texts and domains, `experts`
    accepted experts alternating the same fields, and the round r1 with k reviewers."""
    health = DomainFactory(call=call, name="优化健康服务")
    security = DomainFactory(call=call, name="完善健康保障")
    review_round = RoundFactory(call=call, key="r1", reviewers_per_case=k, **round_fields)
    made_cases = [
        eligible_case(call, number=f"YRD-{index + 1:03d}", domain=health if index % 2 == 0 else security,
                      sections={"measures": "推进慢病管理和家庭医生签约" if index % 2 == 0 else "改革医保支付方式"})
        for index in range(cases)
    ]
    made_experts = [
        accepted_expert(call, name=f"专家{index + 1}", email=f"e{index + 1}@example.org",
                        domains=["优化健康服务"] if index % 2 == 0 else ["完善健康保障"],
                        keywords=["慢病管理", "家庭医生"] if index % 2 == 0 else ["医保支付"])
        for index in range(experts)
    ]
    return review_round, made_cases, made_experts
