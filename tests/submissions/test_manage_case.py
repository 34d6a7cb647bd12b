"""One case as the secretariat sees it (/manage/<slug>/cases/<number>/): all its
material and history, and the decisions taken on it — recheck, override, ruling."""

import datetime as dt

import pytest

from casebook.core.models import AuditEvent
from casebook.submissions.enums import CaseStatus, ProblemCode
from casebook.submissions.services import save_case, submit_case
from tests.factories import (
    CallFactory,
    CaseFactory,
    EvidenceRequirementFactory,
    MembershipFactory,
    OrganizationFactory,
    SectionFactory,
    UnitTypeFactory,
    make_credit_code,
)

from .secretariat import open_page, secretariat_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    call = CallFactory(slug="yrd-test", case_number_prefix="YRD4")
    SectionFactory(call=call, key="background", number="一、", title="案例的背景与动因",
                   min_chars=10)
    SectionFactory(call=call, key="measures", number="二、", title="案例的举措与机制", min_chars=10)
    EvidenceRequirementFactory(call=call, kind="photo", label="图片", required=True)
    return call


@pytest.fixture
def secretariat(call):
    return secretariat_of(call, name="李秘书")


@pytest.fixture
def member():
    unit = OrganizationFactory(
        name="示例区第一人民医院", credit_code=make_credit_code(301), city="上海市示例区",
        unit_type=UnitTypeFactory(key="hospital", name="医院"), contact_name="王联系",
        contact_phone="021-00000000", contact_email="contact@example.org",
    )
    return MembershipFactory(organization=unit, user__name="张填报")


@pytest.fixture
def case(call, member):
    """Submitted on the web with its measures too short and no photo."""
    co_unit = OrganizationFactory(name="示例区疾病预防控制中心", credit_code=make_credit_code(302))
    draft = save_case(call=call, organization=member.organization, actor=member.user,
                      title="社区慢病“三师共管”模式", co_organizations=[co_unit],
                      start_date=dt.date(2020, 3, 1), declaration_accepted=True,
                      sections={"background": "居民慢病管理率偏低，" * 3, "measures": "三师共管"})
    return submit_case(case=draft, actor=member.user)


def url(case, action: str = "") -> str:
    return f"/manage/{case.call.slug}/cases/{case.number}/{action}"


def test_the_case_page_shows_every_part_of_the_material(client, secretariat, case):
    page = open_page(client, secretariat, url(case))

    assert "<h1>社区慢病“三师共管”模式</h1>" in page
    assert "YRD4-0001" in page and "网上申报" in page and "已提交" in page
    assert "2020年3月" in page and "已签署" in page and "张填报" in page
    # Units with their codes and contacts, lead first.
    lead = page.index("牵头申报单位")
    assert lead < page.index("示例区第一人民医院</h3>") < page.index("合作单位</p>")
    assert make_credit_code(301) in page and make_credit_code(302) in page
    assert "王联系" in page and "021-00000000" in page and "contact@example.org" in page
    # Sections in the call's order, each with its count against the minimum.
    title = '<h3 class="case-section__title">'
    assert page.index(f"{title}一、案例的背景与动因") < page.index(f"{title}二、案例的举措与机制")
    assert "30 字（至少 10 字）" in page
    assert 'case-section__count--short">\n              4 字（至少 10 字）' in page
    assert "<p>居民慢病管理率偏低，居民慢病管理率偏低，居民慢病管理率偏低，</p>" in page
    # The evidence panel of the uploads, with the photo still missing.
    assert "尚缺必交材料：图片。" in page


def test_the_problems_show_their_messages_and_the_history_its_events(client, secretariat, case):
    page = open_page(client, secretariat, url(case))

    assert "申报书以下部分字数不足：“二、案例的举措与机制”4字（至少10字）。" in page
    assert "缺少必交的佐证材料：图片。" in page
    assert page.count("豁免此问题") == 2
    history = page[page.index("处理记录"):]
    assert "张填报" in history
    assert "<strong>创建草稿</strong>：社区慢病“三师共管”模式" in history
    assert "<strong>状态变更</strong>：草稿 → 已提交" in history
    assert "<strong>形式审查结果变化</strong>：发现：申报书章节字数不足、佐证材料缺失" in history


def test_a_draft_is_found_by_its_id_and_cannot_be_ruled_on(client, call, secretariat, member):
    draft = save_case(call=call, organization=member.organization, actor=member.user,
                      title="尚未提交", sections={})

    page = open_page(client, secretariat, f"/manage/{call.slug}/cases/{draft.pk}/")

    assert "未编号（草稿）" in page
    assert "提交判定" not in page and "重新检查" not in page


def test_a_case_of_another_call_is_404_under_this_one(client, call, secretariat):
    elsewhere = CaseFactory(call=CallFactory(), number="YRD4-0009")
    client.force_login(secretariat)

    assert client.get(f"/manage/{call.slug}/cases/YRD4-0009/").status_code == 404
    assert client.get(f"/manage/{call.slug}/cases/{elsewhere.pk}/").status_code == 404


