"""A message waiting for a person becomes a case by hand: the secretariat
confirms the title and the unit, and takes it as a new case or as new
material for the unit's case. It is then an email case like any other."""

import datetime as dt

import pytest

from casebook.core.models import AuditEvent
from casebook.intake.enums import MessageStatus
from casebook.notifications.models import Notification
from casebook.organizations.models import Organization
from casebook.submissions.enums import AttachmentKind, CaseStatus, Channel
from casebook.submissions.models import Case
from tests.factories import CallFactory, CaseFactory, OrganizationFactory, make_credit_code
from tests.submissions.secretariat import open_page, secretariat_of

from .mails import CHINA, build_message
from .pipeline import SENDER, form, photo
from .triage import stored_message

pytestmark = pytest.mark.django_db

TITLE = "“健康驿站”打通社区慢病管理最后一公里"
UNIT = "上海市浦江区卫生健康委员会"


@pytest.fixture
def secretariat(yrd):
    return secretariat_of(yrd, name="李秘书")


@pytest.fixture
def message(yrd):
    """A unit's form and photos under a subject the pipeline could not split."""
    raw = build_message(subject="案例申报材料", sender=SENDER, body="附件是申报书和照片。",
                        attachments=[form(), photo(0), photo(1)],
                        message_id="<by-hand@pjwjw.example.cn>")
    return stored_message(raw, call=yrd, reason="无法确定申报单位：邮件主题中没有单位名称。",
                          outcome={"title": TITLE, "unit": ""})


def url(message, action: str = "") -> str:
    return f"/manage/{message.call.slug}/inbox/{message.pk}/{action}"


def attach(client, message, **data):
    fields = {"title": TITLE, "unit_name": UNIT, "credit_code": "", "case_number": ""}
    return client.post(url(message, "attach/"), {**fields, **data}, follow=True)


def test_the_form_offers_what_the_pipeline_read(client, secretariat, message):
    page = open_page(client, secretariat, url(message))

    assert '<h2 id="attach-title" class="card__title">登记为案例</h2>' in page
    assert f'name="title" value="{TITLE}"' in page
    assert ('<input type="text" name="unit_name" maxlength="200" required '
            'aria-describedby="id_unit_name_helptext" id="id_unit_name">') in page


def test_a_waiting_message_becomes_a_new_email_case(client, yrd, secretariat, message):
    client.force_login(secretariat)

    response = attach(client, message)

    page = response.content.decode()
    case = Case.objects.get(call=yrd, title=TITLE)
    assert case.number == "YRD4-0001"
    assert (case.status, case.channel) == (CaseStatus.SUBMITTED, Channel.EMAIL)
    assert case.lead_organization.name == UNIT and not case.lead_organization.confirmed
    assert case.sections["background"].startswith("浦江区常住人口约120万")
    assert sorted(case.attachments.values_list("kind", flat=True)) == [
        AttachmentKind.APPLICATION_FORM, AttachmentKind.PHOTO, AttachmentKind.PHOTO]
    assert "已登记为案例 YRD4-0001（已受理）。" in page
    assert '<span class="badge mail-status mail-status--accepted">已受理</span>' in page
    assert f'<a href="/manage/yrd-health-4/cases/YRD4-0001/">YRD4-0001</a> {TITLE}' in page
    message.refresh_from_db()
    assert (message.status, message.case, message.handled_by) == (
        MessageStatus.ACCEPTED, case, secretariat)
    event = AuditEvent.objects.get(action="intake.resolved")
    assert (event.actor, event.call, event.data) == (secretariat, yrd, {
        "before": "quarantined", "after": "accepted", "case": "YRD4-0001", "title": TITLE,
        "unit": UNIT})
    assert "<strong>人工登记为案例</strong>：YRD4-0001；已受理" in page
    # The case list shows it with the other email cases.
    cases = open_page(client, secretariat, "/manage/yrd-health-4/cases/", channel="email")
    assert f'<a href="/manage/yrd-health-4/cases/YRD4-0001/">{TITLE}</a>' in cases


def test_the_sender_hears_the_case_number(client, yrd, secretariat, message,
                                          django_capture_on_commit_callbacks):
    client.force_login(secretariat)

    with django_capture_on_commit_callbacks(execute=True):
        attach(client, message)

    reply = Notification.objects.get()
    assert (reply.key, reply.to) == (f"intake-reply:{message.pk}", SENDER[1])
    assert "案例编号：YRD4-0001" in reply.body


def test_a_sender_told_of_the_wait_is_told_again(client, yrd, secretariat, message):
    Notification.objects.create(key=f"intake-reply:{message.pk}", to=SENDER[1], subject="待人工处理",
                                body="已转组委会人工处理。")
    client.force_login(secretariat)

    attach(client, message)

    reply = Notification.objects.get(key=f"intake-resolved:{message.pk}")
    assert reply.subject.startswith("【第四届长三角卫生健康治理最佳实践案例评选】邮件申报回执：YRD4-0001")


