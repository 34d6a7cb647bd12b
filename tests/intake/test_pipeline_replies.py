"""The sender hears back in Chinese what became of the email, once per message."""

import pytest
from django.core import mail

from casebook.intake.services import process_message
from casebook.notifications.models import Notification

from .pipeline import LATE, TITLE, UNIT, photo, receive, submission

pytestmark = pytest.mark.django_db


def test_an_accepted_case_is_confirmed_with_its_number_and_the_checks_findings(
        yrd, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = receive(submission(received=(LATE,)), yrd)

    reply = Notification.objects.get()
    assert reply.key == f"intake-reply:{outcome.message.pk}"
    assert reply.to == "wangxm@pjwjw.example.cn"
    assert reply.subject == f"【第四届长三角卫生健康治理最佳实践案例评选】邮件申报回执：YRD4-0001 {TITLE}"
    assert reply.body.startswith("王晓明：\n\n您发送的案例申报邮件已收到，"
                                 "案例已登记至“第四届长三角卫生健康治理最佳实践案例评选”。\n")
    for line in ("案例编号：YRD4-0001", f"案例名称：{TITLE}", f"申报单位：{UNIT}",
                 "收到时间：2023年10月2日 09:30（北京时间）", "- 案例申报书.docx（案例申报书）",
                 "- 现场照片1.jpg（图片）",
                 "- 提交时间2023年10月02日 09:30已超过申报截止时间2023年09月30日 23:59。"):
        assert line in reply.body
    assert [m.subject for m in mail.outbox] == [reply.subject]


def test_never_twice_for_one_message(yrd, django_capture_on_commit_callbacks):
    raw = submission()
    with django_capture_on_commit_callbacks(execute=True):
        first = receive(raw, yrd)
        receive(raw, yrd)
        process_message(message=first.message)

    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_material_added_to_a_case_is_confirmed(yrd):
    receive(submission(), yrd)

    outcome = receive(submission(attachments=[photo(3)]), yrd)

    reply = Notification.objects.get(key=f"intake-reply:{outcome.message.pk}")
    assert reply.subject == f"【第四届长三角卫生健康治理最佳实践案例评选】已补充材料：YRD4-0001 {TITLE}"
    assert ("材料已补充到“第四届长三角卫生健康治理最佳实践案例评选”中已登记的案例"
            "（已补充材料，不另计申报数量）") in reply.body
    assert "- 现场照片4.jpg（图片）" in reply.body


def test_a_quarantined_message_is_told_what_to_fix(yrd):
    outcome = receive(submission(attachments=[photo(0)], body="请查收"), yrd)

    reply = Notification.objects.get(key=f"intake-reply:{outcome.message.pk}")
    assert reply.subject == f"【第四届长三角卫生健康治理最佳实践案例评选】邮件申报未能自动登记：{TITLE}+{UNIT}"
    assert "原因：邮件中没有找到案例申报书" in reply.body
    assert "请按上述原因修改后重新发送邮件" in reply.body


def test_machines_are_not_answered(yrd):
    bounce = submission(attachments=[], body="Delivery failed", sender=("", "MAILER-DAEMON@example.cn"))
    auto = submission(attachments=[], body="我正在休假", extra_headers=(b"Auto-Submitted: auto-replied",))

    receive(bounce, yrd)
    receive(auto, yrd)

    assert not Notification.objects.exists()
