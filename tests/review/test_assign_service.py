"""Solving a round's assignment: affinity, conflicts, loads, pinned pairs, shortfalls,
and the secretariat's pins and swaps."""

import pytest
from django.core.exceptions import ValidationError

from casebook.core.models import AuditEvent
from casebook.experts.enums import ConflictSource, PoolStatus
from casebook.experts.models import CallExpert, ConflictOfInterest
from casebook.review import selectors
from casebook.review.assignment import DenseAffinity
from casebook.review.models import Assignment
from casebook.review.services import set_pinned, solve_round, swap_expert
from casebook.submissions.enums import CaseStatus
from tests.factories import CallFactory, CaseFactory, CaseUnitFactory, UserFactory

from .helpers import accepted_expert, assignment_call, eligible_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return CallFactory(slug="yrd-test")


@pytest.fixture
def actor():
    return UserFactory(name="李秘书")


def pairs_of(review_round):
    return sorted(Assignment.objects.filter(round=review_round).values_list("case__number", "expert__email"))


def loads(review_round):
    counts = {}
    for _case, email in pairs_of(review_round):
        counts[email] = counts.get(email, 0) + 1
    return counts


# --- Affinity --------------------------------------------------------------------------------


def test_affinity_is_domain_match_plus_share_of_keywords_found(call):
    _review_round, (case, other, *_rest), (health, security, *_more) = assignment_call(call, cases=2, experts=2)

    affinity = selectors.affinity_for([case, other], [health, security])

    assert isinstance(affinity, DenseAffinity)
    # case: 优化健康服务, mentions 慢病管理 and 家庭医生; other: 完善健康保障, mentions 医保支付
    assert affinity.matrix.tolist() == [[2.0, 0.0], [0.0, 2.0]]


def test_affinity_counts_half_when_half_the_keywords_are_found(call):
    case = eligible_case(call, title="家庭医生签约服务", sections={"measures": "签约"})
    expert = accepted_expert(call, domains=["别的领域"], keywords=["慢病管理", "家庭医生"])

    assert selectors.affinity_for([case], [expert]).matrix.tolist() == [[0.5]]


# --- Solving -------------------------------------------------------------------------------------


def test_each_case_gets_k_experts_of_its_field(call, actor):
    review_round, _cases, _experts = assignment_call(call, cases=4, experts=4, k=2)

    result = solve_round(round=review_round, actor=actor)

    assert pairs_of(review_round) == [
        ("YRD-001", "e1@example.org"), ("YRD-001", "e3@example.org"),
        ("YRD-002", "e2@example.org"), ("YRD-002", "e4@example.org"),
        ("YRD-003", "e1@example.org"), ("YRD-003", "e3@example.org"),
        ("YRD-004", "e2@example.org"), ("YRD-004", "e4@example.org"),
    ]
    assert result.objective == 16.0
    assert result.gap == pytest.approx(0.0, abs=1e-3)
    assert result.uncovered == [] and result.messages == []
    event = AuditEvent.objects.get(action="review.assigned")
    assert (event.actor, event.call, event.data["pairs"], event.data["objective"], event.data["uncovered"]) == (
        actor, call, 8, 16.0, [])


def test_conflicted_pairs_are_never_assigned(call, actor):
    review_round, cases, experts = assignment_call(call, cases=4, experts=4, k=2)
    # e1 works at YRD-001's co-unit (automatic), e3 declared a conflict with YRD-003.
    CaseUnitFactory(case=cases[0], organization=experts[0].affiliation)
    ConflictOfInterest.objects.create(call=call, case=cases[2], expert=experts[2], source=ConflictSource.DECLARED,
                                      reason="曾在该单位任职")

    solve_round(round=review_round, actor=actor)

    pairs = pairs_of(review_round)
    assert ("YRD-001", "e1@example.org") not in pairs
    assert ("YRD-003", "e3@example.org") not in pairs
    assert len(pairs) == 8


