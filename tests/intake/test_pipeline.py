"""An email submission becomes a case, new material for one, or a duplicate: each
outcome of the pipeline, with the case, its evidence and its submission time."""

from datetime import timedelta

import pytest

from casebook.core.models import AuditEvent
from casebook.intake.enums import MessageStatus
from casebook.intake.models import InboundMessage
from casebook.organizations.models import Organization
from casebook.submissions.enums import AttachmentKind, CaseStatus, Channel
from tests.factories import OrganizationFactory, UnitTypeFactory
from tests.fixtures.forms.make_forms import CASE

from .mails import Attachment, docx_bytes
from .pipeline import (
    FORMS as FORMS_DIR,
)
from .pipeline import (
    LATE,
    ON_TIME,
    SENT,
    TITLE,
    UNIT,
    form,
    photo,
    receive,
    submission,
)

pytestmark = pytest.mark.django_db


def kinds(case) -> list[tuple[str, str]]:
    return sorted((a.original_name, a.kind) for a in case.attachments.all())


def problem_codes(case) -> list[str]:
    return sorted(case.problems.values_list("code", flat=True))


# --- accepted -------------------------------------------------------------------------


def test_a_units_email_becomes_a_numbered_case_received_when_it_reached_the_mailbox(yrd):
    outcome = receive(submission(), yrd)

    case = yrd.cases.get()
    assert outcome.as_json() == {
        "source": "/srv/mail/1.eml", "message_id": outcome.message.message_id,
        "status": "accepted", "case_number": "YRD4-0001", "title": TITLE, "unit": UNIT,
        # 字数 as the call counts them: every character but white space.
        "sections": {"background": 103, "measures": 123, "outcomes": 93, "outlook": 64},
        "attachments": [{"filename": "案例申报书.docx", "kind": "application_form", "size": len(form().content)},
                        {"filename": "现场照片1.jpg", "kind": "photo", "size": len(photo(0).content)},
                        {"filename": "现场照片2.jpg", "kind": "photo", "size": len(photo(1).content)}],
        "reason": None,
    }
    assert (case.number, case.title, case.status, case.channel) == (
        "YRD4-0001", TITLE, CaseStatus.SUBMITTED, Channel.EMAIL)
    assert case.submitted_at == ON_TIME  # the newest Received, not the Date (SENT) nor now
    assert case.sections["background"].startswith("浦江区常住人口约120万")
    assert case.start_date.isoformat() == "2021-03-01"
    assert [unit.name for unit in case.units] == [UNIT, CASE["fields"]["合作单位"]]
    assert kinds(case) == [("案例申报书.docx", AttachmentKind.APPLICATION_FORM),
                           ("现场照片1.jpg", AttachmentKind.PHOTO), ("现场照片2.jpg", AttachmentKind.PHOTO)]
    # Eligibility ran: the form's sections are shorter than the call's 300 characters.
    assert problem_codes(case) == ["section_too_short", "unit_type"]
    message = InboundMessage.objects.get()
    assert (message.status, message.case, message.received_at, message.sender) == (
        MessageStatus.ACCEPTED, case, ON_TIME, "wangxm@pjwjw.example.cn")
    assert message.attempts == 1


def test_an_unknown_unit_is_registered_from_the_form_waiting_for_confirmation(yrd):
    receive(submission(), yrd)

    unit = Organization.objects.get(name=UNIT)
    assert (unit.confirmed, unit.province, unit.contact_name, unit.contact_email) == (
        False, "31", "王晓明", "wangxm@pjwjw.example.cn")
    assert unit.credit_code == ""  # the form's code fails its check character: not kept
    event = AuditEvent.objects.get(action="organization.received_by_email")
    assert event.data["name"] == UNIT


def test_a_known_unit_is_found_by_its_name_and_keeps_its_details(yrd):
    known = OrganizationFactory(name="上海市浦江区 卫生健康委员会", province="31",
                                unit_type=UnitTypeFactory(key="health_commission"))

    receive(submission(), yrd)

    assert yrd.cases.get().lead_organization == known
    assert Organization.objects.filter(name_key=known.name_key).count() == 1
    known.refresh_from_db()
    assert known.confirmed is True
    assert problem_codes(yrd.cases.get()) == ["section_too_short"]


def test_a_unit_abbreviated_in_the_subject_is_found_by_the_forms_full_name(yrd):
    known = OrganizationFactory(name=UNIT)

    outcome = receive(submission(unit="浦江区卫健委"), yrd)

    assert yrd.cases.get().lead_organization == known
    assert outcome.as_json()["unit"] == UNIT


def test_the_title_and_unit_come_from_the_form_when_the_subject_does_not_name_them(yrd):
    outcome = receive(submission(subject="案例申报材料，请查收"), yrd)

    assert outcome.status == MessageStatus.ACCEPTED
    assert (outcome.as_json()["title"], outcome.as_json()["unit"]) == (TITLE, UNIT)


