"""Our own application-form template (documents.application_form), filled in and read back."""

from io import BytesIO
from itertools import pairwise

import docx
import pytest

from casebook.calls.models import Call
from casebook.calls.seeding import load_seed_calls
from casebook.documents.application_form import build_application_form
from casebook.documents.convert import convert, soffice_path
from casebook.documents.parsing import parse_application_form
from tests.factories import CallFactory, SectionFactory
from tests.fixtures.forms.make_forms import CASE, expected_sections

pytestmark = pytest.mark.django_db

needs_libreoffice = pytest.mark.skipif(soffice_path() is None,
                                       reason="LibreOffice (soffice) 未安装，无法转换 .doc")


@pytest.fixture
def yrd():
    load_seed_calls()
    return Call.objects.get(slug="yrd-health-4")


def fill_in(template: bytes, call, answers: dict[str, str], values: dict[str, str]) -> bytes:
    """Type into the template as an applicant does: the table's right-hand
    cells, and paragraphs under each section's hints (which stay)."""
    document = docx.Document(BytesIO(template))
    for row in document.tables[0].rows:
        row.cells[1].text = values.get(row.cells[0].text, "")
    headings = {f"{section.number}{section.title}": section.key for section in call.sections.all()}
    heading_paragraphs = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    for heading, following in pairwise(heading_paragraphs):
        if heading.text in headings:
            for text in answers[headings[heading.text]].split("\n"):
                following.insert_paragraph_before(text)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_the_filled_in_template_reads_back(yrd):
    form_file = fill_in(build_application_form(yrd), yrd, expected_sections(), CASE["fields"])

    form = parse_application_form(form_file, filename="申报书.docx",
                                  sections=list(yrd.sections.all()))

    assert form.sections == expected_sections()
    assert form.fields == CASE["fields"]
    assert (form.title, form.unit) == (CASE["title"], CASE["fields"]["申报单位"])
    # The hints (guidance, 本部分不少于300字, 所在省份限…), 写作要求, 附件清单
    # and 承诺书 are the template's, not the applicant's.
    assert form.warnings == []


def test_the_empty_template_has_no_answers(yrd):
    form = parse_application_form(build_application_form(yrd), filename="申报书.docx")

    assert form.sections == dict.fromkeys(["background", "measures", "outcomes", "outlook"], "")
    assert form.fields == {}
    assert form.title == ""
    assert form.warnings == ["申报书各部分均未填写，可能上传的是空白模板。", "未找到案例名称。",
                             "未找到「申报单位」。"]


def test_a_section_left_empty_is_named(yrd):
    answers = {**expected_sections(), "outlook": ""}
    form_file = fill_in(build_application_form(yrd), yrd, answers, CASE["fields"])

    form = parse_application_form(form_file, filename="申报书.docx")

    assert form.sections["outlook"] == ""
    assert form.warnings == ["「启示与展望」部分未填写。"]


def test_another_calls_sections_are_read_by_their_own_titles():
    call = CallFactory()
    titles = {"summary": ("一、", "项目简介"), "practice": ("二、", "实践做法"),
              "effect": ("三、", "取得成效")}
    for order, (key, (number, title)) in enumerate(titles.items()):
        SectionFactory(call=call, key=key, number=number, title=title, order=order,
                       guidance=f"请介绍{title}", min_chars=100)
    answers = {key: f"{title}的第一段。\n{title}的第二段。" for key, (_, title) in titles.items()}
    form_file = fill_in(build_application_form(call), call, answers, {"申报单位": "浦江区卫健委"})

    form = parse_application_form(form_file, filename="申报书.docx",
                                  sections=list(call.sections.all()))

    assert form.sections == answers
    assert form.unit == "浦江区卫健委"


@needs_libreoffice
def test_the_filled_in_template_saved_as_doc_reads_back(yrd):
    form_file = fill_in(build_application_form(yrd), yrd, expected_sections(), CASE["fields"])
    as_doc = convert(form_file, suffix=".docx", target="doc")

    form = parse_application_form(as_doc, filename="申报书.doc")

    assert form.format == "doc"
    assert form.sections == expected_sections()
    assert form.fields == CASE["fields"]
