"""The application-form template, opened as an applicant's word processor would."""

import shutil
import subprocess
from io import BytesIO

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx.oxml.ns import qn

from casebook.calls.models import Call
from casebook.calls.seeding import load_seed_calls
from casebook.documents.application_form import HINT_COLOUR, build_application_form

pytestmark = pytest.mark.django_db

BASIC_FIELDS = ["案例名称", "申报单位", "合作单位", "统一社会信用代码", "所在省份", "单位类型",
                "项目开始时间", "联系人", "联系电话", "电子邮箱"]


@pytest.fixture
def calls():
    load_seed_calls()
    return {call.slug: call for call in Call.objects.all()}


@pytest.fixture
def yrd_form(calls):
    return build_application_form(calls["yrd-health-4"])


def open_docx(content: bytes):
    return docx.Document(BytesIO(content))


def paragraphs(document, style):
    return [p.text for p in document.paragraphs if p.style.name == style]


def test_headings_follow_the_calls_sections(yrd_form):
    document = open_docx(yrd_form)

    assert paragraphs(document, "Title") == ["第四届长三角卫生健康治理最佳实践案例评选案例申报书"]
    assert paragraphs(document, "Heading 1") == [
        "基本信息", "一、案例的背景与动因", "二、案例的举措与机制", "三、案例的成效与创新",
        "四、案例的启示与展望", "写作要求", "附件清单", "承诺书",
    ]


def test_basic_information_table_without_domains(yrd_form):
    table = open_docx(yrd_form).tables[0]

    assert [row.cells[0].text for row in table.rows] == BASIC_FIELDS
    assert {row.cells[1].text for row in table.rows} == {""}


def test_a_call_with_domains_asks_for_one(calls):
    document = open_docx(build_application_form(calls["healthy-shanghai-2"]))

    labels = [row.cells[0].text for row in document.tables[0].rows]
    assert labels == [*BASIC_FIELDS[:6], "所属领域", *BASIC_FIELDS[6:]]
    assert ("所属领域请选择一项：普及健康生活、优化健康服务、完善健康保障、建设健康环境、"
            "发展健康产业、提升建设能级") in paragraphs(document, "Normal")


def test_each_section_has_its_guidance_as_a_grey_hint_then_room_to_write(calls, yrd_form):
    body = open_docx(yrd_form).paragraphs
    texts = [p.text for p in body]

    for section in calls["yrd-health-4"].sections.all():
        at = texts.index(f"{section.number}{section.title}")
        guidance = body[at + 1]
        assert guidance.text == section.guidance
        assert guidance.runs[0].italic
        assert guidance.runs[0].font.color.rgb == HINT_COLOUR
        assert texts[at + 2:at + 4] == ["本部分不少于300字。", ""]


def test_requirements_evidence_and_declaration(calls, yrd_form):
    call = calls["yrd-health-4"]
    texts = [p.text for p in open_docx(yrd_form).paragraphs]

    assert call.writing_requirements in texts
    assert [text for text in texts if text.startswith("□ ")] == [
        "□ 图片（必交）", "□ 视频", "□ 领导批示", "□ 新闻媒体报道", "□ 其他佐证材料",
    ]
    declaration = texts[texts.index("承诺书") + 1:]
    assert declaration == [
        "本单位承诺：所申报案例的内容及全部佐证材料真实有效。", call.integrity_clause,
        "申报单位（盖章）：", "单位负责人（签字）：", "日期：　　　　年　　月　　日",
    ]


def test_chinese_fonts_are_set_for_east_asian_text(yrd_form):
    styles = open_docx(yrd_form).styles

    def east_asian_font(name):
        return styles[name].element.rPr.rFonts.get(qn("w:eastAsia"))

    assert east_asian_font("Normal") == "宋体"
    assert east_asian_font("Heading 1") == east_asian_font("Title") == "黑体"
    assert styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsiaTheme")) is None


def test_building_the_form_only_reads(calls):
    with CaptureQueriesContext(connection) as queries:
        build_application_form(calls["yrd-health-4"])

    assert queries.captured_queries
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)


def test_libreoffice_opens_the_form(yrd_form, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) 未安装，无法检查转换")
    source = tmp_path / "申报书.docx"
    source.write_bytes(yrd_form)

    for target in ("pdf", "txt:Text (encoded):UTF8"):
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                        "--convert-to", target, "--outdir", str(tmp_path), str(source)],
                       check=True, capture_output=True, timeout=180)

    assert (tmp_path / "申报书.pdf").read_bytes().startswith(b"%PDF")
    text = (tmp_path / "申报书.txt").read_text(encoding="utf-8-sig")
    assert "一、案例的背景与动因" in text
    assert "包括案例所在地区经济和社会发展的基本情况" in text