def test_the_units_own_member_cannot_open_the_secretariat_page(client, member, case):
    client.force_login(member.user)

    assert client.get(url(case)).status_code == 404
    assert client.post(url(case, "recheck/")).status_code == 404


def test_an_override_needs_a_written_reason(client, secretariat, case):
    client.force_login(secretariat)

    response = client.post(url(case, "problems/evidence_missing/override/"), {"reason": "  "})

    page = response.content.decode()
    assert response.status_code == 200
    assert '<ul class="errorlist" id="override-evidence_missing-error"><li>豁免必须写明理由。</li>' in page
    assert case.problems.get(code="evidence_missing").overridden_at is None


def test_an_override_with_a_reason_is_recorded_and_shown_as_waived(client, secretariat, case):
    client.force_login(secretariat)

    response = client.post(url(case, "problems/evidence_missing/override/"),
                           {"reason": "照片已通过邮件补交，组委会已核对"}, follow=True)

    page = response.content.decode()
    assert "已豁免“佐证材料缺失”。" in page
    assert "<s>佐证材料缺失</s> 已豁免" in page
    assert "李秘书于" in page and "豁免，理由：照片已通过邮件补交，组委会已核对" in page
    assert "<strong>豁免形式审查问题</strong>：佐证材料缺失；理由：照片已通过邮件补交，组委会已核对" in page
    event = AuditEvent.objects.get(action="case.problem_overridden")
    assert (event.actor, event.data["code"]) == (secretariat, "evidence_missing")


def test_ruling_eligible_waits_for_every_problem(client, secretariat, case):
    client.force_login(secretariat)

    page = client.post(url(case, "ruling/"), {"eligible": "1"}).content.decode()

    assert "案例仍有未处理的形式审查问题：佐证材料缺失、申报书章节字数不足。请先处理或写明理由豁免。" in page
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED


def test_ruling_ineligible_needs_a_reason_and_then_is_recorded(client, secretariat, case):
    client.force_login(secretariat)

    page = client.post(url(case, "ruling/"), {"eligible": "0", "reason": ""}).content.decode()
    assert "判定不符合条件时必须写明理由。" in page

    response = client.post(url(case, "ruling/"),
                           {"eligible": "0", "reason": "举措部分只有一句话，缺少佐证材料"}, follow=True)

    page = response.content.decode()
    assert "已判定：不符合条件。" in page
    assert "状态说明：举措部分只有一句话，缺少佐证材料" in page
    case.refresh_from_db()
    assert (case.status, case.status_reason) == (CaseStatus.INELIGIBLE, "举措部分只有一句话，缺少佐证材料")
    assert AuditEvent.objects.filter(action="case.status", actor=secretariat,
                                     data__after="ineligible").exists()


def test_ruling_without_a_choice_is_explained(client, secretariat, case):
    client.force_login(secretariat)

    page = client.post(url(case, "ruling/"), {}).content.decode()

    assert "请选择符合条件或不符合条件。" in page


def test_after_overriding_every_problem_the_case_is_ruled_eligible(client, secretariat, case):
    client.force_login(secretariat)
    for code in ("section_too_short", "evidence_missing"):
        client.post(url(case, f"problems/{code}/override/"), {"reason": "已核实"})

    client.post(url(case, "ruling/"), {"eligible": "1"})

    case.refresh_from_db()
    assert case.status == CaseStatus.ELIGIBLE


def test_recheck_applies_the_rules_as_they_are_now(client, call, secretariat, case):
    call.sections.filter(key="measures").update(min_chars=1)
    client.force_login(secretariat)

    response = client.post(url(case, "recheck/"), follow=True)

    page = response.content.decode()
    assert "已按活动规则重新检查该案例。" in page
    assert list(case.problems.values_list("code", flat=True)) == [ProblemCode.EVIDENCE_MISSING]
    assert "已消除：申报书章节字数不足" in page


def test_decisions_are_posted_not_fetched(client, secretariat, case):
    client.force_login(secretariat)

    assert client.get(url(case, "recheck/")).status_code == 405
    assert client.get(url(case, "ruling/")).status_code == 405


def test_a_unit_registered_from_an_email_waits_for_the_secretariat_to_confirm_it(client, secretariat, case):
    unit = case.lead_organization
    unit.confirmed = False
    unit.save()
    url = f"/manage/yrd-test/cases/{case.number}/"

    page = open_page(client, secretariat, url)
    assert "单位待确认" in page and "确认单位信息无误" in page
    response = client.post(url + "confirm-unit/")

    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.confirmed
    assert AuditEvent.objects.filter(action="organization.confirmed", subject_id=str(unit.pk)).exists()
    assert "单位待确认" not in open_page(client, secretariat, url)


def test_only_the_secretariat_confirms_a_unit(client, member, case):
    unit = case.lead_organization
    unit.confirmed = False
    unit.save()
    client.force_login(member.user)

    response = client.post(f"/manage/yrd-test/cases/{case.number}/confirm-unit/")

    assert response.status_code == 404
    unit.refresh_from_db()
    assert not unit.confirmed
