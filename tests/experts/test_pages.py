"""The secretariat's experts pages: who may see them, the pool list and its
filters, adding an expert, inviting one by email and the expert accepting."""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casebook.accounts.rules import is_call_expert
from casebook.calls.enums import StaffRole
from casebook.calls.models import CallStaff
from casebook.core.models import AuditEvent
from casebook.experts.enums import ConflictSource, PoolStatus
from casebook.experts.models import CallExpert, ConflictOfInterest, Expert
from casebook.notifications.models import Notification
from tests.factories import (
    CallExpertFactory,
    CallFactory,
    CaseFactory,
    DomainFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)
from tests.submissions.secretariat import open_page, secretariat_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return CallFactory(slug="yrd-test", title="第四届长三角卫生健康治理最佳实践案例评选")


@pytest.fixture
def secretariat(call):
    return secretariat_of(call, name="李秘书")


def pool_url(call, rest=""):
    return f"/manage/{call.slug}/experts/{rest}"


# --- Who may see the pages ---------------------------------------------------------------------


PAGES = ["", "add/", "import/", "template.xlsx", "conflicts/"]
POSTS = ["conflicts/refresh/", "conflicts/add/"]


@pytest.mark.parametrize("who", ["applicant", "other_secretariat", "expert"])
def test_anyone_but_the_calls_secretariat_gets_404(client, call, who):
    if who == "applicant":
        user = MembershipFactory(organization=CaseFactory(call=call).lead_organization).user
    elif who == "other_secretariat":
        user = secretariat_of(CallFactory())
    else:
        user = UserFactory()
        CallStaff.objects.create(call=call, user=user, role=StaffRole.EXPERT)
    entry = CallExpertFactory(call=call)
    client.force_login(user)

    statuses = [client.get(pool_url(call, page)).status_code for page in PAGES]
    statuses += [client.post(pool_url(call, page)).status_code
                 for page in [*POSTS, f"{entry.pk}/invite/"]]

    assert statuses == [404] * (len(PAGES) + len(POSTS) + 1)
    assert not Notification.objects.exists()
    assert not AuditEvent.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, call):
    response = client.get(pool_url(call))

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={pool_url(call)}"


@pytest.mark.parametrize("page", PAGES)
def test_the_secretariat_and_superusers_see_the_pages(client, call, secretariat, page):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    for user in [secretariat, superuser]:
        client.force_login(user)
        assert client.get(pool_url(call, page)).status_code == 200


def test_the_manage_tabs_link_to_the_experts(client, call, secretariat):
    page = open_page(client, secretariat, f"/manage/{call.slug}/cases/")

    assert f'<a href="/manage/{call.slug}/experts/">评审专家</a>' in page


# --- The pool list -------------------------------------------------------------------------------


@pytest.fixture
def pool(call):
    DomainFactory(call=call, name="普及健康生活")
    shanghai = OrganizationFactory(name="上海市第六人民医院", province="31")
    return {
        "wang": CallExpertFactory(call=call, expert__name="王建国", expert__affiliation=shanghai,
                                  expert__province="", expert__domains=["优化健康服务"]),
        "li": CallExpertFactory(call=call, expert__name="李芳", expert__province="33",
                                expert__domains=["普及健康生活", "完善健康保障"], status=PoolStatus.INVITED),
        "zhao": CallExpertFactory(call=call, expert__name="赵敏", expert__province="32",
                                  expert__domains=["普及健康生活"], status=PoolStatus.ACCEPTED),
    }


def names_in(page: str) -> list[str]:
    return re.findall(r'<td data-label="姓名"><div><strong>([^<]+)</strong>', page)


def test_the_pool_lists_the_calls_experts_by_name(client, call, secretariat, pool):
    CallExpertFactory(expert__name="别的活动专家")

    page = open_page(client, secretariat, pool_url(call))

    assert names_in(page) == ["李芳", "王建国", "赵敏"]
    assert "共 3 位专家" in page
    assert "普及健康生活、完善健康保障" in page


@pytest.mark.parametrize(("params", "expected"), [
    ({"province": "31"}, ["王建国"]),  # from the unit when the expert has no province
    ({"province": "33"}, ["李芳"]),
    ({"domain": "普及健康生活"}, ["李芳", "赵敏"]),
    ({"status": "accepted"}, ["赵敏"]),
    ({"domain": "普及健康生活", "status": "invited"}, ["李芳"]),
])
def test_the_pool_filters(client, call, secretariat, pool, params, expected):
    assert names_in(open_page(client, secretariat, pool_url(call), **params)) == expected


def test_a_bad_filter_is_named_and_ignored(client, call, secretariat, pool):
    page = open_page(client, secretariat, pool_url(call), status="nope", province="33")

    assert "没有“nope”这个状态，请从列表中选择。" in page
    assert names_in(page) == ["李芳"]


def test_the_pool_list_costs_the_same_queries_for_one_or_three_experts(client, call, secretariat):
    client.force_login(secretariat)
    CallExpertFactory(call=call)
    with CaptureQueriesContext(connection) as one:
        client.get(pool_url(call))
    CallExpertFactory(call=call)
    CallExpertFactory(call=call)
    with CaptureQueriesContext(connection) as three:
        client.get(pool_url(call))

    assert len(three) == len(one)


# --- Adding and inviting ---------------------------------------------------------------------------


