"""获奖证书查验: anyone holding a certificate types its code and learns whether
the award stands (有效) or was revoked (已撤销) — never why, and nothing about
awards whose results are not announced yet."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casebook.awards.selectors import verify_award
from casebook.calls.enums import AwardKind
from casebook.integrity.services import disqualify_case
from tests.factories import (
    AwardCategoryFactory,
    AwardFactory,
    CallFactory,
    OrganizationFactory,
)
from tests.publishing.html import get_page, squeeze
from tests.submissions.secretariat import secretariat_of

pytestmark = pytest.mark.django_db

REASON = "申报材料与往届已公布案例大段雷同，经核实属弄虚作假。"
# 20:30 in Shanghai on 22 August 2024 is still the 22nd in UTC (12:30).
ANNOUNCED = dt.datetime(2024, 8, 22, 12, 30, tzinfo=dt.UTC)


@pytest.fixture
def call():
    return CallFactory(slug="hs-test", title="第二轮健康上海行动优秀案例征集推选活动",
                       results_published_at=ANNOUNCED)


@pytest.fixture
def award(call):
    category = AwardCategoryFactory(call=call, key="model_case", name="示范案例")
    return AwardFactory(category=category, verification_code="7KQ4M9TXH2WC",
                        case__title="“控烟行动三部曲”促进健康上海建设",
                        case__lead_organization__name="上海市健康促进中心")


def verify_url(code: str) -> str:
    return f"/awards/verify/{code}/"


def not_found(client, url: str, **kwargs) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == 404, f"{url} answered {response.status_code}"
    return squeeze(response.content.decode())


# --- A certificate that stands and one that was revoked ----------------------------------------


def test_a_valid_award_says_so_with_what_was_awarded(client, award):
    page = get_page(client, verify_url("7KQ4M9TXH2WC"))

    assert "<h1>证书编号 7KQ4M9TXH2WC</h1>" in page
    assert '<p class="alert__title">查验结果：有效</p>' in page
    assert '<dt>查验结果</dt><dd><span class="badge badge--open">有效</span></dd>' in page
    assert "<dt>奖项</dt><dd>示范案例</dd>" in page
    assert ('<dt>评选活动</dt><dd><a href="/calls/hs-test/">第二轮健康上海行动优秀案例征集推选活动</a></dd>'
            in page)
    assert "<dt>获奖案例</dt><dd>“控烟行动三部曲”促进健康上海建设</dd>" in page
    assert "<dt>申报单位</dt><dd>上海市健康促进中心</dd>" in page
    assert "<dt>公布日期</dt><dd>2024年8月22日</dd>" in page
    assert '<a href="/calls/hs-test/results/">查看该评选活动的获奖名单</a>' in page
    assert "已撤销" not in page


def test_after_disqualification_the_same_code_says_revoked_with_its_date_not_the_reason(
        client, call, award):
    disqualify_case(case=award.case, actor=secretariat_of(call), reason=REASON)

    award.refresh_from_db()
    revoked_on = award.revoked_at.astimezone(dt.timezone(dt.timedelta(hours=8))).date()
    date = f"{revoked_on.year}年{revoked_on.month}月{revoked_on.day}日"
    page = get_page(client, verify_url("7KQ4M9TXH2WC"))
    assert '<p class="alert__title">查验结果：已撤销</p>' in page
    assert f"<p>该奖项已于{date}被组委会撤销，证书随之失效。</p>" in page
    assert f"<dt>撤销日期</dt><dd>{date}</dd>" in page
    assert '<dt>查验结果</dt><dd><span class="badge badge--required">已撤销</span></dd>' in page
    assert "<dt>获奖案例</dt><dd>“控烟行动三部曲”促进健康上海建设</dd>" in page
    assert "有效" not in page
    assert REASON not in page
    assert "弄虚作假" not in page


def test_the_revocation_date_is_the_day_in_shanghai(client, award):
    # 17:30 UTC on 1 March is 01:30 on 2 March in Shanghai.
    award.revoked_at = dt.datetime(2025, 3, 1, 17, 30, tzinfo=dt.UTC)
    award.revoked_reason = REASON
    award.save()

    page = get_page(client, verify_url("7KQ4M9TXH2WC"))

    assert "<dt>撤销日期</dt><dd>2025年3月2日</dd>" in page
    assert REASON not in page


def test_an_organisation_award_names_the_unit(client, call):
    category = AwardCategoryFactory(call=call, name="优秀组织奖", kind=AwardKind.ORGANIZATION)
    AwardFactory(category=category, case=None, verification_code="ABCDEFGHJKLM",
                 organization=OrganizationFactory(name="上海市黄浦区卫生健康委员会"))

    page = get_page(client, verify_url("ABCDEFGHJKLM"))

    assert '<p class="alert__title">查验结果：有效</p>' in page
    assert "<dt>奖项</dt><dd>优秀组织奖</dd>" in page
    assert "<dt>获奖单位</dt><dd>上海市黄浦区卫生健康委员会</dd>" in page
    assert "获奖案例" not in page


# --- Codes as people type them -----------------------------------------------------------------


@pytest.mark.parametrize("typed", ["7kq4m9txh2wc", "7KQ4-M9TX-H2WC", "7kq4 m9tx h2wc"])
def test_the_code_is_found_however_it_is_cased_or_grouped(client, award, typed):
    page = get_page(client, verify_url(typed))

    assert "<h1>证书编号 7KQ4M9TXH2WC</h1>" in page
    assert '<p class="alert__title">查验结果：有效</p>' in page


@pytest.mark.parametrize("code", ["7KQ4M9TXH2WD", "NOT-A-CODE", "7KQ4M9TXH2WC7"])
def test_an_unknown_code_is_a_404_that_says_so_in_chinese(client, award, code):
    page = not_found(client, verify_url(code))

    assert "<title>未找到该证书编号 · " in page
    assert '<p class="alert__title">未找到该证书编号</p>' in page
    assert f"没有编号为“{code}”的获奖证书。请核对证书上的编号后重新输入" in page
    assert '<form class="search-form" method="get" action="/awards/verify/">' in page
    assert "示范案例" not in page


@pytest.mark.parametrize("hidden", [{"results_published_at": None}, {"published": False}])
def test_an_award_of_a_call_without_announced_results_is_not_found(client, call, award, hidden):
    for field, value in hidden.items():
        setattr(call, field, value)
    call.save()

    page = not_found(client, verify_url("7KQ4M9TXH2WC"))

    assert '<p class="alert__title">未找到该证书编号</p>' in page
    assert "控烟行动三部曲" not in page
    assert verify_award("7KQ4M9TXH2WC") is None


def test_the_lookup_is_one_query(award):
    with CaptureQueriesContext(connection) as queries:
        verification = verify_award("7kq4m9txh2wc")
        assert (verification.case.lead_organization.name, verification.call.title) == (
            "上海市健康促进中心", "第二轮健康上海行动优秀案例征集推选活动")

    assert len(queries) == 1
    assert "revoked_reason" not in queries[0]["sql"]


# --- The form to type a code in ----------------------------------------------------------------


def test_the_form_page_asks_for_the_code(client):
    page = get_page(client, "/awards/verify/")

    assert "<h1>获奖证书查验</h1>" in page
    assert '<label for="id_code">证书编号</label>' in page
    assert '<button type="submit" class="button button--primary">查验</button>' in page
    assert "alert--error" not in page


def test_a_typed_code_leads_to_its_page(client, award):
    response = client.get("/awards/verify/", {"code": " 7kq4-m9tx-h2wc "})

    assert response.status_code == 302
    assert response["Location"] == "/awards/verify/7KQ4M9TXH2WC/"


@pytest.mark.parametrize(("typed", "message"), [
    ("", "请输入证书上的证书编号。"),
    ("7KQ4M9TXH2", "证书编号由12位字母和数字组成（不含数字0、1和字母O、I），请核对后重新输入。"),
    ("7KQ4M9TXH2W0", "证书编号由12位字母和数字组成（不含数字0、1和字母O、I），请核对后重新输入。"),
])
def test_a_malformed_code_is_explained_on_the_form(client, typed, message):
    page = get_page(client, "/awards/verify/", data={"code": typed})

    assert f'<p class="alert alert--error" id="id_code_error" role="alert">{message}</p>' in page
    assert 'aria-describedby="id_code_error"' in page
