"""A unit's member fills a case on the web: drafts, submission, refusals, withdrawal."""

import datetime as dt

import pytest
from django.utils import timezone

from casebook.organizations.models import Organization
from casebook.submissions.enums import CaseStatus, Channel
from casebook.submissions.models import Case
from casebook.submissions.services import save_case, submit_case
from tests.factories import (
    CaseFactory,
    DomainFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)
from tests.publishing.html import get_page, squeeze

from .applicant import INTEGRITY, case_form, closed_yesterday, texts, unit_member, yrd_like_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return yrd_like_call()


@pytest.fixture
def member(client):
    membership = unit_member()
    client.force_login(membership.user)
    return membership


def post(client, url, data) -> str:
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    return squeeze(response.content.decode())


def draft(call, member, **fields):
    defaults = {"title": "社区慢病管理“三师共管”模式", "sections": texts(),
                "start_date": dt.date(2020, 3, 1), "declaration_accepted": True}
    return save_case(call=call, organization=member.organization, actor=member.user,
                     **{**defaults, **fields})


def test_the_form_shows_the_calls_sections_with_guidance_count_and_the_integrity_clause(
    client, call, member,
):
    page = get_page(client, "/cases/new/yrd-health-4/")

    assert '<label for="id_section_background">一、案例的背景与动因</label>' in page
    assert ('<p class="helptext" id="id_section_background_helptext">'
            "包括案例所在地区经济和社会发展的基本情况</p>") in page
    assert ('已写 <strong class="char-count__value">0</strong> 字'
            '<span class="char-count__limit">，至少 20 字</span>') in page
    assert 'data-min-chars="20"' in page
    assert f"<p>{INTEGRITY}</p>" in page
    assert '<p class="field__static">示例市第一人民医院</p>' in page  # the only unit: no choice
    assert "上传已填写的申报书自动填充" in page
    assert 'src="/static/casebook/case-form.js"' in page


def test_a_draft_saves_with_only_a_title(client, call, member):
    page = post(client, "/cases/new/yrd-health-4/",
                {"action": "save", "title": "  健康驿站  "})

    case = Case.objects.get()
    assert (case.title, case.status, case.channel) == ("健康驿站", CaseStatus.DRAFT, Channel.WEB)
    assert case.lead_organization == member.organization
    assert (case.sections, case.start_date, case.number) == (
        {key: "" for key in texts()}, None, "")
    assert "已保存。" in page
    assert 'value="健康驿站"' in page  # back on the form, now the case's edit page


def test_a_draft_needs_its_title(client, call, member):
    page = post(client, "/cases/new/yrd-health-4/", case_form(title=""))

    assert "请填写“案例名称”。" in page
    assert not Case.objects.exists()


def test_a_start_month_that_is_no_month_is_named(client, call, member):
    page = post(client, "/cases/new/yrd-health-4/", case_form(start_month="去年春天"))

    assert "“项目开始时间”请按“年-月”填写，例如 2021-03。" in page


def test_submitting_gives_the_case_its_number(client, call, member):
    page = post(client, "/cases/new/yrd-health-4/", case_form("submit"))

    case = Case.objects.get()
    assert (case.status, case.number) == (CaseStatus.SUBMITTED, "YRD4-0001")
    assert case.start_date == dt.date(2020, 3, 1)
    assert case.declaration_accepted
    assert "案例已提交，案例编号为 YRD4-0001。" in page


def test_the_quota_refusal_shows_on_the_form_and_the_draft_is_kept(client, call, member):
    CaseFactory.create_batch(2, call=call, lead_organization=member.organization)

    page = post(client, "/cases/new/yrd-health-4/", case_form("submit", title="第三项案例"))

    assert ("每个单位最多申报2项案例，本单位已提交2项，不能再提交。如需替换，请先撤回已提交的案例。"
            in page)
    assert "草稿已保存，但尚未提交。" in page
    third = Case.objects.get(title="第三项案例")
    assert third.status == CaseStatus.DRAFT
    assert f'action="/cases/{third.pk}/edit/"' in page  # the next try updates that draft


def test_submitting_without_the_declaration_is_refused(client, call, member):
    page = post(client, "/cases/new/yrd-health-4/",
                case_form("submit", declaration_accepted=None))

    assert "请先阅读并勾选真实性承诺。" in page
    assert Case.objects.get().status == CaseStatus.DRAFT


def test_the_problems_show_before_submitting(client, call, member):
    case = draft(call, member, sections={"background": "背景很短", "measures": texts()["measures"]},
                 start_date=None)

    for url in (f"/cases/{case.pk}/", f"/cases/{case.pk}/edit/"):
        page = get_page(client, url)
        assert "提交前请核对" in page
        assert "未填写项目开始时间，无法确认项目已持续运行12个月以上。" in page
        assert "申报书缺少以下部分：“三、案例的成效与创新”、“四、案例的启示与展望”。" in page
        assert "申报书以下部分字数不足：“一、案例的背景与动因”4字（至少20字）。" in page


def test_a_submitted_case_shows_its_stored_problems_to_the_unit(client, call, member):
    case = submit_case(case=draft(call, member, start_date=None), actor=member.user)

    for url in (f"/cases/{case.pk}/", f"/cases/{case.pk}/edit/"):
        page = get_page(client, url)
        assert '<span class="problem__label">运行时间不足</span>' in page
        assert "未填写项目开始时间，无法确认项目已持续运行12个月以上。" in page


