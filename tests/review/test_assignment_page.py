"""The secretariat's assignment page of a round: who may see it, what it shows,
re-solving and pinning from it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casebook.calls.enums import StaffRole
from casebook.calls.models import CallStaff
from casebook.core.models import AuditEvent
from casebook.experts.enums import ConflictSource
from casebook.experts.models import ConflictOfInterest
from casebook.review.models import Assignment
from casebook.review.services import solve_round
from tests.factories import CallFactory, CaseFactory, MembershipFactory, UserFactory
from tests.submissions.secretariat import open_page, secretariat_of

from .helpers import assignment_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return CallFactory(slug="yrd-test", title="第四届长三角卫生健康治理最佳实践案例评选")


@pytest.fixture
def secretariat(call):
    return secretariat_of(call, name="李秘书")


def page_url(call, rest=""):
    return f"/manage/{call.slug}/review/r1/assignment/{rest}"


@pytest.mark.parametrize("who", ["applicant", "other_secretariat", "expert"])
def test_anyone_but_the_calls_secretariat_gets_404(client, call, who):
    review_round, _cases, _experts = assignment_call(call, cases=2, experts=2, k=1)
    solve_round(round=review_round, actor=None)
    row = Assignment.objects.first()
    if who == "applicant":
        user = MembershipFactory(organization=CaseFactory(call=call).lead_organization).user
    elif who == "other_secretariat":
        user = secretariat_of(CallFactory())
    else:
        user = UserFactory()
        CallStaff.objects.create(call=call, user=user, role=StaffRole.EXPERT)
    events = AuditEvent.objects.count()
    client.force_login(user)

    statuses = [client.get(page_url(call)).status_code, client.post(page_url(call, "solve/")).status_code,
                client.post(page_url(call, f"{row.pk}/pin/"), {"pinned": "1"}).status_code,
                client.post(page_url(call, f"{row.pk}/swap/"), {"expert": row.expert_id}).status_code]

    assert statuses == [404, 404, 404, 404]
    assert AuditEvent.objects.count() == events
    assert not Assignment.objects.filter(pinned=True).exists()


def test_an_unknown_round_is_404_for_the_secretariat(client, call, secretariat):
    assignment_call(call, cases=1, experts=1, k=1)
    client.force_login(secretariat)

    assert client.get(f"/manage/{call.slug}/review/r9/assignment/").status_code == 404


def test_the_page_lists_each_case_with_its_experts_and_each_experts_load(client, call, secretariat):
    review_round, cases, experts = assignment_call(call, cases=2, experts=2, k=1)
    solve_round(round=review_round, actor=secretariat)

    html = open_page(client, secretariat, page_url(call))

    assert "专家分配 · 初审" in html
    case_row = html[html.index(f'id="case-{cases[0].pk}"'):html.index(f'id="case-{cases[1].pk}"')]
    assert "YRD-001" in case_row and "专家1（2.00）" in case_row and "锁定" in case_row
    expert_row = html[html.index(f'id="expert-{experts[0].pk}"'):]
    assert '<td data-label="分配案例数" class="load">1</td>' in expert_row
    assert "重新分配" in html
    # The experts subnav links the page.
    assert f'href="{page_url(call)}" aria-current="page"' in html


def test_shortfalls_are_shown(client, call, secretariat):
    review_round, cases, experts = assignment_call(call, cases=2, experts=2, k=2)
    for expert in experts:
        ConflictOfInterest.objects.create(call=call, case=cases[1], expert=expert,
                                          source=ConflictSource.SECRETARIAT, reason="同一集团")
    result = solve_round(round=review_round, actor=secretariat)

    html = open_page(client, secretariat, page_url(call))

    assert "未能满足的要求" in html and result.messages[0] in html
    assert "缺 2 位专家" in html and "缺 1 位专家" not in html


def test_resolving_from_the_page_keeps_pinned_pairs(client, call, secretariat):
    review_round, cases, experts = assignment_call(call, cases=2, experts=4, k=1)
    pinned = Assignment.objects.create(round=review_round, case=cases[0], expert=experts[3], pinned=True)
    client.force_login(secretariat)

    response = client.post(page_url(call, "solve/"), follow=True)

    assert response.redirect_chain == [(page_url(call), 302)]
    assert "已重新分配：2 个分配" in response.content.decode()
    rows = Assignment.objects.filter(round=review_round).order_by("case__number")
    assert [(row.case.number, row.pinned) for row in rows] == [("YRD-001", True), ("YRD-002", False)]
    assert rows[0].pk == pinned.pk and rows[0].expert == experts[3]
    assert rows[1].expert.email in {"e2@example.org", "e4@example.org"}  # the 保障 experts tie at 2.0
    assert AuditEvent.objects.get(action="review.assigned").actor == secretariat


def test_a_refused_solve_shows_the_reason(client, call, secretariat):
    assignment_call(call, cases=0, experts=1, k=1)
    client.force_login(secretariat)

    response = client.post(page_url(call, "solve/"), follow=True)

    assert "本轮没有待评审的案例" in response.content.decode()


def test_pin_toggles_are_audited(client, call, secretariat):
    review_round, _cases, _experts = assignment_call(call, cases=1, experts=1, k=1)
    solve_round(round=review_round, actor=secretariat)
    row = Assignment.objects.get()
    client.force_login(secretariat)

    client.post(page_url(call, f"{row.pk}/pin/"), {"pinned": "1"})
    pinned_after_pin = Assignment.objects.get().pinned
    client.post(page_url(call, f"{row.pk}/pin/"), {"pinned": "0"})

    assert (pinned_after_pin, Assignment.objects.get().pinned) == (True, False)
    assert list(AuditEvent.objects.filter(action__startswith="review.").exclude(action="review.assigned")
                .values_list("action", "data__expert").order_by("pk")) == [
        ("review.pinned", "e1@example.org"), ("review.unpinned", "e1@example.org")]


def test_the_page_reads_in_the_same_number_of_queries_for_1_or_3_cases(client, call, secretariat):
    review_round, cases, _experts = assignment_call(call, cases=1, experts=2, k=1)
    solve_round(round=review_round, actor=None)
    client.force_login(secretariat)
    with CaptureQueriesContext(connection) as one:
        client.get(page_url(call))
    for number in ["YRD-101", "YRD-102"]:
        CaseFactory(call=call, number=number, status="eligible", domain=cases[0].domain)
    solve_round(round=review_round, actor=None)
    with CaptureQueriesContext(connection) as three:
        client.get(page_url(call))

    assert Assignment.objects.count() == 3
    assert len(three) == len(one)


def test_the_secretariat_swaps_an_expert_and_the_new_pair_is_pinned(client, call, secretariat):
    review_round, cases, experts = assignment_call(call, cases=2, experts=3, k=1)
    solve_round(round=review_round, actor=secretariat)
    row = Assignment.objects.get(case=cases[0])
    other = next(e for e in experts if e.pk != row.expert_id and not Assignment.objects.filter(expert=e).exists())
    client.force_login(secretariat)

    response = client.post(page_url(call, f"{row.pk}/swap/"), {"expert": other.pk}, follow=True)

    row.refresh_from_db()
    assert (row.expert, row.pinned) == (other, True)
    assert f"已替换：{cases[0].number} 由 {other.name} 代替" in response.content.decode()
    assert AuditEvent.objects.filter(action="review.swapped").count() == 1


def test_a_swap_to_a_conflicted_expert_is_refused_with_the_reason(client, call, secretariat):
    review_round, cases, experts = assignment_call(call, cases=2, experts=3, k=1)
    solve_round(round=review_round, actor=secretariat)
    row = Assignment.objects.get(case=cases[0])
    other = next(e for e in experts if e.pk != row.expert_id)
    ConflictOfInterest.objects.create(call=call, case=cases[0], expert=other, source=ConflictSource.SECRETARIAT,
                                      reason="曾参与该项目设计")
    client.force_login(secretariat)

    response = client.post(page_url(call, f"{row.pk}/swap/"), {"expert": other.pk}, follow=True)

    row.refresh_from_db()
    assert row.expert_id != other.pk
    assert f"{other.name} 与案例 {cases[0].number} 有利益冲突，不能分配。" in response.content.decode()


def test_a_swap_to_someone_outside_the_pool_is_404(client, call, secretariat):
    review_round, cases, _experts = assignment_call(call, cases=1, experts=2, k=1)
    solve_round(round=review_round, actor=secretariat)
    row = Assignment.objects.get(case=cases[0])
    client.force_login(secretariat)

    assert client.post(page_url(call, f"{row.pk}/swap/"), {"expert": "abc"}).status_code == 404
    assert client.post(page_url(call, f"{row.pk}/swap/"), {"expert": 999999}).status_code == 404