def test_adding_an_expert_by_form(client, call, secretariat):
    client.force_login(secretariat)

    response = client.post(pool_url(call, "add/"), {
        "name": "陈晓", "title": "研究员", "affiliation": "上海市疾病预防控制中心", "province": "31",
        "domains": "普及健康生活、建设健康环境", "keywords": "控烟 健康城市", "email": "Chen@SCDC.example.org",
    }, follow=True)

    expert = Expert.objects.get()
    assert (expert.name, expert.email, expert.affiliation.name, expert.domains, expert.keywords) == (
        "陈晓", "chen@scdc.example.org", "上海市疾病预防控制中心", ["普及健康生活", "建设健康环境"],
        ["控烟", "健康城市"])
    assert CallExpert.objects.get().status == PoolStatus.LISTED
    assert "已将 陈晓 加入本活动专家库。" in response.content.decode()
    assert AuditEvent.objects.get(action="expert.added").actor == secretariat


def test_the_add_form_names_what_is_missing(client, call, secretariat):
    client.force_login(secretariat)

    page = client.post(pool_url(call, "add/"), {"name": "", "email": "bad"}).content.decode()

    assert "请填写专家姓名。" in page
    assert "邮箱格式不正确。" in page
    assert not Expert.objects.exists()


@pytest.fixture
def invited(client, call, secretariat, django_capture_on_commit_callbacks):
    entry = CallExpertFactory(call=call, expert__name="王建国", expert__email="wang@zs.example.org")
    client.force_login(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(pool_url(call, f"{entry.pk}/invite/"))
    entry.refresh_from_db()
    return entry


def test_inviting_queues_an_email_with_the_invitation_link(call, secretariat, invited):
    notification = Notification.objects.get()
    assert notification.to == "wang@zs.example.org"
    assert notification.subject == "【第四届长三角卫生健康治理最佳实践案例评选】评审专家邀请"
    assert f"/experts/invitations/{invited.token}/" in notification.body
    assert "王建国专家：" in notification.body
    assert [m.to for m in mail.outbox] == [["wang@zs.example.org"]]
    assert invited.status == PoolStatus.INVITED and invited.invited_at is not None
    assert AuditEvent.objects.get(action="expert.invited").actor == secretariat


def test_accepting_links_the_signed_in_user_to_the_expert(client, call, invited):
    user = UserFactory(email="wang@zs.example.org")
    client.force_login(user)
    url = f"/experts/invitations/{invited.token}/"
    assert "接受邀请" in client.get(url).content.decode()

    response = client.post(url, {"answer": "accept"})

    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.status == PoolStatus.ACCEPTED
    assert invited.expert.user == user
    user = type(user).objects.get(pk=user.pk)
    assert is_call_expert(user, call)
    event = AuditEvent.objects.get(action="expert.accepted")
    assert (event.actor, event.call, event.data["email"]) == (user, call, "wang@zs.example.org")


def test_someone_signed_in_with_another_email_cannot_accept(client, call, invited):
    client.force_login(UserFactory(email="someone@else.example.org"))
    url = f"/experts/invitations/{invited.token}/"

    page = client.post(url, {"answer": "accept"}).content.decode()

    assert "该邀请发给 wang@zs.example.org，请用该邮箱注册或登录后再接受。" in page
    invited.refresh_from_db()
    assert invited.status == PoolStatus.INVITED and invited.expert.user is None
    assert not AuditEvent.objects.filter(action="expert.accepted").exists()


def test_the_invitation_link_asks_to_sign_in_first(client, invited):
    url = f"/experts/invitations/{invited.token}/"
    client.logout()

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_an_unknown_invitation_is_404(client):
    client.force_login(UserFactory())

    assert client.get("/experts/invitations/nope/").status_code == 404


def test_declining_is_recorded(client, call, invited):
    client.force_login(UserFactory(email="wang@zs.example.org"))

    client.post(f"/experts/invitations/{invited.token}/", {"answer": "decline"})

    invited.refresh_from_db()
    assert invited.status == PoolStatus.DECLINED
    assert AuditEvent.objects.filter(action="expert.declined").count() == 1


# --- The conflicts page ---------------------------------------------------------------------------------


def test_refreshing_and_adding_conflicts_on_the_page(client, call, secretariat):
    hospital = OrganizationFactory(name="上海市第一人民医院", province="31")
    case = CaseFactory(call=call, number="YRD4-0001", lead_organization=hospital)
    colleague = CallExpertFactory(call=call, expert__name="同院专家", expert__affiliation=hospital)
    other = CallExpertFactory(call=call, expert__name="外省专家", expert__province="32")
    client.force_login(secretariat)

    client.post(pool_url(call, "conflicts/refresh/"))
    refused = client.post(pool_url(call, "conflicts/add/"),
                          {"case": "YRD4-9999", "expert": other.pk, "reason": ""}).content.decode()
    client.post(pool_url(call, "conflicts/add/"), {"case": "YRD4-0001", "expert": other.pk, "reason": "近亲属"})

    assert "本活动没有编号为“YRD4-9999”的案例。" in refused
    assert "登记回避关系必须写明理由。" in refused
    assert sorted(ConflictOfInterest.objects.values_list("expert", "source")) == sorted([
        (colleague.expert.pk, ConflictSource.AUTOMATIC), (other.expert.pk, ConflictSource.SECRETARIAT)])
    page = open_page(client, secretariat, pool_url(call, "conflicts/"))
    assert "专家工作单位“上海市第一人民医院”是该案例的申报单位" in page
    assert "近亲属" in page
    assert case.number in page
