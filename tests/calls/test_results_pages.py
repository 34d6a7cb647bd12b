"""The results page: the announced winners by category, as the public may see them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casebook.calls.enums import AwardKind
from casebook.calls.seeding import load_seed_calls
from casebook.submissions.enums import CaseStatus
from tests.factories import (
    AwardCategoryFactory,
    AwardFactory,
    CallFactory,
    CaseFactory,
    CaseUnitFactory,
    OrganizationFactory,
)
from tests.publishing.html import get_page

pytestmark = pytest.mark.django_db

RESULTS = "/calls/healthy-shanghai-2/results/"


@pytest.fixture
def shanghai_results(client):
    load_seed_calls()
    return get_page(client, RESULTS)


@pytest.fixture
def announced():
    return CallFactory(results_published_at=timezone.now(), results_title="第九届示例评选结果公布")


def test_the_results_page_has_the_heading_intro_and_submission_count(shanghai_results):
    assert "<h1>第二轮健康上海行动优秀案例征集推选活动结果揭晓</h1>" in shanghai_results
    assert "公布日期：2024年8月22日" in shanghai_results
    assert '<span class="submission-count">共收到案例278个</span>' in shanghai_results
    assert "<p>此次征集活动共收到社会各界报送案例278个,经专家评审" in shanghai_results


def test_categories_come_in_order_with_anchor_links(shanghai_results):
    assert ('<a href="#award-model_case">示范案例<span class="toc__count">（10项）</span></a>'
            in shanghai_results)
    assert ('<a href="#award-excellent_case">优秀案例<span class="toc__count">（30项）</span></a>'
            in shanghai_results)
    assert '<section class="award-category" id="award-model_case"' in shanghai_results
    assert shanghai_results.index('id="award-model_case"') \
        < shanghai_results.index('id="award-excellent_case"')


def test_each_award_shows_number_units_title_and_summary(shanghai_results):
    assert ('<span class="award__number">9</span> <div class="award__body"> '
            '<p class="award__units">上海市健康促进中心</p> '
            '<h3 class="award__title">“控烟行动三部曲”促进健康上海建设</h3> '
            '<p class="award__summary">自2010年上海控烟立法以来' in shanghai_results)
    # Co-units follow the lead unit, joined by 、.
    assert ('<p class="award__units">'
            '上海市生态环境局、上海市环境科学研究院、复旦大学附属华山医院</p> '
            '<h3 class="award__title">监测污水中病原与药物,共同守护城市健康</h3> </div>'
            in shanghai_results)


def test_awards_within_a_category_follow_their_rank(shanghai_results):
    first, tenth = "加强爱国卫生与健康促进融合立法", "打造具有长宁特色的“一江一河”健康公共空间"
    assert shanghai_results.index(first) < shanghai_results.index(tenth) \
        < shanghai_results.index('id="award-excellent_case"')


def test_a_disqualified_case_never_appears(client, announced):
    category = AwardCategoryFactory(call=announced, name="卓越案例奖")
    AwardFactory(category=category, case__title="如实申报的案例", rank=1)
    AwardFactory(category=category, rank=2, case__title="弄虚作假的案例",
                 case__status=CaseStatus.DISQUALIFIED)

    page = get_page(client, f"/calls/{announced.slug}/results/")

    assert '<h3 class="award__title">如实申报的案例</h3>' in page
    assert "弄虚作假的案例" not in page
    assert '<span class="toc__count">（1项）</span>' in page


def test_organisation_awards_list_units(client, announced):
    category = AwardCategoryFactory(call=announced, name="优秀组织奖", kind=AwardKind.ORGANIZATION)
    AwardFactory(category=category, case=None, rank=1,
                 organization=OrganizationFactory(name="上海市卫生健康委员会"))

    page = get_page(client, f"/calls/{announced.slug}/results/")

    assert '<h2 id="award-' in page
    assert '<p class="award__org">上海市卫生健康委员会</p>' in page


def test_without_a_reported_count_the_submitted_cases_are_counted(client, announced):
    AwardFactory(category=AwardCategoryFactory(call=announced))
    CaseFactory(call=announced)
    CaseFactory(call=announced, status=CaseStatus.DRAFT)

    page = get_page(client, f"/calls/{announced.slug}/results/")

    assert "<h1>第九届示例评选结果公布</h1>" in page
    assert '<span class="submission-count">共收到案例2个</span>' in page


def test_results_before_the_announcement_are_404(client):
    load_seed_calls()

    assert client.get("/calls/yrd-health-4/results/").status_code == 404


def test_results_of_an_unpublished_call_are_404(client):
    call = CallFactory(published=False, results_published_at=timezone.now())

    assert client.get(f"/calls/{call.slug}/results/").status_code == 404


def _awards_with_co_units(call, count):
    category = AwardCategoryFactory(call=call)
    for _ in range(count):
        award = AwardFactory(category=category, case__summary="简介")
        CaseUnitFactory(case=award.case)
        CaseUnitFactory(case=award.case)
    AwardFactory(category=AwardCategoryFactory(call=call, kind=AwardKind.ORGANIZATION), case=None,
                 organization=OrganizationFactory())


def test_the_results_page_query_count_does_not_grow_with_the_awards(client):
    small, large = (CallFactory(results_published_at=timezone.now()) for _ in range(2))
    _awards_with_co_units(small, 1)
    _awards_with_co_units(large, 3)

    counts = []
    for call in (small, large):
        with CaptureQueriesContext(connection) as queries:
            get_page(client, f"/calls/{call.slug}/results/")
        counts.append(len(queries))

    assert counts[0] == counts[1]