def test_cross_province_rounds_keep_experts_off_their_own_provinces_cases(call, actor):
    review_round, cases, experts = assignment_call(call, cases=2, experts=3, k=1, cross_province=True)
    for case in cases:
        case.lead_organization.province = "31"
        case.lead_organization.save()
    for expert, province in zip(experts, ["31", "31", "32"], strict=True):
        expert.province = province
        expert.save()

    solve_round(round=review_round, actor=actor)

    assert pairs_of(review_round) == [("YRD-001", "e3@example.org"), ("YRD-002", "e3@example.org")]


def test_loads_stay_within_the_rounds_bounds(call, actor):
    review_round, _cases, experts = assignment_call(call, cases=6, experts=4, k=1, min_load=1, max_load=2)
    for expert in experts[1:]:
        expert.domains, expert.keywords = [], []
        expert.save()

    solve_round(round=review_round, actor=actor)

    # Every case would rather have e1, who may take only 2; everyone takes at least 1.
    load = loads(review_round)
    assert load["e1@example.org"] == 2
    assert sorted(load) == ["e1@example.org", "e2@example.org", "e3@example.org", "e4@example.org"]
    assert all(1 <= count <= 2 for count in load.values()) and sum(load.values()) == 6


def test_without_a_maximum_the_load_is_the_even_share_plus_two(call, actor):
    review_round, _cases, experts = assignment_call(call, cases=8, experts=4, k=1)
    for expert in experts[1:]:
        expert.domains, expert.keywords = [], []
        expert.save()

    solve_round(round=review_round, actor=actor)

    # Everyone wants e1; the even share is ⌈8·1/4⌉ = 2, so e1 takes 2 + 2.
    assert loads(review_round)["e1@example.org"] == 4


def test_only_eligible_cases_and_accepted_experts_take_part(call, actor):
    review_round, _cases, _experts = assignment_call(call, cases=2, experts=2, k=1)
    CaseFactory(call=call, number="YRD-SUB", status=CaseStatus.SUBMITTED)
    invited = accepted_expert(call, email="invited@example.org")
    CallExpert.objects.filter(expert=invited).update(status=PoolStatus.INVITED)

    solve_round(round=review_round, actor=actor)

    numbers = {case for case, _email in pairs_of(review_round)}
    emails = {email for _case, email in pairs_of(review_round)}
    assert numbers == {"YRD-001", "YRD-002"}
    assert "invited@example.org" not in emails


def test_pinned_pairs_are_kept_when_solving_again(call, actor):
    review_round, cases, experts = assignment_call(call, cases=4, experts=4, k=2)
    solve_round(round=review_round, actor=actor)
    # The secretariat wants e2 (a 保障 expert) on the 健康服务 case YRD-001, and pins it.
    row = Assignment.objects.get(round=review_round, case=cases[0], expert=experts[0])
    swap_expert(assignment=row, expert=experts[1], actor=actor)

    solve_round(round=review_round, actor=actor)

    pinned = Assignment.objects.get(round=review_round, pinned=True)
    assert (pinned.case.number, pinned.expert.email, pinned.affinity) == ("YRD-001", "e2@example.org", 0.0)
    # The other slot goes to one of the two 健康服务 experts again.
    others = [email for case, email in pairs_of(review_round) if case == "YRD-001" and email != "e2@example.org"]
    assert len(others) == 1 and others[0] in {"e1@example.org", "e3@example.org"}
    assert Assignment.objects.filter(round=review_round).count() == 8


