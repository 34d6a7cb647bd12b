"""我的案例: a unit's cases by call, reached from the signed-in page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casebook.submissions.enums import CaseStatus, ProblemCode
from casebook.submissions.models import EligibilityProblem
from tests.factories import CaseFactory, MembershipFactory, UserFactory
from tests.publishing.html import get_page

from .applicant import unit_member, yrd_like_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    membership = unit_member()
    client.force_login(membership.user)
    return membership


def test_the_dashboard_links_to_my_cases_and_my_units(client, member):
    page = get_page(client, "/me/")

    assert '<a class="button button--primary" href="/cases/">我的案例</a>' in page
    assert '<a class="button" href="/units/">我的单位</a>' in page


def test_cases_are_listed_by_call_with_number_status_problems_and_deadline(client, member):
    call = yrd_like_call()
    unit = member.organization
    submitted = CaseFactory(call=call, lead_organization=unit, number="YRD4-0007",
                            title="健康驿站")
    EligibilityProblem.objects.create(case=submitted, code=ProblemCode.LATE, message="逾期")
    CaseFactory(call=call, lead_organization=unit, number="", status=CaseStatus.DRAFT,
                title="尚在填写的案例")
    CaseFactory(call=call, title="别的单位的案例")

    page = get_page(client, "/cases/")

    assert f'<h2 id="call-{call.pk}" class="section-title">第四届长三角卫生健康治理最佳实践案例评选</h2>' in page
    assert "申报截止：" in page
    assert ('<span class="case-row__number case-number">YRD4-0007</span> '
            f'<a class="case-row__title" href="/cases/{submitted.pk}/">健康驿站</a> '
            '<span class="case-row__status"><span class="badge status status--submitted">已提交</span>'
            '</span> <span class="case-row__problems"><span class="problem-count">1 个问题</span>'
            ) in page
    assert ('<span class="case-row__number case-number">未编号</span>' in page)
    assert "尚在填写的案例" in page
    assert "别的单位的案例" not in page
    assert f'href="/cases/new/{call.slug}/">新建案例</a>' in page


def test_without_a_unit_the_page_says_to_register_one_first(client):
    client.force_login(UserFactory())

    page = get_page(client, "/cases/")

    assert "以单位名义申报案例前，请先登记本单位，或申请加入已登记的单位。" in page
    assert '<a class="button button--primary" href="/units/">登记或加入单位</a>' in page


def test_my_cases_costs_the_same_queries_for_one_case_as_for_many(client, member):
    calls = [yrd_like_call(), yrd_like_call(slug="other-call", case_number_prefix="OC")]

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/cases/").status_code == 200
        return len(captured)

    CaseFactory(call=calls[0], lead_organization=member.organization)
    one = queries()
    for call in calls:
        CaseFactory.create_batch(3, call=call, lead_organization=member.organization)
    MembershipFactory(user=member.user)  # and a second unit
    assert queries() == one
