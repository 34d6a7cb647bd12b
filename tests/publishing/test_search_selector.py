"""search_published_cases over the Healthy Shanghai archive and factory-made calls."""

import pytest
from django.utils import timezone

from casebook.calls.models import AwardCategory, Call
from casebook.calls.seeding import load_seed_calls
from casebook.publishing.selectors import search_published_cases
from casebook.submissions.enums import CaseStatus
from tests.factories import (
    AwardCategoryFactory,
    AwardFactory,
    CallFactory,
    CaseFactory,
    CaseUnitFactory,
    DomainFactory,
    OrganizationFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

TOBACCO_CASES = ["“控烟行动三部曲”促进健康上海建设", "“十月怀胎·爸爸戒烟”创新探索戒烟综合干预模"]


@pytest.fixture
def archive():
    load_seed_calls()
    return Call.objects.get(slug="healthy-shanghai-2")


@pytest.fixture
def announced():
    return CallFactory(results_published_at=timezone.now())


def titles(query, **filters):
    return [hit.case.title for hit in search_published_cases(query=query, **filters).hits]


def test_tobacco_control_finds_both_tobacco_cases_and_nothing_else(archive):
    # The second case says neither 控烟 nor 吸烟 in its title: its unit is the
    # 上海市控制吸烟协会 and its title speaks of 戒烟.
    assert titles("控烟") == TOBACCO_CASES


def test_an_abbreviation_finds_cases_written_with_the_full_name(archive):
    found = titles("医保")

    assert "医保卡“跨省出游”,牵出长三角同城化便捷生活新图景" in found
    assert "智慧医保,让长护险撑起失能老人“健康伞”" in found
    assert titles("疾控中心") == ["基于实时事件感知的临床疾病监测报告系统研发与推广应用"]


def test_every_word_of_the_query_must_match(archive):
    assert sorted(titles("医保 长护险")) == ["医保卡“跨省出游”,牵出长三角同城化便捷生活新图景",
                                           "智慧医保,让长护险撑起失能老人“健康伞”"]
    assert titles("控烟 垃圾分类") == []


def test_title_hits_rank_above_summary_hits(archive):
    found = titles("垃圾分类")

    assert found[0] == "提升垃圾分类精细化管理水平,持续优化环境建设"


def test_an_empty_query_lists_every_published_case_in_award_order(archive):
    found = titles("")

    assert len(found) == 40
    assert found[0] == "加强爱国卫生与健康促进融合立法,全面提升健康上海建设水平"
    assert found[9] == "打造具有长宁特色的“一江一河”健康公共空间"
    assert found[39] == TOBACCO_CASES[1]


def test_filter_by_award_category(archive):
    model_case = AwardCategory.objects.get(call=archive, key="model_case")

    assert titles("控烟", category=model_case) == TOBACCO_CASES[:1]
    assert len(titles("", category=model_case)) == 10


def test_filter_by_call(archive, announced):
    AwardFactory(category=AwardCategoryFactory(call=announced), case__title="社区控烟志愿服务")

    assert titles("控烟", call=announced) == ["社区控烟志愿服务"]
    assert titles("控烟", call=archive) == TOBACCO_CASES


def test_filter_by_domain_includes_its_sub_domains(announced):
    category = AwardCategoryFactory(call=announced)
    services = DomainFactory(call=announced, name="优化健康服务")
    clinics = DomainFactory(call=announced, name="戒烟门诊", parent=services)
    AwardFactory(category=category, case__title="戒烟门诊全覆盖", case__domain=clinics)
    AwardFactory(category=category, case__title="无烟家庭", case__domain=None)

    assert titles("", domain=services) == ["戒烟门诊全覆盖"]


def test_section_texts_and_co_unit_names_are_searched(announced):
    SectionFactory(call=announced, key="measures")
    category = AwardCategoryFactory(call=announced)
    in_text = AwardFactory(category=category, case__title="家门口的健康小屋",
                           case__sections={"measures": "依托社区卫生服务中心开展戒烟干预"}).case
    with_partner = AwardFactory(category=category, case__title="校园健康副校长").case
    CaseUnitFactory(case=with_partner, organization=OrganizationFactory(name="闵行区控制吸烟协会"))

    hits = search_published_cases(query="控烟").hits

    assert [hit.case for hit in hits] == [with_partner, in_text]
    assert hits[1].excerpt == "依托社区卫生服务中心开展戒烟干预"
    assert hits[0].excerpt == ""


def test_only_awarded_not_disqualified_cases_of_announced_calls_are_searched(announced):
    category = AwardCategoryFactory(call=announced)
    AwardFactory(category=category, case__title="控烟示范单位")
    AwardFactory(category=category, case__title="控烟造假单位",
                 case__status=CaseStatus.DISQUALIFIED)
    CaseFactory(call=announced, title="控烟未获奖单位", status=CaseStatus.NOT_AWARDED)
    pending = CallFactory()
    AwardFactory(category=AwardCategoryFactory(call=pending), case__title="控烟待公布单位")
    hidden = CallFactory(published=False, results_published_at=timezone.now())
    AwardFactory(category=AwardCategoryFactory(call=hidden), case__title="控烟未发布单位")

    assert titles("控烟") == ["控烟示范单位"]


def test_a_case_with_two_awards_is_listed_once(announced):
    case = CaseFactory(call=announced, title="控烟双奖案例", status=CaseStatus.AWARDED)
    AwardFactory(category=AwardCategoryFactory(call=announced, order=1), case=case)
    AwardFactory(category=AwardCategoryFactory(call=announced, order=2), case=case)

    hits = search_published_cases(query="控烟").hits

    assert len(hits) == 1
    assert len(hits[0].awards) == 2


def test_a_query_of_punctuation_only_is_an_empty_query(archive):
    assert titles("“”，%_") == titles("")