def test_an_existing_unit_is_found_by_its_credit_code(client, yrd, secretariat, message):
    unit = OrganizationFactory(name="浦江区卫健委", credit_code=make_credit_code(77))
    client.force_login(secretariat)

    attach(client, message, unit_name=UNIT, credit_code=make_credit_code(77))

    assert Case.objects.get(title=TITLE).lead_organization == unit
    assert not Organization.objects.filter(name=UNIT).exists()


def test_a_credit_code_that_fails_its_check_is_refused(client, yrd, secretariat, message):
    client.force_login(secretariat)

    page = attach(client, message, credit_code="91310000MA1FL0000X").content.decode()

    assert "<li>最后一位校验码不正确，请核对是否抄错。</li>" in page
    assert not yrd.cases.exists()


def test_material_for_the_units_case_updates_it(client, yrd, secretariat, message):
    unit = OrganizationFactory(name=UNIT)
    case = CaseFactory(call=yrd, number="YRD4-0007", title=TITLE, lead_organization=unit,
                       sections={"background": "旧的背景"})
    client.force_login(secretariat)

    page = attach(client, message, case_number="yrd4-0007").content.decode()

    assert "已登记为案例 YRD4-0007（已补充材料）。" in page
    message.refresh_from_db()
    assert (message.status, message.case) == (MessageStatus.UPDATED, case)
    assert yrd.cases.count() == 1
    assert case.attachments.count() == 3
    assert AuditEvent.objects.get(action="intake.resolved").data["after"] == "updated"


def test_a_case_of_another_unit_is_refused(client, yrd, secretariat, message):
    CaseFactory(call=yrd, number="YRD4-0007", lead_organization=OrganizationFactory(name="别的单位"))
    client.force_login(secretariat)

    page = attach(client, message, case_number="YRD4-0007").content.decode()

    assert "案例 YRD4-0007 的申报单位是“别的单位”，不是“上海市浦江区卫生健康委员会”。" in page
    message.refresh_from_db()
    assert message.status == MessageStatus.QUARANTINED
    assert not Organization.objects.filter(name=UNIT).exists()


def test_an_unknown_case_number_is_refused(client, secretariat, message):
    client.force_login(secretariat)

    page = attach(client, message, case_number="YRD4-0099").content.decode()

    assert "本活动没有编号为 YRD4-0099 的案例。" in page


def test_a_new_case_with_a_title_the_unit_already_has_is_refused(client, yrd, secretariat, message):
    unit = OrganizationFactory(name=UNIT)
    CaseFactory(call=yrd, number="YRD4-0003", title=TITLE, lead_organization=unit)
    client.force_login(secretariat)

    page = attach(client, message).content.decode()

    assert ("“上海市浦江区卫生健康委员会”在本活动已有同名案例 YRD4-0003。如果这封来信是补充材料，"
            "请在“补充到已有案例”中填写 YRD4-0003。") in page
    assert yrd.cases.count() == 1


def test_title_and_unit_are_required(client, yrd, secretariat, message):
    client.force_login(secretariat)

    page = attach(client, message, title=" ", unit_name="").content.decode()

    assert "请填写“案例名称”。" in page and "请填写“申报单位”。" in page
    assert not yrd.cases.exists()


def test_a_message_without_a_readable_form_still_becomes_a_case(client, yrd, secretariat):
    raw = build_message(subject="扫描件", sender=SENDER, attachments=[photo(0)])
    message = stored_message(raw, call=yrd, reason="邮件中没有找到案例申报书")
    client.force_login(secretariat)

    attach(client, message, title="社区慢病管理", unit_name="浦江区疾控中心")

    case = yrd.cases.get()
    assert (case.title, case.sections, case.channel) == ("社区慢病管理", {}, Channel.EMAIL)
    assert case.problems.filter(code="section_missing").exists()


def test_a_message_set_aside_unread_is_described_when_attached(client, yrd, secretariat):
    """The pipeline gives up on a message before reading it (it kept failing):
    its row has no sender, subject or arrival time until a person attaches it."""
    raw = build_message(subject="反复处理失败的邮件", sender=SENDER, attachments=[form()],
                        received=[dt.datetime(2023, 9, 29, 9, 0, tzinfo=CHINA)])
    message = stored_message(raw, call=yrd, sender="", subject="", received_at=None,
                             reason="处理这封邮件已中断5次")
    client.force_login(secretariat)

    attach(client, message)

    message.refresh_from_db()
    assert (message.sender, message.subject) == (SENDER[1], "反复处理失败的邮件")
    assert message.case.submitted_at == dt.datetime(2023, 9, 29, 9, 0, tzinfo=CHINA)


def test_another_calls_secretariat_cannot_attach(client, yrd, message):
    client.force_login(secretariat_of(CallFactory()))

    assert attach(client, message).status_code == 404
    assert not yrd.cases.exists()
