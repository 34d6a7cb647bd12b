"""Near-duplicate cases: a scan of a call stores the pairs it finds, within the call
and against every published case of other calls; the secretariat reviews them on
/manage/<slug>/integrity/, side by side, and decides."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casebook.calls.seeding import load_seed_calls
from casebook.core.models import AuditEvent
from casebook.integrity.enums import MatchStatus
from casebook.integrity.models import SimilarityMatch
from casebook.integrity.services import dismiss_match, scan_call
from casebook.submissions.enums import CaseStatus
from casebook.submissions.models import Case
from casebook.submissions.services import submit_case, withdraw_case
from tests.factories import (
    AwardCategoryFactory,
    AwardFactory,
    CallFactory,
    CallStaffFactory,
    CaseFactory,
    CaseUnitFactory,
    MembershipFactory,
    OrganizationFactory,
    SectionFactory,
)
from tests.publishing.html import squeeze
from tests.submissions.secretariat import open_page, secretariat_of

pytestmark = pytest.mark.django_db

KEYS = ["background", "measures", "outcomes", "outlook"]


def prose(seed: int, chars: int = 600) -> str:
    """Chinese-looking text that shares no passage with any other seed's."""
    rng = random.Random(seed)
    out = []
    for i in range(chars):
        out.append(chr(rng.randint(0x4E00, 0x9FA5)))
        if i % 37 == 36:
            out.append("。")
        elif i % 13 == 12:
            out.append("，")
    return "".join(out)


def texts(seed: int) -> dict[str, str]:
    return {key: prose(seed * 10 + n) for n, key in enumerate(KEYS)}


def blend(original: dict, fresh: dict, share: float) -> dict:
    """Each section: the first `share` of the original, the rest fresh text."""
    return {key: original[key][:round(len(original[key]) * share)]
            + fresh[key][round(len(fresh[key]) * share):] for key in original}


def yrd_call():
    """A YRD-like call with the standard four sections (short titles for the lists)."""
    call = CallFactory(slug="yrd-test", title="第四届长三角卫生健康治理最佳实践案例评选",
                       case_number_prefix="YRD4")
    for order, (key, title) in enumerate([("background", "背景与动因"), ("measures", "举措与机制"),
                                          ("outcomes", "成效与创新"), ("outlook", "启示与展望")]):
        SectionFactory(call=call, key=key, title=f"案例的{title}", short_title=title,
                       number="一二三四"[order] + "、", order=order)
    return call


@pytest.fixture
def call():
    return yrd_call()


@pytest.fixture
def secretariat(call):
    return secretariat_of(call, name="李秘书")


def case_of(call, number, title, unit_name, sections, **fields):
    return CaseFactory(call=call, number=number, title=title, sections=sections,
                       lead_organization=OrganizationFactory(name=unit_name), **fields)


@pytest.fixture
def planted(call):
    """YRD4-0003 is YRD4-0001 copied by another unit; YRD4-0002 is unrelated."""
    original = case_of(call, "YRD4-0001", "社区慢病“三师共管”模式", "上海市示例区社区卫生服务中心",
                       texts(1))
    case_of(call, "YRD4-0002", "学校传染病早发现预警平台", "江苏省示例市疾病预防控制中心", texts(2))
    copy = case_of(call, "YRD4-0003", "慢病管理“三师”协同新机制", "浙江省示例县人民医院",
                   texts(1))
    return original, copy


@pytest.fixture
def archive_case():
    """A Healthy-Shanghai-like call with its results published and an awarded case."""
    archive = CallFactory(slug="hs-archive", title="第二轮健康上海行动优秀案例征集推选活动",
                          results_published_at=timezone.now())
    category = AwardCategoryFactory(call=archive, name="示范案例")
    award = AwardFactory(category=category, case__number="HS2-0009",
                         case__title="“控烟行动三部曲”促进健康上海建设",
                         case__lead_organization__name="上海市健康促进中心",
                         case__sections=texts(9), case__summary=prose(99, 200))
    return award.case


def url(call, rest: str = "") -> str:
    return f"/manage/{call.slug}/integrity/{rest}"


def pairs(call):
    return [(m.case_a.number, m.case_b.number) for m in
            SimilarityMatch.objects.filter(call=call).order_by("case_a__number", "case_b__number")]


# --- Scanning -------------------------------------------------------------------------------------


