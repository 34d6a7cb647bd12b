"""/me/: what each role sees after signing in."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casebook.calls.enums import StaffRole
from casebook.submissions.enums import CaseStatus
from tests.factories import (
    CallFactory,
    CallStaffFactory,
    CaseFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def dashboard(client, user) -> str:
    client.force_login(user)
    return client.get("/me/").content.decode()


def section(page: str, heading: str) -> str:
    """The HTML of the dashboard section under `heading`."""
    start = page.index(heading)
    end = page.find('class="dashboard-section"', start)
    return page[start:end if end != -1 else None]


def test_secretariat_sees_its_own_calls_with_case_counts(client):
    secretariat = UserFactory(name="李秘书", is_staff=True)
    mine = CallFactory(title="第四届长三角卫生健康治理最佳实践案例评选")
    CallStaffFactory(call=mine, user=secretariat)
    CallFactory(title="别人的评选活动")
    CaseFactory.create_batch(2, call=mine, status=CaseStatus.SUBMITTED)
    CaseFactory(call=mine, status=CaseStatus.ELIGIBLE)

    page = dashboard(client, secretariat)

    part = section(page, "组委会：我负责的评选活动")
    assert "第四届长三角卫生健康治理最佳实践案例评选" in part
    assert "别人的评选活动" not in page
    assert "共 3 件" in part
    assert re.search(r"<li>已提交 2</li>\s*<li>形式审查通过 1</li>", part)
    assert f'<a href="/calls/{mine.slug}/">查看公开通知</a>' in part
    assert f'<a href="/admin/calls/call/{mine.pk}/change/">在管理后台修改配置</a>' in part
    assert "征集中" in part
    assert "申报单位与案例" not in page  # works on calls only: no applicant part


def test_a_call_without_cases_reads_zero(client):
    secretariat = UserFactory()
    CallStaffFactory(call=CallFactory(), user=secretariat)

    assert "共 0 件" in dashboard(client, secretariat)


def test_secretariat_without_admin_access_is_told_so(client):
    secretariat = UserFactory(is_staff=False)
    CallStaffFactory(call=CallFactory(), user=secretariat)

    page = dashboard(client, secretariat)

    assert "修改配置需要管理后台账号，请联系站点管理员开通。" in page
    assert "/admin/" not in section(page, "组委会：我负责的评选活动")


def test_expert_sees_the_calls_they_review_and_no_cases_yet(client):
    expert = UserFactory()
    call = CallFactory(title="第二轮健康上海行动优秀案例评选")
    CallStaffFactory(call=call, user=expert, role=StaffRole.EXPERT)

    page = dashboard(client, expert)

    part = section(page, "评审专家：我参与评审的评选活动")
    assert f'<a href="/calls/{call.slug}/">第二轮健康上海行动优秀案例评选</a>' in part
    assert "暂无分配给您的案例。" in part
    assert "组委会：我负责的评选活动" not in page


def test_applicant_sees_its_units_cases(client):
    membership = MembershipFactory(organization__name="上海市示例区卫生健康委员会", is_admin=True)
    unit = membership.organization
    CaseFactory(lead_organization=unit, number="YRD4-0007", title="家庭医生签约服务提质增效",
                status=CaseStatus.SHORTLISTED)
    CaseFactory(title="别的单位的案例")

    page = dashboard(client, membership.user)

    part = section(page, "申报单位与案例")
    assert "上海市示例区卫生健康委员会" in part
    assert "单位管理员" in part
    assert re.search(
        r'<span class="case-number">YRD4-0007</span>\s*'
        r'<span class="case-title">家庭医生签约服务提质增效</span>\s*'
        r'<span class="badge">入围</span>', part)
    assert "别的单位的案例" not in page


def test_applicant_sees_cases_its_unit_co_organises(client):
    membership = MembershipFactory()
    case = CaseFactory(title="医防融合社区试点")
    case.case_units.create(organization=membership.organization)

    part = section(dashboard(client, membership.user), "申报单位与案例")

    assert "作为合作单位参与的案例" in part
    assert "医防融合社区试点" in part


def test_applicant_unit_without_cases(client):
    membership = MembershipFactory()

    assert "本单位尚未申报案例。" in dashboard(client, membership.user)


def test_someone_without_a_unit_is_shown_the_calls_open_now(client):
    now = timezone.now()
    open_call = CallFactory(title="正在征集的评选")
    CallFactory(title="已经截止的评选", closes_at=now - dt.timedelta(days=1),
                opens_at=now - dt.timedelta(days=60))
    CallFactory(title="尚未开始的评选", opens_at=now + dt.timedelta(days=5))
    CallFactory(title="未发布的评选", published=False)

    page = dashboard(client, UserFactory())

    part = section(page, "申报单位与案例")
    assert ("您的账户尚未关联申报单位。请先阅读正在征集的评选活动通知，"
            "了解申报条件和申报方式。") in part
    assert f'<a href="/calls/{open_call.slug}/">正在征集的评选</a>' in part
    for title in ("已经截止的评选", "尚未开始的评选", "未发布的评选"):
        assert title not in page


def test_no_open_call_is_said_plainly(client):
    page = dashboard(client, UserFactory())

    assert "目前没有正在征集案例的评选活动。" in page


def test_superuser_manages_every_call(client):
    CallFactory(title="甲评选")
    CallFactory(title="乙评选")

    page = dashboard(client, UserFactory(is_superuser=True, is_staff=True))

    assert "您是站点管理员，可以管理全部评选活动。" in page
    assert "甲评选" in page and "乙评选" in page


def test_dashboard_queries_do_not_grow_with_calls_or_cases(client):
    secretariat = UserFactory(is_staff=True)
    membership = MembershipFactory(user=secretariat)
    client.force_login(secretariat)

    def add_call():
        call = CallFactory()
        CallStaffFactory(call=call, user=secretariat)
        CallStaffFactory(call=call, user=secretariat, role=StaffRole.EXPERT)
        CaseFactory(call=call)
        CaseFactory(call=call, lead_organization=membership.organization)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get("/me/")
        return len(captured)

    add_call()
    with_one = queries()
    add_call()
    add_call()
    assert queries() == with_one
