"""Turning a waiting message down, and giving a message that found no call to
one: each a recorded decision, taken once."""

import pytest
from django.core import mail

from casebook.core.models import AuditEvent
from casebook.intake.enums import MessageStatus
from casebook.notifications.models import Notification
from tests.factories import CallFactory, UserFactory
from tests.submissions.secretariat import open_page, secretariat_of

from .mails import build_message
from .triage import stored_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return CallFactory(slug="yrd-test", title="第四届长三角卫生健康治理最佳实践案例评选")


@pytest.fixture
def secretariat(call):
    return secretariat_of(call, name="李秘书")


@pytest.fixture
def message(call):
    raw = build_message(subject="关于参加培训的咨询", sender=("钱七", "qian@example.cn"),
                        body="请问培训几号开始？")
    return stored_message(raw, call=call, reason="无法从主题或申报书中识别申报单位")


def reject_url(message) -> str:
    return f"/manage/{message.call.slug}/inbox/{message.pk}/reject/"


def test_a_rejection_without_a_reason_is_refused_in_chinese(client, secretariat, message):
    client.force_login(secretariat)

    response = client.post(reject_url(message), {"reason": "   ", "reply": "on"})

    page = response.content.decode()
    assert response.status_code == 200
    assert '<ul class="errorlist" id="id_reason_error"><li>退回必须写明理由。</li></ul>' in page
    message.refresh_from_db()
    assert message.status == MessageStatus.QUARANTINED
    assert not AuditEvent.objects.filter(action="intake.rejected").exists()
    assert not Notification.objects.exists()


def test_a_rejection_with_a_reason_is_recorded(client, secretariat, message):
    client.force_login(secretariat)

    response = client.post(reject_url(message), {"reason": "咨询邮件，不是申报材料"}, follow=True)

    page = response.content.decode()
    assert "已退回这封来信。" in page
    assert '<span class="badge mail-status mail-status--rejected">已退回</span>' in page
    assert "<dt>说明</dt><dd>咨询邮件，不是申报材料</dd>" in page
    assert "<dt>人工处理人</dt><dd>李秘书</dd>" in page
    assert "<strong>退回</strong>：理由：咨询邮件，不是申报材料" in page
    message.refresh_from_db()
    assert (message.status, message.reason, message.handled_by) == (
        MessageStatus.REJECTED, "咨询邮件，不是申报材料", secretariat)
    event = AuditEvent.objects.get(action="intake.rejected")
    assert (event.actor, event.call, event.data) == (secretariat, message.call, {
        "before": "quarantined", "after": "rejected", "reason": "咨询邮件，不是申报材料",
        "replied": False})
    assert not Notification.objects.exists()
    inbox = open_page(client, secretariat, f"/manage/{message.call.slug}/inbox/", status="rejected")
    assert '<div>咨询邮件，不是申报材料<span class="table__note">李秘书人工处理</span></div>' in inbox


def test_a_rejection_can_tell_the_sender_once(client, secretariat, message, django_capture_on_commit_callbacks):
    client.force_login(secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reject_url(message), {"reason": "请按通知要求使用申报书模板",
                                                     "reply": "on"}, follow=True)

    assert "已退回这封来信。回复已放入发件箱，将发送给 qian@example.cn。" in response.content.decode()
    notification = Notification.objects.get()
    assert (notification.key, notification.to) == (f"intake-reject:{message.pk}", "qian@example.cn")
    assert notification.subject == \
        "【第四届长三角卫生健康治理最佳实践案例评选】来信未予受理：关于参加培训的咨询"
    assert "您于 2023年9月28日 10:15（北京时间）发来的邮件“关于参加培训的咨询”未予受理。" \
        in notification.body
    assert "原因：请按通知要求使用申报书模板" in notification.body
    assert len(mail.outbox) == 1
    # Once decided, the message takes no second decision (another tab, a second click).
    again = client.post(reject_url(message), {"reason": "再次退回", "reply": "on"})
    assert "这封来信已处理（已退回），无需再处理。" in again.content.decode()
    assert Notification.objects.count() == 1


def test_a_message_without_a_sender_cannot_be_answered(client, call, secretariat):
    message = stored_message(build_message(subject="无发件人", sender=""), call=call)
    client.force_login(secretariat)

    response = client.post(reject_url(message), {"reason": "无法联系", "reply": "on"})

    assert "这封来信没有可回复的发件人地址，请取消“同时发邮件告知发件人”。" in response.content.decode()
    message.refresh_from_db()
    assert message.status == MessageStatus.QUARANTINED


def test_a_settled_message_cannot_be_rejected(client, call, secretariat):
    message = stored_message(call=call, status=MessageStatus.ACCEPTED)
    client.force_login(secretariat)

    response = client.post(reject_url(message), {"reason": "误收"})

    assert "这封来信已处理（已受理），无需再处理。" in response.content.decode()
    message.refresh_from_db()
    assert message.status == MessageStatus.ACCEPTED


# --- Mail of no call ----------------------------------------------------------------------


def test_a_superuser_assigns_a_message_of_no_call_to_a_call(client, call):
    admin = UserFactory(is_superuser=True, is_staff=True, name="管理员")
    message = stored_message(call=None)
    client.force_login(admin)

    page = open_page(client, admin, f"/manage/inbox/unassigned/{message.pk}/")
    assert "转入评选活动" in page and "登记为案例" not in page
    response = client.post(f"/manage/inbox/unassigned/{message.pk}/assign/", {"call": call.pk},
                           follow=True)

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/manage/yrd-test/inbox/{message.pk}/"
    assert "已将这封来信转入“第四届长三角卫生健康治理最佳实践案例评选”的收件箱。" in page
    assert "登记为案例" in page
    message.refresh_from_db()
    assert message.call == call and message.status == MessageStatus.QUARANTINED
    event = AuditEvent.objects.get(action="intake.assigned")
    assert (event.actor, event.data) == (admin, {"before": None, "after": "yrd-test"})


def test_assigning_needs_a_call(client):
    admin = UserFactory(is_superuser=True, is_staff=True)
    message = stored_message(call=None)
    client.force_login(admin)

    response = client.post(f"/manage/inbox/unassigned/{message.pk}/assign/", {"call": ""})

    assert "请选择这封来信所属的评选活动。" in response.content.decode()
    message.refresh_from_db()
    assert message.call is None


def test_a_secretariat_moves_a_message_only_to_calls_it_manages(client, call, secretariat, message):
    other = CallFactory(title="第二轮健康上海行动优秀案例")
    client.force_login(secretariat)

    page = open_page(client, secretariat, f"/manage/{call.slug}/inbox/{message.pk}/")
    assert "转入其他活动" not in page  # it manages no other call
    response = client.post(f"/manage/{call.slug}/inbox/{message.pk}/assign/", {"call": other.pk})

    assert "所选的“评选活动”无效，请从列表中选择。" in response.content.decode()
    message.refresh_from_db()
    assert message.call == call