def test_a_copy_between_two_units_is_found(call, planted, secretariat):
    summary = scan_call(call=call, actor=secretariat)

    match = SimilarityMatch.objects.get()
    assert pairs(call) == [("YRD4-0001", "YRD4-0003")]
    assert (match.reference, match.same_unit, match.status) == (False, False, MatchStatus.OPEN)
    assert match.jaccard == pytest.approx(1.0)
    assert match.containment == pytest.approx(1.0)
    assert match.score == pytest.approx(1.0)
    assert sorted(match.sections) == KEYS
    assert all(scores == {"jaccard": pytest.approx(1.0), "containment": pytest.approx(1.0)}
               for scores in match.sections.values())
    assert (summary.cases, summary.archive, summary.new, summary.open) == (3, 0, 1, 1)
    event = AuditEvent.objects.get(action="integrity.scanned")
    assert (event.actor, event.call) == (secretariat, call)
    assert event.data == {"cases": 3, "archive": 0, "found": 1, "new": 1, "reopened": 0,
                          "open": 1}


def test_a_copy_of_a_published_archive_case_is_found(call, archive_case):
    copy = case_of(call, "YRD4-0001", "控烟三部曲", "江苏省示例市健康促进中心",
                   {**texts(9), "outlook": prose(7)})

    summary = scan_call(call=call)

    match = SimilarityMatch.objects.get()
    assert (match.case_a, match.case_b, match.reference) == (copy, archive_case, True)
    assert match.sections["background"]["jaccard"] == pytest.approx(1.0)
    assert match.sections["outlook"]["jaccard"] < 0.1
    assert 0.5 < match.jaccard < 1
    assert (summary.cases, summary.archive) == (1, 1)


def test_one_copied_section_is_enough_to_list_a_pair(client, call, secretariat):
    case_of(call, "YRD4-0001", "原案例", "甲单位", texts(1))
    case_of(call, "YRD4-0002", "只抄背景", "乙单位", {**texts(2), "background": texts(1)["background"]})

    scan_call(call=call)

    match = SimilarityMatch.objects.get()
    assert match.jaccard < 0.3
    assert match.sections["background"]["jaccard"] == pytest.approx(1.0)
    assert match.score == pytest.approx(1.0)
    page = squeeze(open_page(client, secretariat, url(call)))
    assert "相似度不低于 50% 的共 1 对" in page


def test_the_published_healthy_shanghai_summary_copied_into_a_case_is_found(call):
    load_seed_calls()
    published = Case.objects.get(call__slug="healthy-shanghai-2",
                                 title="“控烟行动三部曲”促进健康上海建设")
    copy = case_of(call, "YRD4-0001", "室外吸烟点示范建设", "江苏省示例市爱国卫生运动委员会办公室",
                   {**texts(5), "background": "项目背景。" + published.summary + texts(5)["background"]})

    scan_call(call=call)

    match = SimilarityMatch.objects.get()
    assert (match.case_a, match.case_b, match.reference) == (copy, published, True)
    assert match.containment > 0.95
    assert match.jaccard < 0.2


def test_a_units_resubmission_is_reported_as_the_same_unit(call, archive_case):
    resubmitted = CaseFactory(call=call, number="YRD4-0001", title="控烟行动三部曲（续）",
                              sections=texts(9), lead_organization=archive_case.lead_organization)
    co_unit_copy = CaseFactory(call=call, number="YRD4-0002", sections=texts(9))
    CaseUnitFactory(case=co_unit_copy, organization=archive_case.lead_organization)

    scan_call(call=call)

    same_unit = dict(SimilarityMatch.objects.values_list("case_a__number", "same_unit")
                     .filter(reference=True))
    assert same_unit == {"YRD4-0001": True, "YRD4-0002": True}
    assert resubmitted.pk in SimilarityMatch.objects.values_list("case_a", flat=True)


def test_drafts_and_withdrawn_cases_are_not_compared(call, planted):
    CaseFactory(call=call, number="", status=CaseStatus.DRAFT, sections=texts(1))
    CaseFactory(call=call, number="YRD4-0004", status=CaseStatus.WITHDRAWN, sections=texts(1))

    scan_call(call=call)

    assert pairs(call) == [("YRD4-0001", "YRD4-0003")]


