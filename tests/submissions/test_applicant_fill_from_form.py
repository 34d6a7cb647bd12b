"""Uploading a filled-in application form prefills the case, and keeps the form."""

import datetime as dt
from io import BytesIO
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casebook.documents.application_form import build_application_form
from casebook.submissions.enums import AttachmentKind, CaseStatus
from casebook.submissions.models import Case
from tests.factories import DomainFactory
from tests.publishing.html import squeeze

from .applicant import case_form, unit_member, yrd_like_call

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "forms"
ANSWERS = {
    "一、案例的背景与动因": ["浦江区常住人口约120万，60岁及以上老年人口占比达28.6%。",
                    "2020年起，区政府将慢病管理纳入民生实事项目。"],
    "二、案例的举措与机制": ["在居委会和园区设置健康驿站86个，居民刷医保卡即可测量血压、血糖。"],
    "三、案例的成效与创新": ["驿站累计服务居民52万人次，高血压规范管理率由61%提高到78%。"],
    "四、案例的启示与展望": ["基层治理与健康服务融合是提高慢病管理可及性的有效途径。"],
}


@pytest.fixture
def call():
    call = yrd_like_call()
    DomainFactory(call=call, name="优化健康服务")
    return call


@pytest.fixture
def member(client):
    membership = unit_member("上海市浦江区卫生健康委员会")
    client.force_login(membership.user)
    return membership


def filled_form(call, fields: dict[str, str]) -> bytes:
    """The call's own template (the notice page's download), filled in as an applicant
    would in Word: the basic-information table and each section's blank paragraph."""
    document = docx.Document(BytesIO(build_application_form(call)))
    for row in document.tables[0].rows:
        label, answer = row.cells
        if label.text in fields:
            answer.text = fields[label.text]
    paragraphs = list(document.paragraphs)
    for index, paragraph in enumerate(paragraphs):
        if paragraph.text in ANSWERS:
            blank = next(p for p in paragraphs[index + 1:] if not p.text)
            for text in ANSWERS[paragraph.text]:
                blank.insert_paragraph_before(text)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


FIELDS = {"案例名称": "“健康驿站”打通社区慢病管理最后一公里",
          "申报单位": "上海市浦江区卫生健康委员会",
          "合作单位": "浦江区疾病预防控制中心、浦江区社区卫生服务中心",
          "所属领域": "优化健康服务",
          "项目开始时间": "2021年3月"}


def fill(client, url, upload: SimpleUploadedFile, **data) -> str:
    response = client.post(url, {**data, "action": "fill", "application_form": upload},
                           follow=True)
    assert response.status_code == 200
    return squeeze(response.content.decode())


def test_a_filled_template_prefills_the_case_and_is_kept_as_its_application_form(
    client, call, member,
):
    upload = SimpleUploadedFile("浦江区申报书.docx", filled_form(call, FIELDS), DOCX)

    page = fill(client, "/cases/new/yrd-health-4/", upload)

    case = Case.objects.get()
    assert case.title == "“健康驿站”打通社区慢病管理最后一公里"
    assert case.status == CaseStatus.DRAFT
    assert case.start_date == dt.date(2021, 3, 1)
    assert case.domain.name == "优化健康服务"
    assert case.sections["background"] == "\n".join(ANSWERS["一、案例的背景与动因"])
    assert case.sections["outlook"] == ANSWERS["四、案例的启示与展望"][0]
    assert [unit.organization.name for unit in case.case_units.all()] == [
        "浦江区疾病预防控制中心", "浦江区社区卫生服务中心"]
    [kept] = case.attachments.all()
    assert (kept.kind, kept.original_name) == (AttachmentKind.APPLICATION_FORM, "浦江区申报书.docx")
    assert "已读取申报书“浦江区申报书.docx”，内容已填入并保存为草稿，请逐项核对。" in page
    assert 'value="“健康驿站”打通社区慢病管理最后一公里"' in page  # the edit page, filled


def test_a_form_naming_another_unit_is_filled_with_a_warning(client, call, member):
    upload = SimpleUploadedFile("申报书.docx",
                                filled_form(call, {**FIELDS, "申报单位": "浦江区人民政府"}), DOCX)

    page = fill(client, "/cases/new/yrd-health-4/", upload)

    assert ('<li class="alert alert--warning">申报书中的申报单位为“浦江区人民政府”，'
            "与本案例的申报单位“上海市浦江区卫生健康委员会”不一致，请核对。</li>") in page
    assert Case.objects.get().lead_organization == member.organization


def test_a_form_without_a_title_is_filled_in_but_not_saved(client, call, member):
    upload = SimpleUploadedFile("申报书.docx", filled_form(call, {**FIELDS, "案例名称": ""}), DOCX)

    page = fill(client, "/cases/new/yrd-health-4/", upload)

    assert '<li class="alert alert--warning">未找到案例名称。</li>' in page
    assert "申报书的内容已填入下面的表格，但尚未保存：请补全标出的内容后保存草稿。" in page
    assert "请填写“案例名称”。" in page
    assert "驿站累计服务居民52万人次，高血压规范管理率由61%提高到78%。</textarea>" in page
    assert not Case.objects.exists()


def test_a_form_from_office_software_fills_a_draft_already_started(client, call, member):
    """A committed fixture, saved by LibreOffice, with a cover page and its own table."""
    client.post("/cases/new/yrd-health-4/", case_form(title="草拟的标题", sections={}))
    case = Case.objects.get()
    upload = SimpleUploadedFile("cover_page.docx", (FIXTURES / "cover_page.docx").read_bytes(),
                                DOCX)

    fill(client, f"/cases/{case.pk}/edit/", upload, **case_form(title="草拟的标题", sections={}))

    case.refresh_from_db()
    assert case.title == "“健康驿站”打通社区慢病管理最后一公里"
    assert case.sections["measures"].startswith("1.建设健康驿站。在居委会和园区设置健康驿站86个")
    assert case.start_date == dt.date(2021, 3, 1)
    assert case.attachments.get().kind == AttachmentKind.APPLICATION_FORM


def test_a_broken_docx_says_why_in_chinese_and_keeps_what_was_typed(client, call, member):
    upload = SimpleUploadedFile("申报书.docx", b"PK\x03\x04 not really a zip", DOCX)

    page = fill(client, "/cases/new/yrd-health-4/", upload, title="已经输入的标题")

    assert "「申报书.docx」文件不完整或已损坏，无法作为 Word 文档打开。" in page
    assert 'value="已经输入的标题"' in page
    assert "请填写“案例名称”" not in page  # only the upload is in question
    assert not Case.objects.exists()


def test_only_application_form_files_are_read(client, call, member):
    upload = SimpleUploadedFile("照片.jpg", b"\xff\xd8\xff\xe0 a photo", "image/jpeg")

    page = fill(client, "/cases/new/yrd-health-4/", upload)

    assert "「照片.jpg」不是申报书文件：请上传 .docx、.doc、.wps 或 .pdf 格式的申报书。" in page


def test_filling_needs_a_file(client, call, member):
    response = client.post("/cases/new/yrd-health-4/", {"action": "fill", "title": "标题"})

    assert "请选择要上传的申报书文件。" in response.content.decode()
    assert not Case.objects.exists()
