"""The secretariat's deadline page (/manage/<slug>/deadline/): 延期 for the whole
call, late access for one unit, and checking every case again afterwards."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casebook.core.models import AuditEvent
from casebook.submissions.enums import CaseStatus, ProblemCode
from casebook.submissions.models import LateAccess
from casebook.submissions.services import save_case, submit_case
from tests.factories import (
    CallFactory,
    CaseFactory,
    MembershipFactory,
    OrganizationFactory,
    make_credit_code,
)

from .secretariat import open_page, secretariat_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    """A call that closed an hour ago."""
    now = timezone.now()
    return CallFactory(slug="yrd-test", case_number_prefix="YRD4",
                       opens_at=now - dt.timedelta(days=90), closes_at=now - dt.timedelta(hours=1))


@pytest.fixture
def secretariat(call):
    return secretariat_of(call, name="李秘书")


def local(moment: dt.datetime) -> str:
    """How a datetime-local input sends a moment (Beijing time, to the minute)."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_the_page_shows_the_deadline_and_the_forms(client, call, secretariat):
    page = open_page(client, secretariat, f"/manage/{call.slug}/deadline/")

    assert "<h1>截止时间与延期</h1>" in page
    assert "全体延期" in page and "单位单独延期" in page and "重新检查全部案例" in page
    assert "还没有单位获准单独延期。" in page


def test_extending_the_call_from_the_page(client, call, secretariat):
    until = timezone.now() + dt.timedelta(days=10)
    client.force_login(secretariat)

    response = client.post(f"/manage/{call.slug}/deadline/extend/",
                           {"until": local(until), "reason": "系统维护顺延"}, follow=True)

    page = response.content.decode()
    assert "已延期，通知页已公告新的截止时间。" in page
    call.refresh_from_db()
    assert call.extended_until == until.replace(second=0, microsecond=0)
    assert AuditEvent.objects.filter(action="call.deadline_extended", actor=secretariat).exists()


def test_an_earlier_date_or_a_bad_one_is_refused_in_chinese(client, call, secretariat):
    client.force_login(secretariat)

    earlier = client.post(f"/manage/{call.slug}/deadline/extend/",
                          {"until": local(call.closes_at - dt.timedelta(days=1)),
                           "reason": "顺延"}).content.decode()
    garbled = client.post(f"/manage/{call.slug}/deadline/extend/",
                          {"until": "下周五", "reason": ""}).content.decode()

    closes = timezone.localtime(call.closes_at).strftime("%Y年%-m月%-d日 %H:%M")
    assert f"延期后的截止时间必须晚于当前截止时间（{closes}）。" in earlier
    assert "截止时间的格式不正确，请按“2025-10-31 23:59”填写。" in garbled
    assert "延期必须写明理由。" in garbled
    call.refresh_from_db()
    assert call.extended_until is None


def test_late_access_for_a_unit_of_the_call_then_its_late_submission_goes_through(
    client, call, secretariat,
):
    member = MembershipFactory(organization=OrganizationFactory(name="示例区第一人民医院"))
    unit = member.organization
    CaseFactory(call=call, lead_organization=unit)
    draft = save_case(call=call, organization=unit, actor=member.user, title="逾期补交的案例",
                      sections={}, declaration_accepted=True)
    with pytest.raises(ValidationError, match="申报已截止"):
        submit_case(case=draft, actor=member.user)
    client.force_login(secretariat)

    response = client.post(f"/manage/{call.slug}/deadline/late-access/", {
        "organization": unit.pk, "until": local(timezone.now() + dt.timedelta(days=2)),
        "reason": "单位网络故障，已核实",
    }, follow=True)

    page = response.content.decode()
    assert "已允许“示例区第一人民医院”单独延期提交。" in page
    assert "单位网络故障，已核实" in page and "李秘书" in page
    assert submit_case(case=draft, actor=member.user).status == CaseStatus.SUBMITTED
    assert not draft.problems.filter(code=ProblemCode.LATE).exists()


def test_a_unit_without_cases_is_found_by_its_credit_code_or_name(client, call, secretariat):
    unit = OrganizationFactory(name="示例县人民医院", credit_code=make_credit_code(404))
    client.force_login(secretariat)
    until = local(timezone.now() + dt.timedelta(days=2))

    client.post(f"/manage/{call.slug}/deadline/late-access/",
                {"lookup": make_credit_code(404).lower(), "until": until, "reason": "邮件未送达"})
    client.post(f"/manage/{call.slug}/deadline/late-access/",
                {"lookup": " 示例县人民医院 ", "until": until, "reason": "再次延期"})

    assert list(LateAccess.objects.values_list("organization", "reason")) == [
        (unit.pk, "邮件未送达"), (unit.pk, "再次延期")]


def test_late_access_needs_a_known_unit_a_later_date_and_a_reason(client, call, secretariat):
    client.force_login(secretariat)

    nobody = client.post(f"/manage/{call.slug}/deadline/late-access/", {}).content.decode()
    unknown = client.post(f"/manage/{call.slug}/deadline/late-access/", {
        "lookup": "不存在的单位", "until": local(timezone.now() + dt.timedelta(days=1)),
        "reason": "理由"}).content.decode()
    too_early = client.post(f"/manage/{call.slug}/deadline/late-access/", {
        "lookup": OrganizationFactory(name="示例单位").name,
        "until": local(call.closes_at - dt.timedelta(days=1)), "reason": "理由"}).content.decode()

    assert "请选择单位，或填写统一社会信用代码或单位全称。" in nobody
    assert "请填写新的截止时间。" in nobody and "单独延期必须写明理由。" in nobody
    assert "没有找到统一社会信用代码或全称为“不存在的单位”的单位。" in unknown
    assert "单独延期的时间必须晚于活动的申报截止时间。" in too_early
    assert not LateAccess.objects.exists()


def test_the_unit_chooser_offers_only_units_of_this_call(client, call, secretariat):
    mine = CaseFactory(call=call, lead_organization__name="本活动的申报单位").lead_organization
    CaseFactory(lead_organization__name="别的活动的申报单位")

    page = open_page(client, secretariat, f"/manage/{call.slug}/deadline/")

    assert f'<option value="{mine.pk}">本活动的申报单位</option>' in page
    assert "别的活动的申报单位" not in page


def test_the_deadline_pages_are_the_secretariats_only(client, call):
    client.force_login(secretariat_of(CallFactory()))

    assert client.get(f"/manage/{call.slug}/deadline/").status_code == 404
    assert client.post(f"/manage/{call.slug}/deadline/extend/", {}).status_code == 404
    assert client.post(f"/manage/{call.slug}/recheck/").status_code == 404