def test_a_form_pasted_into_the_body_is_read_when_no_form_is_attached(yrd):
    pasted = (FORMS_DIR / "markdown_form.md").read_text(encoding="utf-8")

    outcome = receive(submission(body=pasted, attachments=[photo(0)]), yrd)

    case = yrd.cases.get()
    assert outcome.status == MessageStatus.ACCEPTED
    assert case.sections["outlook"].startswith("慢病管理的关键在于可及性和连续性")
    assert kinds(case) == [("现场照片1.jpg", AttachmentKind.PHOTO)]
    assert outcome.message.outcome["form"] == "邮件正文"


def test_evidence_in_a_zip_is_unpacked_and_filed_by_kind(yrd):
    from .archive_files import zip_bytes

    archive = zip_bytes([("申报材料/案例申报书.docx", form().content),
                         ("申报材料/领导批示.jpg", photo(2).content),
                         ("申报材料/现场照片.jpg", photo(3).content)], name_encoding="gbk")

    outcome = receive(submission(attachments=[Attachment("申报材料.zip", archive, "application/zip")]),
                      yrd)

    assert outcome.status == MessageStatus.ACCEPTED
    assert kinds(yrd.cases.get()) == [("案例申报书.docx", AttachmentKind.APPLICATION_FORM),
                                         ("现场照片.jpg", AttachmentKind.PHOTO),
                                         ("领导批示.jpg", AttachmentKind.LEADER_INSTRUCTION)]


def test_a_refused_attachment_is_noted_and_the_rest_is_kept(yrd):
    program = Attachment("说明.exe", b"MZ" + b"\x90" * 500, "application/octet-stream")

    outcome = receive(submission(attachments=[form(), photo(0), program]), yrd)

    assert outcome.status == MessageStatus.ACCEPTED
    assert [a["filename"] for a in outcome.as_json()["attachments"]] == ["案例申报书.docx", "现场照片1.jpg"]
    assert "“说明.exe”" in outcome.as_json()["reason"]
    assert outcome.message.outcome["refused"] == [outcome.as_json()["reason"]]


def test_a_photo_kind_that_does_not_take_the_file_files_it_as_other_evidence(yrd):
    pdf = (FORMS_DIR / "cover_page.pdf").read_bytes()

    receive(submission(attachments=[form(), Attachment("活动照片.pdf", pdf, "application/pdf")]), yrd)

    assert kinds(yrd.cases.get())[1] == ("活动照片.pdf", AttachmentKind.OTHER)


# --- the submission time ------------------------------------------------------------------


def test_a_late_email_is_accepted_and_flagged_late_at_its_arrival_not_at_ingestion(yrd):
    outcome = receive(submission(received=(LATE,)), yrd)

    case = yrd.cases.get()
    assert outcome.status == MessageStatus.ACCEPTED
    assert case.submitted_at == LATE
    late = case.problems.get(code="late")
    assert late.message == "提交时间2023年10月02日 09:30已超过申报截止时间2023年09月30日 23:59。"


def test_the_newest_received_header_counts_else_the_date(yrd):
    receive(submission(title="甲案例", received=(LATE, ON_TIME)), yrd)
    receive(submission(title="乙案例", received=()), yrd)

    times = dict(yrd.cases.values_list("title", "submitted_at"))
    assert times == {"甲案例": LATE, "乙案例": SENT}


# --- duplicate ----------------------------------------------------------------------------


def test_the_same_message_again_is_a_duplicate_and_nothing_is_written(yrd):
    raw = submission()
    receive(raw, yrd)

    again = receive(raw, yrd, path="/srv/mail/copy.eml")

    assert again.as_json() == {**again.as_json(), "status": "duplicate", "case_number": "YRD4-0001",
                               "source": "/srv/mail/copy.eml", "title": TITLE}
    assert again.as_json()["reason"] == f"与已收到的第{again.message.pk}号来信内容完全相同（已受理，YRD4-0001）。"
    assert (yrd.cases.count(), InboundMessage.objects.count()) == (1, 1)


def test_the_same_message_id_through_another_server_is_a_duplicate(yrd):
    raw = submission(message_id="<once@pjwjw.example.cn>")
    relayed = submission(message_id="<once@pjwjw.example.cn>", received=(ON_TIME, SENT))
    first = receive(raw, yrd)

    again = receive(relayed, yrd)

    assert (again.status, again.message.case) == (MessageStatus.DUPLICATE, first.message.case)
    assert again.as_json()["reason"] == f"与已处理的第{first.message.pk}号来信是同一封邮件（Message-ID 相同）。"
    assert yrd.cases.count() == 1


def test_the_same_material_sent_again_adds_nothing_and_is_a_duplicate(yrd):
    receive(submission(), yrd)

    again = receive(submission(), yrd)  # a new Message-ID, the same files

    assert again.status == MessageStatus.DUPLICATE
    assert again.as_json()["reason"] == "邮件内容与已登记的案例YRD4-0001已有的材料相同，没有新的材料。"
    assert yrd.cases.get().attachments.count() == 3


# --- updated -----------------------------------------------------------------------------


def revised_form() -> bytes:
    """The unit's form again with other text: a .docx whose sections say more."""
    return docx_bytes(TITLE, paragraphs=8)


