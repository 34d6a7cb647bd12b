"""The secretariat's case list (/manage/<slug>/cases/): filters with their counts,
sorting, the row contents, the query shape, and who may see it."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casebook.submissions.enums import CaseStatus, Channel
from tests.factories import (
    CallFactory,
    CaseFactory,
    CaseUnitFactory,
    MembershipFactory,
    OrganizationFactory,
    UnitTypeFactory,
    UserFactory,
    make_credit_code,
)

from .secretariat import open_page, problem, secretariat_of

pytestmark = pytest.mark.django_db


def numbers(page: str) -> list[str]:
    """The case numbers of the list's rows, in order."""
    return re.findall(r'class="case-table__number"><a href="[^"]+">([^<]+)</a>', page)


def count(label: str, n: int) -> str:
    """How a facet value and its count read in the page."""
    return f'{label} <span class="facet__count">{n}</span>'


@pytest.fixture
def call():
    return CallFactory(slug="yrd-test", case_number_prefix="YRD4")


@pytest.fixture
def secretariat(call):
    return secretariat_of(call, name="李秘书")


@pytest.fixture
def cases(call):
    """Three units in three provinces, with a spread of statuses and problems."""
    hospital = UnitTypeFactory(key="hospital", name="医院")
    cdc = UnitTypeFactory(key="cdc", name="疾控中心")
    shanghai = OrganizationFactory(name="示例区第一人民医院", province="31", unit_type=hospital)
    jiangsu = OrganizationFactory(name="示例市疾病预防控制中心", province="32", unit_type=cdc,
                                  credit_code=make_credit_code(501, province="32"))
    guangdong = OrganizationFactory(name="广东省示例医院", province="44", unit_type=hospital,
                                    credit_code=make_credit_code(502, province="44"))
    base = timezone.now() - dt.timedelta(days=3)
    made = {
        "first": CaseFactory(call=call, number="YRD4-0001", title="互联网医院线上复诊",
                             lead_organization=shanghai, submitted_at=base),
        "second": CaseFactory(call=call, number="YRD4-0002", title="学校传染病预警",
                              lead_organization=jiangsu, status=CaseStatus.ELIGIBLE,
                              channel=Channel.EMAIL, submitted_at=base + dt.timedelta(hours=1)),
        "third": CaseFactory(call=call, number="YRD4-0003", title="社区健康服务圈",
                             lead_organization=guangdong, submitted_at=base + dt.timedelta(hours=2)),
        "draft": CaseFactory(call=call, number="", title="尚未提交的草稿", status=CaseStatus.DRAFT,
                             lead_organization=shanghai, submitted_at=None),
    }
    problem(made["third"], "region", "申报单位所在地区（广东省）不在本次评选范围内。")
    problem(made["first"], "evidence_missing", "缺少必交的佐证材料：图片。")
    problem(made["second"], "section_too_short", "字数不足", overridden_at=timezone.now(),
            override_reason="附件中有完整材料")
    CaseUnitFactory(case=made["first"], organization=jiangsu)
    return made


def test_the_list_shows_handed_in_cases_and_counts_every_status(client, call, secretariat, cases):
    page = open_page(client, secretariat, f"/manage/{call.slug}/cases/")

    assert numbers(page) == ["YRD4-0001", "YRD4-0002", "YRD4-0003"]
    assert "尚未提交的草稿" not in page
    assert "共 3 件（不含草稿）" in page
    assert "<li>草稿 <strong>1</strong></li><li>已提交 <strong>2</strong></li>" \
           "<li>形式审查通过 <strong>1</strong></li>" in page
    assert count("上海市", 1) in page and count("江苏省", 1) in page and count("广东省", 1) in page
    assert count("医院", 2) in page and count("疾控中心", 1) in page
    assert count("有问题", 2) in page and count("无问题", 1) in page
    assert count("地区不符", 1) in page and count("佐证材料缺失", 1) in page
    assert "申报书章节字数不足" not in page.split('class="facets"')[1].split("</aside>")[0]
    assert count("网上申报", 2) in page and count("邮件申报", 1) in page


def test_a_row_names_the_unit_its_co_units_province_type_status_problems_and_time(
    client, call, secretariat, cases,
):
    Case = type(cases["first"])
    Case.objects.filter(pk=cases["first"].pk).update(
        submitted_at=dt.datetime(2025, 3, 1, 2, 30, tzinfo=dt.UTC))

    page = open_page(client, secretariat, f"/manage/{call.slug}/cases/")

    row = page[page.index("YRD4-0001</a>"):page.index("YRD4-0002</a>")]
    assert "互联网医院线上复诊" in row
    assert "示例区第一人民医院" in row
    assert '<span class="table__note">上海市 · 医院 · 另有合作单位 1 家</span>' in row
    assert "已提交</span>" in row
    assert '<span class="badge badge--problem" title="缺少必交的佐证材料：图片。">佐证材料缺失</span>' in row
    assert "2025-03-01 10:30" in row  # 02:30 UTC is 10:30 in Beijing
    waived = page[page.index("YRD4-0002</a>"):page.index("YRD4-0003</a>")]
    assert "<s>申报书章节字数不足</s> 已豁免" in waived