def test_unpinned_pairs_go_back_to_the_solver(call, actor):
    review_round, cases, experts = assignment_call(call, cases=2, experts=4, k=1)
    solve_round(round=review_round, actor=actor)
    row = Assignment.objects.get(round=review_round, case=cases[0])
    swap_expert(assignment=row, expert=experts[3], actor=actor)
    set_pinned(assignment=row, pinned=False, actor=actor)

    solve_round(round=review_round, actor=actor)

    assert Assignment.objects.get(round=review_round, case=cases[0]).affinity == 2.0
    assert list(AuditEvent.objects.filter(action__in=["review.swapped", "review.unpinned"])
                .values_list("action", flat=True).order_by("pk")) == ["review.swapped", "review.unpinned"]


def test_a_case_no_expert_may_review_is_reported_in_chinese(call, actor):
    review_round, cases, experts = assignment_call(call, cases=2, experts=2, k=2)
    for expert in experts:
        ConflictOfInterest.objects.create(call=call, case=cases[1], expert=expert,
                                          source=ConflictSource.SECRETARIAT, reason="同一集团")

    result = solve_round(round=review_round, actor=actor)

    assert result.uncovered == ["YRD-002"]
    assert len(result.messages) == 1 and "YRD-002" in result.messages[0]
    assert AuditEvent.objects.get(action="review.assigned").data["messages"] == result.messages


def test_no_cases_or_no_experts_is_refused_in_chinese(call, actor):
    review_round, _cases, _experts = assignment_call(call, cases=0, experts=2)
    with pytest.raises(ValidationError) as no_cases:
        solve_round(round=review_round, actor=actor)
    eligible_case(call)
    CallExpert.objects.update(status=PoolStatus.DECLINED)
    with pytest.raises(ValidationError) as no_experts:
        solve_round(round=review_round, actor=actor)

    assert no_cases.value.messages == ["本轮没有待评审的案例：只有通过形式审查的案例参加分配。"]
    assert no_experts.value.messages == ["本活动还没有接受邀请的评审专家，无法分配。"]
    assert not AuditEvent.objects.filter(action="review.assigned").exists()


def test_a_pinned_pair_that_became_a_conflict_is_refused(call, actor):
    review_round, cases, experts = assignment_call(call, cases=2, experts=2, k=1)
    Assignment.objects.create(round=review_round, case=cases[0], expert=experts[0], pinned=True)
    ConflictOfInterest.objects.create(call=call, case=cases[0], expert=experts[0],
                                      source=ConflictSource.DECLARED, reason="亲属在该单位")

    with pytest.raises(ValidationError) as refused:
        solve_round(round=review_round, actor=actor)

    assert "有利益冲突" in refused.value.messages[0] and "YRD-001" in refused.value.messages[0]
    assert Assignment.objects.filter(round=review_round).count() == 1


# --- Swapping ----------------------------------------------------------------------------------


def test_swapping_in_a_conflicted_expert_is_refused(call, actor):
    review_round, cases, experts = assignment_call(call, cases=2, experts=4, k=1)
    solve_round(round=review_round, actor=actor)
    row = Assignment.objects.get(round=review_round, case=cases[0])
    ConflictOfInterest.objects.create(call=call, case=cases[0], expert=experts[3],
                                      source=ConflictSource.SECRETARIAT, reason="同一集团")

    with pytest.raises(ValidationError) as refused:
        swap_expert(assignment=row, expert=experts[3], actor=actor)

    assert refused.value.messages == ["专家4 与案例 YRD-001 有利益冲突，不能分配。"]
    row.refresh_from_db()
    assert row.expert != experts[3] and not row.pinned
    assert not AuditEvent.objects.filter(action="review.swapped").exists()


def test_swapping_in_an_expert_at_the_maximum_load_is_refused(call, actor):
    review_round, cases, experts = assignment_call(call, cases=2, experts=2, k=1, max_load=1)
    solve_round(round=review_round, actor=actor)
    row = Assignment.objects.get(round=review_round, case=cases[0])

    with pytest.raises(ValidationError) as refused:
        swap_expert(assignment=row, expert=experts[1], actor=actor)

    assert refused.value.messages == ["专家2 已分配 1 个案例，达到本轮每位专家最多 1 个。"]