def test_new_material_for_the_same_title_and_unit_is_added_to_the_case(yrd):
    receive(submission(), yrd)
    case = yrd.cases.get()
    before = dict(case.sections)

    outcome = receive(submission(title=f"《{TITLE}》", unit=f" {UNIT} ",
                                 attachments=[form(revised_form(), "申报书（修改稿）.docx"), photo(4)]), yrd)

    case.refresh_from_db()
    assert outcome.as_json()["status"] == "updated"
    assert outcome.as_json()["case_number"] == "YRD4-0001"
    assert yrd.cases.count() == 1  # no second case, no quota used
    assert case.sections["background"].startswith("背景与动因第1段")
    assert case.submitted_at == ON_TIME  # the first submission still counts
    assert kinds(case) == [("案例申报书.docx", AttachmentKind.APPLICATION_FORM),
                           ("现场照片1.jpg", AttachmentKind.PHOTO), ("现场照片2.jpg", AttachmentKind.PHOTO),
                           ("现场照片5.jpg", AttachmentKind.PHOTO),
                           ("申报书（修改稿）.docx", AttachmentKind.APPLICATION_FORM)]
    revision = AuditEvent.objects.get(action="case.revised")
    assert revision.data["version"] == 2
    assert revision.data["before"] == before
    assert revision.data["replaced"] == ["background", "measures", "outcomes", "outlook"]
    assert outcome.message.outcome["version"] == 2


def test_a_shorter_title_in_the_subject_still_finds_the_case_by_the_forms_title(yrd):
    receive(submission(), yrd)

    outcome = receive(submission(title="健康驿站", attachments=[form(), photo(4)]), yrd)

    assert (outcome.status, yrd.cases.count()) == (MessageStatus.UPDATED, 1)


def test_photos_alone_for_a_known_case_are_added_to_it(yrd):
    receive(submission(), yrd)

    outcome = receive(submission(attachments=[photo(5)], body="补充两张照片。"), yrd)

    assert outcome.status == MessageStatus.UPDATED
    assert outcome.as_json()["sections"] == {}
    assert yrd.cases.get().attachments.count() == 4
    assert not AuditEvent.objects.filter(action="case.revised").exists()


def test_material_after_the_deadline_is_kept_and_the_reply_says_so(yrd):
    receive(submission(), yrd)

    outcome = receive(submission(attachments=[photo(5)], received=(LATE,)), yrd)

    assert outcome.status == MessageStatus.UPDATED
    assert yrd.cases.get().attachments.filter(original_name="现场照片6.jpg").exists()
    reply = outcome.message.case.call.notifications.get(key=f"intake-reply:{outcome.message.pk}")
    assert "本邮件到达时已过申报截止时间，是否采用由组委会决定。" in reply.body


def test_a_third_case_of_one_unit_is_accepted_and_flagged_over_the_quota(yrd):
    for minutes, title in enumerate(("甲案例", "乙案例", "丙案例")):
        receive(submission(title=title, received=(ON_TIME + timedelta(minutes=minutes),)), yrd)

    third = yrd.cases.get(title="丙案例")
    assert yrd.cases.count() == 3
    assert "quota" in problem_codes(third)
    assert "quota" not in problem_codes(yrd.cases.get(title="乙案例"))


def test_a_unit_drafting_the_case_on_the_web_has_its_draft_handed_in_by_the_email(yrd):
    from casebook.submissions.services import save_case

    unit = OrganizationFactory(name=UNIT)
    draft = save_case(call=yrd, organization=unit, actor=None, title=TITLE, sections={})

    outcome = receive(submission(), yrd)

    draft.refresh_from_db()
    assert outcome.status == MessageStatus.ACCEPTED
    assert (yrd.cases.get(), draft.status, draft.channel) == (draft, CaseStatus.SUBMITTED, Channel.EMAIL)


def test_an_email_after_the_ruling_is_left_for_the_secretariat(yrd):
    from casebook.submissions.services import rule_on_eligibility

    receive(submission(), yrd)
    case = yrd.cases.get()
    case.problems.all().delete()
    rule_on_eligibility(case=case, actor=None, eligible=True)

    outcome = receive(submission(attachments=[photo(5)]), yrd)

    assert outcome.status == MessageStatus.QUARANTINED
    assert outcome.as_json()["reason"] == ("邮件对应已登记的案例YRD4-0001，但案例当前状态为“形式审查通过”，"
                                           "不能再修改。请联系组委会。")


# --- the call ------------------------------------------------------------------------------


def test_without_a_call_the_address_it_was_sent_to_names_the_call(yrd):
    outcome = receive(submission(to="IOH@sjtu.edu.cn"))

    assert (outcome.status, outcome.message.call) == (MessageStatus.ACCEPTED, yrd)


def test_mail_to_no_calls_address_waits_for_a_person(yrd):
    outcome = receive(submission(to="office@example.cn"))

    assert outcome.status == MessageStatus.QUARANTINED
    assert outcome.as_json()["reason"] == ("无法确定申报的评选活动：收件地址（office@example.cn）"
                                           "不是任何评选活动的申报邮箱。")
    assert outcome.as_json()["title"] == TITLE
    assert not yrd.cases.exists()