@pytest.mark.parametrize(("query", "expected"), [
    ({"status": "eligible"}, ["YRD4-0002"]),
    ({"status": "draft"}, ["草稿"]),
    ({"province": "32"}, ["YRD4-0002"]),
    ({"unit_type": "hospital"}, ["YRD4-0001", "YRD4-0003"]),
    ({"problem": "region"}, ["YRD4-0003"]),
    ({"problem": "any"}, ["YRD4-0001", "YRD4-0003"]),
    ({"problem": "none"}, ["YRD4-0002"]),
    ({"problem": "section_too_short"}, []),  # overridden: no longer a problem
    ({"channel": "email"}, ["YRD4-0002"]),
    ({"q": "传染病"}, ["YRD4-0002"]),
    ({"q": "疾病预防控制"}, ["YRD4-0001", "YRD4-0002"]),  # lead unit, or co-unit
    ({"q": "yrd4-0003"}, ["YRD4-0003"]),
    ({"province": "31", "problem": "any"}, ["YRD4-0001"]),
])
def test_each_filter_narrows_the_list(client, call, secretariat, cases, query, expected):
    page = open_page(client, secretariat, f"/manage/{call.slug}/cases/", **query)

    assert numbers(page) == expected


def test_a_facet_counts_the_cases_its_values_would_show_under_the_other_filters(
    client, call, secretariat, cases,
):
    page = open_page(client, secretariat, f"/manage/{call.slug}/cases/", unit_type="hospital")

    assert count("上海市", 1) in page and count("广东省", 1) in page
    assert "江苏省" not in page.split('class="facets"')[1].split("</aside>")[0]
    # The active facet still lists its other values, to switch to them.
    assert count("疾控中心", 1) in page
    assert 'aria-current="true" title="再次点击取消">医院 <span class="facet__count">2</span>' in page
    assert '<a href="?">医院' not in page  # clicking the active value clears it
    assert 'href="?" aria-current="true"' in page


def test_sorting_by_submission_time_newest_first(client, call, secretariat, cases):
    page = open_page(client, secretariat, f"/manage/{call.slug}/cases/", sort="-submitted")

    assert numbers(page) == ["YRD4-0003", "YRD4-0002", "YRD4-0001"]


def test_a_bad_filter_value_is_named_in_chinese_and_ignored(client, call, secretariat, cases):
    page = open_page(client, secretariat, f"/manage/{call.slug}/cases/",
                     status="bogus", province="32")

    assert "以下筛选条件有误，已忽略：" in page
    assert "状态：没有“bogus”这个状态，请从列表中选择。" in page
    assert numbers(page) == ["YRD4-0002"]


def test_the_list_is_paginated(client, call, secretariat, settings):
    CaseFactory.create_batch(51, call=call)

    page = open_page(client, secretariat, f"/manage/{call.slug}/cases/")

    assert len(numbers(page)) == 50
    assert "第 1 页，共 2 页" in page
    assert len(numbers(open_page(client, secretariat, f"/manage/{call.slug}/cases/",
                                 page=2))) == 1


def test_one_case_or_three_cost_the_same_queries(client, call, secretariat):
    def queries() -> int:
        client.force_login(secretariat)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/manage/{call.slug}/cases/").status_code == 200
        return len(captured)

    first = CaseFactory(call=call)
    problem(first, "quota")
    one = queries()
    for case in CaseFactory.create_batch(2, call=call):
        problem(case, "region")
        problem(case, "late", overridden_at=timezone.now())
        CaseUnitFactory(case=case)

    assert queries() == one


def test_another_calls_secretariat_and_an_applicant_get_404(client, call, cases):
    other = secretariat_of(CallFactory())
    applicant = MembershipFactory(organization=cases["first"].lead_organization).user

    for user in (other, applicant):
        client.force_login(user)
        assert client.get(f"/manage/{call.slug}/cases/").status_code == 404
    client.force_login(other)
    assert client.get("/manage/no-such-call/cases/").status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, call):
    response = client.get(f"/manage/{call.slug}/cases/")

    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next=/manage/{call.slug}/cases/"


def test_a_superuser_sees_every_call(client, call, cases):
    page = open_page(client, UserFactory(is_superuser=True), f"/manage/{call.slug}/cases/")

    assert numbers(page) == ["YRD4-0001", "YRD4-0002", "YRD4-0003"]


def test_the_dashboard_leads_the_secretariat_to_the_case_list(client, call, secretariat):
    page = open_page(client, secretariat, "/me/")

    assert f'<a href="/manage/{call.slug}/cases/">案例列表</a>' in page
    assert f'<a href="/manage/{call.slug}/deadline/">截止时间与延期</a>' in page
