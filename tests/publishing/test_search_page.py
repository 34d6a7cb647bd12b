"""The /search/ page: query, filters, highlighted hits, clear messages for bad input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casebook.calls.models import AwardCategory
from casebook.calls.seeding import load_seed_calls
from tests.factories import (
    AwardCategoryFactory,
    AwardFactory,
    CallFactory,
    CaseUnitFactory,
    DomainFactory,
    SectionFactory,
)

from .html import get_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    load_seed_calls()


def test_searching_tobacco_control_shows_both_cases_highlighted(client, archive):
    page = get_page(client, "/search/", data={"q": "控烟"})

    assert '<p class="result-count" role="status">共找到 2 个案例</p>' in page
    assert ('<a href="/calls/healthy-shanghai-2/results/#case-' in page)
    assert "“<mark>控烟</mark>行动三部曲”促进健康上海建设</a>" in page
    assert "“十月怀胎·爸爸<mark>戒烟</mark>”创新探索<mark>戒烟</mark>综合干预模</a>" in page
    assert '<p class="hit__units">上海市<mark>控制吸烟</mark>协会</p>' in page
    assert ('检索词：<span class="search-terms__term">控烟<span class="search-terms__variants">'
            '（控制吸烟、吸烟、戒烟、禁烟、二手烟、烟草）</span></span>') in page
    assert "提升垃圾分类精细化管理水平" not in page


def test_the_page_shows_which_call_and_award_each_hit_belongs_to(client, archive):
    page = get_page(client, "/search/", data={"q": "戒烟"})

    assert ('<p class="hit__meta"> <span>第二轮健康上海行动优秀案例征集推选活动</span> '
            '<span class="tag">优秀案例</span> </p>') in page


def test_an_empty_query_lists_all_published_cases_a_page_at_a_time(client, archive):
    first = get_page(client, "/search/")
    second = get_page(client, "/search/", data={"page": 2})

    assert '<p class="result-count" role="status">共找到 40 个案例</p>' in first
    assert "第 1 页，共 2 页" in first
    assert '<a href="?page=2" rel="next">下一页</a>' in first
    assert "加强爱国卫生与健康促进融合立法" in first
    assert "“十月怀胎·爸爸戒烟”创新探索戒烟综合干预模" in second
    assert "加强爱国卫生与健康促进融合立法" not in second


def test_nothing_found_says_so_and_suggests_what_to_try(client, archive):
    page = get_page(client, "/search/", data={"q": "航天"})

    assert "共找到 0 个案例" in page
    assert "没有找到匹配的案例。可以换一个更短的词，或去掉筛选条件再试。" in page


def test_filters_narrow_the_search(client, archive):
    model_case = AwardCategory.objects.get(call__slug="healthy-shanghai-2", key="model_case")

    page = get_page(client, "/search/", data={"q": "控烟", "call": "healthy-shanghai-2",
                                              "category": model_case.pk})

    assert "共找到 1 个案例" in page
    assert "“<mark>控烟</mark>行动三部曲”" in page
    assert (f'<option value="{model_case.pk}" selected>'
            '第二轮健康上海行动优秀案例征集推选活动 · 示范案例</option>') in page


def test_bad_filter_values_get_a_clear_chinese_message(client, archive):
    page = get_page(client, "/search/", data={"q": "控烟", "call": "no-such-call",
                                              "category": "abc", "domain": "999999"})

    assert "筛选条件有误，请修改后重新检索：" in page
    assert ('<li id="id_call_error">'
            '评选活动：没有找到评选活动“no-such-call”，或它尚未公布结果。</li>') in page
    assert '<li id="id_category_error">奖项：奖项“abc”不存在，请从列表中选择。</li>' in page
    assert '<li id="id_domain_error">领域：领域“999999”不存在，请从列表中选择。</li>' in page
    assert 'aria-invalid="true" aria-describedby="id_call_error"' in page
    assert "共找到" not in page


def test_a_call_without_announced_results_is_not_a_filter_choice(client, archive):
    page = get_page(client, "/search/", data={"call": "yrd-health-4"})

    assert "没有找到评选活动“yrd-health-4”，或它尚未公布结果。" in page


def test_htmx_requests_get_only_the_results(client, archive):
    response = client.get("/search/", {"q": "控烟"}, headers={"HX-Request": "true"})
    html = response.content.decode()

    assert html.lstrip().startswith('<div id="search-results" class="search-results">')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_a_history_restore_gets_the_whole_page(client, archive):
    response = client.get("/search/", {"q": "控烟"},
                          headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})

    assert "<html" in response.content.decode()


def test_unit_and_case_text_cannot_inject_markup(client):
    call = CallFactory(results_published_at=timezone.now())
    AwardFactory(category=AwardCategoryFactory(call=call), case__title="<script>控烟</script>")

    page = get_page(client, "/search/", data={"q": "控烟"})

    assert "&lt;script&gt;<mark>控烟</mark>&lt;/script&gt;" in page
    assert "<script>控烟" not in page


def _published_cases(count):
    call = CallFactory(results_published_at=timezone.now())
    SectionFactory(call=call, key="background")
    category = AwardCategoryFactory(call=call)
    domain = DomainFactory(call=call)
    for n in range(count):
        award = AwardFactory(category=category, case__title=f"社区健康案例{n}",
                             case__domain=domain, case__summary="社区健康管理")
        CaseUnitFactory(case=award.case)


@pytest.mark.parametrize("query", ["", "社区健康"])
def test_the_search_page_query_count_does_not_grow_with_the_hits(client, query):
    counts = []
    for count in (1, 3):
        _published_cases(count)
        with CaptureQueriesContext(connection) as queries:
            page = get_page(client, "/search/", data={"q": query})
        counts.append(len(queries))
        assert f"共找到 {count if count == 1 else 4} 个案例" in page

    assert counts[0] == counts[1]