def test_a_pair_no_longer_similar_goes_but_a_decided_one_stays(call, planted, secretariat):
    original, copy = planted
    other = case_of(call, "YRD4-0004", "另一件", "示例单位", texts(1))
    scan_call(call=call)
    dismiss_match(match=SimilarityMatch.objects.get(case_a=original, case_b=other),
                  actor=secretariat)
    copy.sections = texts(3)
    copy.save()
    other.sections = texts(4)
    other.save()

    scan_call(call=call)

    assert [(a, b, s) for a, b, s in SimilarityMatch.objects.values_list(
        "case_a__number", "case_b__number", "status")] == [
        ("YRD4-0001", "YRD4-0004", "dismissed")]


def test_a_withdrawn_cases_open_pairs_go_at_the_next_scan(call, planted, secretariat):
    _original, copy = planted
    scan_call(call=call)

    withdraw_case(case=copy, actor=None, reason="单位改报其他项目")
    scan_call(call=call)

    assert pairs(call) == []


def test_submitting_a_case_queues_a_scan_of_its_call(call, planted,
                                                      django_capture_on_commit_callbacks):
    call.case_sequence = 3  # YRD4-0001 to 0003 are taken
    call.save()
    member = MembershipFactory(organization__name="安徽省示例市卫生健康委员会")
    draft = CaseFactory(call=call, number="", status=CaseStatus.DRAFT, sections=texts(2),
                        lead_organization=member.organization, submitted_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        submit_case(case=draft, actor=member.user)

    draft.refresh_from_db()
    assert pairs(call) == [("YRD4-0001", "YRD4-0003"), ("YRD4-0002", draft.number)]


# --- Dismissal -------------------------------------------------------------------------------------


def test_a_dismissal_is_remembered_across_rescans(call, secretariat):
    original = case_of(call, "YRD4-0001", "原案例", "甲单位", texts(1))
    similar = case_of(call, "YRD4-0002", "相近案例", "乙单位", blend(texts(1), texts(2), 0.8))
    scan_call(call=call)
    match = SimilarityMatch.objects.get()

    dismiss_match(match=match, actor=secretariat, note="同一项目的两个子项目，经核实不属重复申报。")
    scan_call(call=call)
    scan_call(call=call)

    match.refresh_from_db()
    assert match.status == MatchStatus.DISMISSED
    assert match.reason == "同一项目的两个子项目，经核实不属重复申报。"
    assert match.decided_by == secretariat
    event = AuditEvent.objects.get(action="integrity.match_dismissed")
    assert event.data["cases"] == ["YRD4-0001", "YRD4-0002"]
    assert event.data["reason"] == "同一项目的两个子项目，经核实不属重复申报。"
    assert AuditEvent.objects.filter(action="integrity.scanned").latest("pk").data["open"] == 0

    similar.sections = texts(1)  # now a copy word for word
    similar.save()
    summary = scan_call(call=call)

    match.refresh_from_db()
    assert match.status == MatchStatus.OPEN
    assert summary.reopened == 1
    assert original.pk == match.case_a_id


def test_a_small_rise_keeps_the_pair_dismissed(call, secretariat):
    case_of(call, "YRD4-0001", "原案例", "甲单位", texts(1))
    similar = case_of(call, "YRD4-0002", "相近案例", "乙单位", blend(texts(1), texts(2), 0.8))
    scan_call(call=call)
    match = SimilarityMatch.objects.get()
    dismiss_match(match=match, actor=secretariat)
    before = match.jaccard

    similar.sections = blend(texts(1), texts(2), 0.82)
    similar.save()
    scan_call(call=call)

    match.refresh_from_db()
    assert match.jaccard > before
    assert match.status == MatchStatus.DISMISSED


# --- The secretariat's page ----------------------------------------------------------------------


def test_the_page_lists_the_planted_copy_with_its_scores(client, call, planted, secretariat):
    scan_call(call=call)
    match = SimilarityMatch.objects.get()

    page = squeeze(open_page(client, secretariat, url(call)))

    assert "<h1>相似案例检测</h1>" in page
    assert '<a href="/manage/yrd-test/integrity/" aria-current="page">相似案例检测</a>' in page
    assert "相似度不低于 50% 的共 1 对（不含已处理的）" in page
    assert ('<strong class="score">100%</strong><span class="table__note">全文 100% · 包含度 100%'
            '</span>' in page)
    assert ('<a href="/manage/yrd-test/cases/YRD4-0001/"><span class="pair-case__number">'
            'YRD4-0001</span> 社区慢病“三师共管”模式</a>') in page
    assert ('<span class="pair-case__number">YRD4-0003</span> 慢病管理“三师”协同新机制</a>'
            in page)
    assert "上海市示例区社区卫生服务中心" in page and "浙江省示例县人民医院" in page
    assert "<li><span>背景与动因</span> <strong>100%</strong></li>" in page
    assert f'href="/manage/yrd-test/integrity/{match.pk}/">对照查看</a>' in page
    assert "学校传染病早发现预警平台" not in page


def test_the_page_shows_an_archive_match_as_published_elsewhere(client, call, archive_case,
                                                                 secretariat):
    case_of(call, "YRD4-0001", "控烟三部曲", "江苏省示例市健康促进中心", texts(9))
    scan_call(call=call)

    page = squeeze(open_page(client, secretariat, url(call)))

    assert (f'<a href="/calls/hs-archive/results/#case-{archive_case.pk}">'
            '<span class="pair-case__number">HS2-0009</span> “控烟行动三部曲”促进健康上海建设</a>'
            in page)
    assert ('<span class="badge badge--reference">往届已发布</span> '
            '<span class="small">第二轮健康上海行动优秀案例征集推选活动</span>') in page


def test_the_threshold_is_adjustable_on_the_page(client, call, secretariat):
    case_of(call, "YRD4-0001", "原案例", "甲单位", texts(1))
    case_of(call, "YRD4-0002", "相近案例", "乙单位", blend(texts(1), texts(2), 0.8))
    scan_call(call=call)

    default = squeeze(open_page(client, secretariat, url(call)))
    strict = squeeze(open_page(client, secretariat, url(call), threshold=95))
    wrong = squeeze(open_page(client, secretariat, url(call), threshold=10))

    assert "相似度不低于 50% 的共 1 对" in default
    assert "相似度不低于 95% 的共 0 对" in strict
    assert "没有达到该相似度的案例。" in strict
    assert "<li>相似度不低于（%）：相似度阈值不能低于 30%。</li>" in wrong
    assert "相似度不低于 50% 的共 1 对" in wrong


def test_dismissed_pairs_leave_the_list_and_come_back_on_request(client, call, planted,
                                                                  secretariat):
    scan_call(call=call)
    dismiss_match(match=SimilarityMatch.objects.get(), actor=secretariat)

    default = squeeze(open_page(client, secretariat, url(call)))
    everything = squeeze(open_page(client, secretariat, url(call), decided="on"))

    assert "相似度不低于 50% 的共 0 对（不含已处理的）" in default
    assert "<li>不是问题 <strong>1</strong></li>" in default
    assert "相似度不低于 50% 的共 1 对" in everything
    assert '<span class="badge match-status--dismissed">不是问题</span>' in everything


def test_the_rescan_button_runs_a_scan(client, call, planted, secretariat):
    client.force_login(secretariat)

    response = client.post(url(call, "scan/"), follow=True)

    page = squeeze(response.content.decode())
    assert response.redirect_chain == [(url(call), 302)]
    assert ("检测完成：比对本活动案例 3 件、往届已发布案例 0 件，新发现相似案例 1 对，待处理 1 对。"
            in page)
    assert "最近检测：" in page and "（李秘书）" in page
    assert pairs(call) == [("YRD4-0001", "YRD4-0003")]


def test_the_side_by_side_view_marks_the_shared_passages(client, call, secretariat):
    shared = "<b>三师共管</b>团队为签约居民提供连续的慢病管理服务，规范管理率显著提升"
    case_of(call, "YRD4-0001", "原案例", "甲单位", {**texts(1), "measures": "我们" + shared})
    case_of(call, "YRD4-0002", "抄袭案例", "乙单位",
            {**texts(1), "measures": shared + "。另有新意"})
    scan_call(call=call)
    match = SimilarityMatch.objects.get()

    page = squeeze(open_page(client, secretariat, url(call, f"{match.pk}/")))

    assert "<h1>相似案例对照</h1>" in page
    assert '<h2 class="section-title" id="section-measures">二、案例的举措与机制' in page
    assert ("<p>我们&lt;<mark>b&gt;三师共管&lt;/b&gt;团队为签约居民提供连续的慢病管理服务，"
            "规范管理率显著提升</mark></p>") in page
    assert ("<p>&lt;<mark>b&gt;三师共管&lt;/b&gt;团队为签约居民提供连续的慢病管理服务，"
            "规范管理率显著提升</mark>。另有新意</p>") in page
    assert "<b>三师共管</b>" not in page
    assert "不是问题</button>" in page
    assert (f'<a class="button button--danger" href="/manage/yrd-test/cases/YRD4-0002/'
            f'disqualify/?match={match.pk}">撤销资格：YRD4-0002</a>') in page


def test_not_a_problem_on_the_page_is_remembered_with_its_note(client, call, planted,
                                                               secretariat):
    scan_call(call=call)
    match = SimilarityMatch.objects.get()
    client.force_login(secretariat)

    response = client.post(url(call, f"{match.pk}/dismiss/"), {"note": "两单位联合项目"},
                           follow=True)
    again = client.post(url(call, f"{match.pk}/dismiss/"), {"note": ""})

    match.refresh_from_db()
    assert response.redirect_chain == [(url(call), 302)]
    assert "已标记为“不是问题”。重新检测时不再列出这对案例，除非相似度明显升高。" in (
        response.content.decode())
    assert (match.status, match.reason, match.decided_by) == (
        MatchStatus.DISMISSED, "两单位联合项目", secretariat)
    assert "这对相似案例已处理（不是问题），无需再次处理。" in again.content.decode()
    detail = squeeze(open_page(client, secretariat, url(call, f"{match.pk}/")))
    assert "李秘书于 " in detail and " 处理：不是问题。" in detail
    assert "说明：两单位联合项目" in detail


def test_disqualifying_from_a_pair_records_the_decision_on_the_pair(client, call, planted,
                                                                    secretariat):
    _original, copy = planted
    scan_call(call=call)
    match = SimilarityMatch.objects.get()
    client.force_login(secretariat)
    form_url = f"/manage/yrd-test/cases/YRD4-0003/disqualify/?match={match.pk}"

    form = squeeze(client.get(form_url).content.decode())
    client.post(form_url, {"reason": "全文抄袭 YRD4-0001。", "match": match.pk})

    match.refresh_from_db()
    copy.refresh_from_db()
    assert f'<input type="hidden" name="match" value="{match.pk}">' in form
    assert copy.status == CaseStatus.DISQUALIFIED
    assert (match.status, match.reason) == (MatchStatus.DISQUALIFICATION_OPENED,
                                            "全文抄袭 YRD4-0001。")


def test_a_pair_of_another_call_cannot_open_a_disqualification(client, call, planted,
                                                               secretariat):
    other_call = CallFactory()
    elsewhere = SimilarityMatch.objects.create(
        call=other_call, case_a=CaseFactory(call=other_call), case_b=CaseFactory(call=other_call),
        score=0.9, jaccard=0.9, containment=0.9, found_at=timezone.now())
    client.force_login(secretariat)

    response = client.get(f"/manage/yrd-test/cases/YRD4-0003/disqualify/?match={elsewhere.pk}")

    assert response.status_code == 404


def test_another_calls_secretariat_gets_404_everywhere(client, call, planted):
    scan_call(call=call)
    match = SimilarityMatch.objects.get()
    stranger = secretariat_of(CallFactory(), name="别的活动秘书")
    client.force_login(stranger)

    assert client.get(url(call)).status_code == 404
    assert client.get(url(call, f"{match.pk}/")).status_code == 404
    assert client.post(url(call, "scan/")).status_code == 404
    assert client.post(url(call, f"{match.pk}/dismiss/")).status_code == 404
    match.refresh_from_db()
    assert match.status == MatchStatus.OPEN


def test_a_pair_is_404_under_another_call_of_the_same_secretariat(client, call, planted,
                                                                  secretariat):
    scan_call(call=call)
    match = SimilarityMatch.objects.get()
    CallStaffFactory(call=CallFactory(slug="own-other"), user=secretariat)
    client.force_login(secretariat)

    assert client.get(f"/manage/own-other/integrity/{match.pk}/").status_code == 404


def test_the_list_costs_the_same_queries_for_one_pair_as_for_three(client, call, archive_case,
                                                                   secretariat):
    client.force_login(secretariat)
    case_of(call, "YRD4-0001", "原案例", "甲单位", texts(1))
    case_of(call, "YRD4-0002", "照抄案例", "乙单位", texts(1))
    scan_call(call=call)
    with CaptureQueriesContext(connection) as one:
        client.get(url(call))
    case_of(call, "YRD4-0003", "抄往届案例", "丙单位", texts(9))
    case_of(call, "YRD4-0004", "再抄往届案例", "丁单位", texts(9))
    scan_call(call=call)  # 0001~0002, 0003~0004, 0003~HS2-0009, 0004~HS2-0009

    with CaptureQueriesContext(connection) as four:
        page = client.get(url(call)).content.decode()

    assert "共 4 对" in page
    assert len(four) == len(one)
