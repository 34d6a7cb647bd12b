"""Reading filled-in application forms: each layout real forms come in.

The files in tests/fixtures/forms were written by LibreOffice (see make_forms.py
there); each says the same case, laid out differently.
"""

from pathlib import Path

import pytest

from casebook.documents.parsing import parse_application_form
from tests.fixtures.forms.make_forms import CASE, expected_sections

FORMS = Path(__file__).resolve().parents[1] / "fixtures" / "forms"
ALL_FIELDS = CASE["fields"]


def fields(*labels: str) -> dict[str, str]:
    return {label: ALL_FIELDS[label] for label in labels}


def parse(name: str, **kwargs):
    return parse_application_form(FORMS / name, **kwargs)


def test_heading_styles_with_automatic_numbering():
    form = parse("heading_styles.docx")

    assert form.format == "docx"
    # Word's own list numbers (not in the text) are kept, as Word shows them.
    assert form.sections == expected_sections("{n}. ")
    assert form.fields == fields("申报单位", "联系人", "联系电话")
    assert (form.title, form.unit) == (CASE["title"], ALL_FIELDS["申报单位"])
    # 附件清单 after the last section is not part of it.
    assert "健康驿站照片" not in form.sections["outlook"]
    assert form.warnings == ["未填写「案例名称」，标题取自申报书的标题行，请核对。"]


def test_chinese_style_names_and_short_titles():
    form = parse("chinese_styles.docx")

    assert form.sections == expected_sections()
    assert form.fields == fields("案例名称", "申报单位", "合作单位", "所在省份", "项目开始时间")
    # The title line (卫生健康治理案例申报书) names the form; 案例名称 wins.
    assert form.title == CASE["title"]
    assert form.warnings == []


def test_bold_numbered_paragraphs_with_guidance_and_trailing_parts():
    form = parse("bold_numbered.docx")

    assert form.sections == expected_sections()
    assert form.fields == fields("案例名称", "申报单位", "统一社会信用代码", "所在省份", "联系人",
                                 "联系电话", "电子邮箱", "项目开始时间")
    assert form.warnings == []


def test_part_numbering_and_near_variant_titles():
    form = parse("numbering_variants.docx")

    assert form.sections == expected_sections("{n}、")
    assert form.unit == ALL_FIELDS["申报单位"]
    assert form.title == CASE["title"]
    assert form.warnings == ["未填写「案例名称」，标题取自文档第一行，请核对。"]


def test_the_whole_form_as_one_table():
    form = parse("table_form.docx")

    assert form.sections == expected_sections()
    assert form.fields == fields("案例名称", "申报单位", "合作单位", "联系人", "联系电话")
    assert form.warnings == []


def test_cover_page_with_title_line_and_four_column_table():
    form = parse("cover_page.docx")

    assert form.sections == expected_sections()
    assert form.fields == fields("申报单位", "合作单位", "统一社会信用代码", "所在省份", "单位类型",
                                 "项目开始时间", "联系人", "联系电话", "电子邮箱")
    # 《…》案例申报书 → the case's title.
    assert form.title == CASE["title"]
    assert form.warnings == ["未填写「案例名称」，标题取自申报书的标题行，请核对。"]


@pytest.mark.parametrize("name", ["numbering_variants.txt", "markdown_form.md"])
def test_plain_text_and_markdown(name):
    form = parse(name)

    assert form.format == "text"
    assert form.sections == expected_sections("{n}、" if name.endswith(".txt") else "{n}.")
    assert form.title == CASE["title"]
    assert form.unit == ALL_FIELDS["申报单位"]


def test_markdown_table_header_is_not_a_field():
    assert "项目" not in parse("markdown_form.md").fields


def test_bytes_and_a_path_read_alike():
    path = FORMS / "bold_numbered.docx"

    from_bytes = parse_application_form(path.read_bytes(), filename="申报书.docx")

    assert from_bytes == parse_application_form(path)
