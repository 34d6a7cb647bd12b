"""A message no case can be made of waits for a person, with a Chinese reason
that names the problem; it is kept whole and never lost."""

import pytest

from casebook.intake.enums import MessageStatus
from casebook.intake.models import InboundMessage
from casebook.intake.services import MAX_ATTEMPTS, process_message, receive_raw

from .mails import Attachment, docx_bytes
from .pipeline import FORMS, TITLE, UNIT, form, photo, receive, submission

pytestmark = pytest.mark.django_db


def quarantined(outcome) -> str:
    assert outcome.status == MessageStatus.QUARANTINED
    assert not outcome.message.call.cases.exists() if outcome.message.call else True
    return outcome.as_json()["reason"]


def test_no_form_and_nothing_in_the_body(yrd):
    outcome = receive(submission(attachments=[photo(0)], body="您好，请查收。"), yrd)

    assert quarantined(outcome) == ("邮件中没有找到案例申报书：附件中没有 Word、WPS 或 PDF 格式的申报书，"
                                    "正文中也没有申报书的内容。")
    # What the message holds is still listed, for the triage page and the operator.
    assert outcome.as_json()["attachments"] == [{"filename": "现场照片1.jpg", "kind": "photo",
                                                 "size": len(photo(0).content)}]


def test_an_unreadable_form_keeps_the_parsers_reason(yrd):
    scanned = (FORMS / "scanned.pdf").read_bytes()

    outcome = receive(submission(attachments=[Attachment("案例申报书.pdf", scanned, "application/pdf")]),
                      yrd)

    reason = quarantined(outcome)
    assert reason.startswith("附件中的申报书无法读取：「案例申报书.pdf」PDF 是扫描件")


def test_no_title_anywhere(yrd):
    sections_only = (FORMS / "numbering_variants.txt").read_text(encoding="utf-8").split("\n", 2)[2]

    outcome = receive(submission(subject="申报材料", attachments=[], body=sections_only), yrd)

    assert quarantined(outcome) == ("无法确定案例名称：邮件主题不是“项目名称+单位名称”的格式，"
                                    "申报书中也没有填写案例名称。")


def test_no_unit_anywhere(yrd):
    outcome = receive(submission(subject=TITLE, attachments=[form(docx_bytes(TITLE, 8))]), yrd)

    assert quarantined(outcome) == "无法确定申报单位：邮件主题中没有单位名称，申报书中也没有填写申报单位。"
    assert outcome.as_json()["title"] == TITLE


def test_two_forms_in_one_email(yrd):
    outcome = receive(submission(attachments=[
        form(docx_bytes("社区慢病健康管理", 8), "慢病申报书.docx"),
        form(docx_bytes("医养结合服务提升", 8), "医养申报书.docx")]), yrd)

    assert quarantined(outcome) == ("一封邮件中有多份申报书（“社区慢病健康管理”、“医养结合服务提升”），"
                                    "请每个案例单独发送一封邮件。")


def test_a_word_form_with_its_signed_pdf_copy_is_one_form(yrd):
    signed = (FORMS / "cover_page.pdf").read_bytes()

    outcome = receive(submission(attachments=[form(), Attachment("案例申报书（盖章）.pdf", signed,
                                                                "application/pdf")]), yrd)

    assert outcome.status == MessageStatus.ACCEPTED
    assert [a["kind"] for a in outcome.as_json()["attachments"]] == ["application_form"] * 2


def test_a_message_that_keeps_killing_its_runs_is_set_aside(yrd):
    message, _ = receive_raw(raw=submission(), source="maildir:/srv/mail", source_key="new/1",
                             call=yrd)
    InboundMessage.objects.filter(pk=message.pk).update(attempts=MAX_ATTEMPTS)

    outcome = process_message(message=message)

    assert quarantined(outcome) == (f"处理这封邮件已中断{MAX_ATTEMPTS}次，可能邮件或附件有问题，"
                                    "已保留原始邮件，请人工处理。")


def test_the_quarantined_message_is_kept_whole(yrd):
    raw = submission(attachments=[photo(0)], body="您好")

    outcome = receive(raw, yrd)

    message = InboundMessage.objects.get(pk=outcome.message.pk)
    with message.raw.open("rb") as stored:
        assert stored.read() == raw
    assert (message.status, message.subject, message.sender) == (
        MessageStatus.QUARANTINED, f"{TITLE}+{UNIT}", "wangxm@pjwjw.example.cn")
