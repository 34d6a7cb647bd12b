"""撤销资格: a case disqualified for false material, at any stage, also after its
award was published — with a reason, on the record, gone from every public list,
its unit told."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casebook.awards.models import Award
from casebook.core.models import AuditEvent
from casebook.integrity.services import disqualify_case
from casebook.notifications.models import Notification
from casebook.publishing.selectors import published_cases, search_published_cases
from casebook.submissions.enums import CaseStatus
from tests.factories import (
    AwardCategoryFactory,
    AwardFactory,
    CallFactory,
    CaseFactory,
    MembershipFactory,
    OrganizationFactory,
    make_credit_code,
)
from tests.publishing.html import get_page, squeeze
from tests.submissions.secretariat import open_page, secretariat_of

pytestmark = pytest.mark.django_db

REASON = "申报材料与往届已公布案例大段雷同，经核实属弄虚作假。"


@pytest.fixture
def call():
    return CallFactory(slug="hs-test", title="第二轮健康上海行动优秀案例征集推选活动",
                       case_number_prefix="HS2", results_published_at=timezone.now(),
                       results_title="第二轮健康上海行动优秀案例结果揭晓")


@pytest.fixture
def unit():
    return OrganizationFactory(name="上海市示例区疾病预防控制中心", credit_code=make_credit_code(901),
                               contact_email="office@cdc.example.org")


@pytest.fixture
def member(unit):
    return MembershipFactory(organization=unit, user__email="tianbao@cdc.example.org")


@pytest.fixture
def awarded(call, unit, member):
    """An awarded case in a call whose results are published, beside an honest one."""
    category = AwardCategoryFactory(call=call, key="model_case", name="示范案例")
    AwardFactory(category=category, rank=1, case__number="HS2-0001",
                 case__title="社区健康自我管理小组全覆盖")
    award = AwardFactory(category=category, rank=2, case__number="HS2-0002",
                         case__title="“控烟行动三部曲”促进健康上海建设",
                         case__lead_organization=unit)
    return award.case


@pytest.fixture
def secretariat(call):
    return secretariat_of(call, name="李秘书")


def disqualify_url(case) -> str:
    return f"/manage/{case.call.slug}/cases/{case.number}/disqualify/"


# --- The service ----------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(awarded, secretariat, reason):
    with pytest.raises(ValidationError) as refused:
        disqualify_case(case=awarded, actor=secretariat, reason=reason)

    awarded.refresh_from_db()
    assert refused.value.messages == ["撤销资格必须写明理由。"]
    assert awarded.status == CaseStatus.AWARDED
    assert not AuditEvent.objects.filter(action="case.status").exists()
    assert not Notification.objects.exists()


def test_an_awarded_published_case_leaves_results_search_and_award_list(
        client, call, awarded, secretariat):
    results_url = f"/calls/{call.slug}/results/"
    assert "“控烟行动三部曲”促进健康上海建设" in get_page(client, results_url)

    disqualify_case(case=awarded, actor=secretariat, reason=REASON)

    results = get_page(client, results_url)
    search = get_page(client, "/search/", data={"call": call.slug})
    assert "“控烟行动三部曲”促进健康上海建设" not in results
    assert '<h3 class="award__title">社区健康自我管理小组全覆盖</h3>' in results
    assert '示范案例<span class="toc__count">（1项）</span>' in results
    assert "“控烟行动三部曲”促进健康上海建设" not in search
    assert "社区健康自我管理小组全覆盖" in search
    assert [hit.case.number for hit in search_published_cases(query="").hits] == ["HS2-0001"]
    assert list(published_cases().values_list("number", flat=True)) == ["HS2-0001"]


def test_the_award_stays_on_record_revoked(awarded, secretariat):
    disqualify_case(case=awarded, actor=secretariat, reason=REASON)

    award = Award.objects.get(case=awarded)
    assert award.revoked
    assert award.revoked_reason == REASON
    assert Award.objects.get(case__number="HS2-0001").revoked is False


def test_every_step_is_audited(awarded, secretariat):
    disqualify_case(case=awarded, actor=secretariat, reason=REASON)

    status = AuditEvent.objects.get(action="case.status", subject_id=str(awarded.pk))
    revoked = AuditEvent.objects.get(action="case.awards_revoked", subject_id=str(awarded.pk))
    assert status.actor == secretariat
    assert status.data == {"before": "awarded", "after": "disqualified", "reason": REASON}
    assert revoked.data == {"awards": ["示范案例"], "reason": REASON}
    awarded.refresh_from_db()
    assert (awarded.status, awarded.status_reason) == (CaseStatus.DISQUALIFIED, REASON)


def test_the_unit_is_told_by_email(awarded, secretariat, member):
    disqualify_case(case=awarded, actor=secretariat, reason=REASON)

    sent = Notification.objects.filter(key__startswith=f"disqualified:{awarded.pk}:").order_by("to")
    assert [(n.key, n.to) for n in sent] == [
        (f"disqualified:{awarded.pk}:office@cdc.example.org", "office@cdc.example.org"),
        (f"disqualified:{awarded.pk}:tianbao@cdc.example.org", "tianbao@cdc.example.org"),
    ]
    mail = sent[0]
    assert mail.subject == ("【第二轮健康上海行动优秀案例征集推选活动】案例撤销资格通知："
                            "HS2-0002 “控烟行动三部曲”促进健康上海建设")
    assert mail.body.splitlines()[:8] == [
        "上海市示例区疾病预防控制中心：",
        "",
        "经组委会审查，您单位申报“第二轮健康上海行动优秀案例征集推选活动”的以下案例已被撤销资格。",
        "",
        "案例编号：HS2-0002",
        "案例名称：“控烟行动三部曲”促进健康上海建设",
        f"撤销理由：{REASON}",
        "同时撤销的奖项：示范案例",
    ]


def test_a_case_is_disqualified_at_any_stage_before_an_award_too(call, secretariat):
    case = CaseFactory(call=call, status=CaseStatus.SHORTLISTED)

    disqualify_case(case=case, actor=secretariat, reason=REASON)

    case.refresh_from_db()
    assert case.status == CaseStatus.DISQUALIFIED
    assert not AuditEvent.objects.filter(action="case.awards_revoked").exists()


@pytest.mark.parametrize(("status", "message"), [
    (CaseStatus.DISQUALIFIED, "该案例已被撤销资格。"),
    (CaseStatus.DRAFT, "案例状态不能从“草稿”改为“已撤销资格”。"),
    (CaseStatus.WITHDRAWN, "案例状态不能从“已撤回”改为“已撤销资格”。"),
])
def test_what_cannot_be_disqualified_is_refused_with_the_reason(call, secretariat, status,
                                                                message):
    case = CaseFactory(call=call, status=status)

    with pytest.raises(ValidationError) as refused:
        disqualify_case(case=case, actor=secretariat, reason=REASON)

    assert refused.value.messages == [message]


# --- The secretariat's pages ------------------------------------------------------------------


def test_the_case_page_links_to_the_disqualification_form(client, awarded, secretariat):
    page = squeeze(open_page(client, secretariat, f"/manage/hs-test/cases/{awarded.number}/"))

    assert (f'<a class="button" href="{disqualify_url(awarded)}">撤销资格…</a>') in page


def test_the_form_says_what_will_happen(client, awarded, secretariat):
    page = squeeze(open_page(client, secretariat, disqualify_url(awarded)))

    assert "<h1>撤销资格：“控烟行动三部曲”促进健康上海建设</h1>" in page
    assert "<li>案例从评选结果、案例检索和案例集中撤下。</li>" in page
    assert "<li>已获奖项（示范案例）保留记录并标为已撤销，证书查验时显示“已撤销”。</li>" in page
    assert "确认撤销资格</button>" in page


def test_posting_without_a_reason_is_explained_and_changes_nothing(client, awarded, secretariat):
    client.force_login(secretariat)

    response = client.post(disqualify_url(awarded), {"reason": " "})

    awarded.refresh_from_db()
    assert response.status_code == 200
    assert "撤销资格必须写明理由。" in response.content.decode()
    assert awarded.status == CaseStatus.AWARDED


def test_disqualifying_on_the_page_shows_the_decision_in_the_history(client, awarded,
                                                                      secretariat):
    client.force_login(secretariat)

    response = client.post(disqualify_url(awarded), {"reason": REASON}, follow=True)

    page = squeeze(response.content.decode())
    assert response.redirect_chain == [(f"/manage/hs-test/cases/{awarded.number}/", 302)]
    assert "已撤销“" + awarded.title + "”的资格，并已通知申报单位。" in page
    assert f"<strong>状态变更</strong>：获奖 → 已撤销资格；理由：{REASON}" in page
    assert f"<strong>撤销奖项</strong>：示范案例；理由：{REASON}" in page
    assert "该案例已被撤销资格，理由见上方状态说明和处理记录。" in page


def test_a_disqualified_case_has_no_form_any_more(client, awarded, secretariat):
    disqualify_case(case=awarded, actor=secretariat, reason=REASON)

    page = squeeze(open_page(client, secretariat, disqualify_url(awarded)))

    assert "该案例当前状态为“已撤销资格”，不能撤销资格。" in page
    assert "确认撤销资格" not in page


def test_another_calls_secretariat_and_the_unit_get_404(client, awarded, member):
    stranger = secretariat_of(CallFactory(), name="别的活动秘书")

    for user in (stranger, member.user):
        client.force_login(user)
        assert client.get(disqualify_url(awarded)).status_code == 404
        assert client.post(disqualify_url(awarded), {"reason": REASON}).status_code == 404
    awarded.refresh_from_db()
    assert awarded.status == CaseStatus.AWARDED


def test_a_revoked_award_is_never_shown_even_on_a_case_still_standing(client, call, awarded):
    Award.objects.filter(case=awarded).update(revoked_at=timezone.now(), revoked_reason="录入错误")

    results = get_page(client, f"/calls/{call.slug}/results/")

    assert "“控烟行动三部曲”促进健康上海建设" not in results
    assert list(published_cases().values_list("number", flat=True)) == ["HS2-0001"]