def test_a_complete_draft_says_it_can_be_submitted_and_is_submitted_from_its_page(
    client, call, member,
):
    case = draft(call, member)

    assert "未发现形式审查问题，可以提交。" in get_page(client, f"/cases/{case.pk}/")
    page = post(client, f"/cases/{case.pk}/submit/", {})

    assert "案例已提交，案例编号为 YRD4-0001。" in page


def test_co_units_are_found_by_name_or_recorded(client, call, member):
    known = OrganizationFactory(name="示例大学（公共卫生学院）")

    post(client, "/cases/new/yrd-health-4/",
         case_form(co_units="示例区疾病预防控制中心\n示例大学 (公共卫生学院)\n\n"))

    case = Case.objects.get()
    new = Organization.objects.get(name="示例区疾病预防控制中心")
    assert [unit.organization for unit in case.case_units.all()] == [new, known]
    assert (new.credit_code, new.memberships.exists()) == ("", False)


def test_the_domain_comes_from_the_calls_taxonomy(client, call, member):
    DomainFactory(call=call, name="普及健康生活")
    chosen = DomainFactory(call=call, name="优化健康服务")

    assert '<option value="' + str(chosen.pk) + '">优化健康服务</option>' in get_page(
        client, "/cases/new/yrd-health-4/")
    post(client, "/cases/new/yrd-health-4/", case_form(domain=chosen.pk))

    assert Case.objects.get().domain == chosen


def test_a_person_of_several_units_chooses_the_lead_unit(client, call, member):
    other = MembershipFactory(user=member.user, organization__name="示例区卫生健康委员会")

    page = get_page(client, "/cases/new/yrd-health-4/")
    assert '<label for="id_lead_organization">申报单位</label>' in page
    post(client, "/cases/new/yrd-health-4/", case_form(lead_organization=other.organization.pk))

    assert Case.objects.get().lead_organization == other.organization


def test_a_submitted_case_is_edited_until_the_deadline(client, call, member):
    case = submit_case(case=draft(call, member), actor=member.user)

    page = post(client, f"/cases/{case.pk}/edit/", case_form(title="健康驿站（修订）"))
    assert "已保存。" in page
    case.refresh_from_db()
    assert (case.title, case.status) == ("健康驿站（修订）", CaseStatus.SUBMITTED)

    closed_yesterday(call)
    page = post(client, f"/cases/{case.pk}/edit/", case_form(title="截止后再改"))
    assert "申报已截止，已提交的案例不能再修改。" in page
    case.refresh_from_db()
    assert case.title == "健康驿站（修订）"


def test_a_unit_of_another_member_is_none_of_their_business(client, call, member):
    case = draft(call, member)
    stranger = MembershipFactory(organization__name="别的单位").user
    waiting = MembershipFactory(organization=member.organization, confirmed=False).user

    for person in (stranger, waiting):
        client.force_login(person)
        for url in (f"/cases/{case.pk}/", f"/cases/{case.pk}/edit/",
                    f"/cases/{case.pk}/withdraw/"):
            assert client.get(url).status_code == 404, url
        assert client.post(f"/cases/{case.pk}/edit/", case_form()).status_code == 404
        assert client.post(f"/cases/{case.pk}/submit/").status_code == 404
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT


def test_withdrawing_asks_first_and_keeps_the_reason(client, call, member):
    case = submit_case(case=draft(call, member), actor=member.user)

    page = get_page(client, f"/cases/{case.pk}/withdraw/")
    assert "确定撤回“社区慢病管理“三师共管”模式”吗？" in page
    assert "案例编号 YRD4-0001 不再使用，本单位的申报名额随之空出。" in page
    page = post(client, f"/cases/{case.pk}/withdraw/", {"reason": "改为申报另一项案例"})

    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN
    assert "案例“社区慢病管理“三师共管”模式”已撤回。" in page
    assert '<span class="history__what">状态变更：已提交 → 已撤回；理由：改为申报另一项案例</span>' in page
    assert "撤回</a>" not in page  # nothing more to withdraw


def test_a_person_without_a_unit_registers_one_first(client, call):
    client.force_login(UserFactory())

    response = client.get("/cases/new/yrd-health-4/")

    assert response.url == "/units/?next=%2Fcases%2Fnew%2Fyrd-health-4%2F"


def test_no_new_case_after_the_deadline(client, call, member):
    closed_yesterday(call)

    page = get_page(client, "/cases/new/yrd-health-4/", follow=True)

    assert ("“第四届长三角卫生健康治理最佳实践案例评选”已截止申报，不能再新建案例。"
            "如有特殊情况，请联系组委会。") in page
    assert "<h1>第四届长三角卫生健康治理最佳实践案例评选</h1>" in page


def test_the_case_page_shows_what_was_entered_and_its_history(client, call, member):
    case = draft(call, member, co_organizations=[OrganizationFactory(name="示例区疾控中心")])
    submit_case(case=case, actor=member.user, now=timezone.now())

    page = get_page(client, f"/cases/{case.pk}/")

    assert "<h1>社区慢病管理“三师共管”模式</h1>" in page
    assert "<dt>合作单位</dt><dd>示例区疾控中心</dd>" in page
    assert "<dt>项目开始时间</dt><dd>2020年3月</dd>" in page
    assert '<h3 class="case-section__title">二、案例的举措与机制</h3>' in page
    assert "<p>社区健康管理社区健康管理社区健康管理社区健康管理</p>" in page
    assert '<span class="history__what">创建草稿' in page
    assert '<span class="history__what">状态变更：草稿 → 已提交</span>' in page
    assert f'<span class="history__who">{member.user.name}</span>' in page
    assert 'href="/cases/' + str(case.pk) + '/receipt/">申报回执</a>' in page
