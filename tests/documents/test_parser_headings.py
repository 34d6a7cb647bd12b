"""Telling section headings, sub-points, trailing parts and guidance apart."""

from io import BytesIO

import docx
import pytest

from casebook.documents.parsing import STANDARD_SECTIONS, parse_application_form
from casebook.documents.parsing.headings import (
    SectionMatcher,
    field_label,
    is_trailing_part,
    split_numbering,
)
from casebook.documents.parsing.numbering import chinese_number

MATCHER = SectionMatcher(STANDARD_SECTIONS)


@pytest.mark.parametrize(("text", "key", "kind"), [
    ("一、案例的背景与动因", "background", "cn"),
    ("一、背景与动因", "background", "cn"),
    ("（一）背景与动因", "background", "paren_cn"),
    ("(一)背景与动因", "background", "paren_cn"),
    ("1. 背景和动因", "background", "num"),
    ("1、背景及动因", "background", "num"),
    ("第一部分 背景与动因", "background", "part"),
    ("第一部分：案例的背景与动因", "background", "part"),
    ("背 景 与 动 因", "background", ""),
    ("二、主要做法", "measures", "cn"),
    ("二、案例的举措和机制：", "measures", "cn"),
    ("三、成效与创新", "outcomes", "cn"),
    ("四、经验启示", "outlook", "cn"),
    ("四、启示与展望……………………12", "outlook", "cn"),
])
def test_heading_variants(text, key, kind):
    heading = MATCHER.match(text)

    assert (heading.key, heading.numbering.kind, heading.content) == (key, kind, "")


def test_guidance_in_brackets_after_the_title_is_not_content():
    heading = MATCHER.match("一、案例的背景与动因（包括案例所在地区经济和社会发展的基本情况）")

    assert (heading.key, heading.content, heading.open_guidance) == ("background", "", False)


def test_guidance_wrapped_onto_the_next_line_is_flagged():
    assert MATCHER.match("一、案例的背景与动因（包括案例所在地区经济和").open_guidance


def test_answer_on_the_heading_line_is_kept():
    heading = MATCHER.match("一、背景与动因：浦江区常住人口约120万。")

    assert (heading.key, heading.content) == ("background", "浦江区常住人口约120万。")


@pytest.mark.parametrize("text", [
    "背景与动因分析表明，慢病管理需要前移。",
    "本案例背景复杂",
    "2020年起，区政府将慢病管理纳入民生实事项目。",
    "",
])
def test_sentences_are_not_headings(text):
    assert MATCHER.match(text) is None


def test_a_calls_own_titles_are_matched():
    class Section:
        def __init__(self, key, title):
            self.key, self.title, self.short_title = key, title, ""

    matcher = SectionMatcher([Section("summary", "项目简介"), Section("part2", "第二部分")])

    assert matcher.match("一、项目简介").key == "summary"
    assert matcher.match("第二部分").key == "part2"
    assert matcher.match("一、背景与动因") is None


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("十二、其他", "cn", 12), ("（三）做法", "paren_cn", 3), ("(2) 做法", "paren_num", 2),
    ("3.1 做法", "num", 3), ("② 做法", "circled", 2), ("第十部分 其他", "part", 10),
    ("2023年起", "", None), ("2.3万人次", "num", 2),
])
def test_numbering(text, kind, value):
    numbering, _ = split_numbering(text)

    assert (numbering.kind, numbering.value) == (kind, value)


@pytest.mark.parametrize(("text", "trailing"), [
    ("附件清单", True), ("五、附件", True), ("附件1：健康驿站照片", True), ("六、承诺书", True),
    ("承诺", True), ("佐证材料", True), ("写作要求", True),
    ("承诺制管理让居民更放心", False), ("附件中的照片显示驿站运行良好。", False),
])
def test_trailing_parts(text, trailing):
    assert is_trailing_part(text) is trailing


@pytest.mark.parametrize(("label", "standard"), [
    ("联 系 人：", "联系人"), ("申报单位（盖章）", "申报单位"), ("项目名称", "案例名称"),
    ("E-mail", "电子邮箱"), ("手机", "联系电话"), ("单位性质", "单位类型"), ("备注", None),
])
def test_field_labels(label, standard):
    assert field_label(label) == standard


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"),
                                         (105, "一百零五"), (110, "一百一十")])
def test_chinese_list_numbers(n, text):
    assert chinese_number(n) == text


def docx_bytes(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def bold(document, text):
    document.add_paragraph().add_run(text).bold = True


def test_a_sub_point_named_like_a_section_stays_in_its_section():
    def build(document):
        bold(document, "一、背景与动因")
        document.add_paragraph("背景。")
        bold(document, "二、举措与机制")
        bold(document, "（一）主要成效")  # numbered as a sub-point: not section three
        document.add_paragraph("做法带来的成效。")
        bold(document, "三、成效与创新")
        document.add_paragraph("成效。")

    form = parse_application_form(docx_bytes(build), filename="x.docx")

    assert form.sections["measures"] == "（一）主要成效\n做法带来的成效。"
    assert form.sections["outcomes"] == "成效。"


def test_an_extra_part_after_the_last_section_is_left_out_with_a_warning():
    def build(document):
        for number, title in [("一", "背景与动因"), ("二", "举措与机制"), ("三", "成效与创新"),
                              ("四", "启示与展望"), ("五", "其他说明")]:
            document.add_heading(f"{number}、{title}", level=1)
            document.add_paragraph(f"{title}的内容。")

    form = parse_application_form(docx_bytes(build), filename="x.docx")

    assert form.sections["outlook"] == "启示与展望的内容。"
    assert "「五、其他说明」不属于申报书的任何部分，未导入。" in form.warnings


def test_parenthesised_guidance_is_dropped_but_a_bracketed_remark_kept():
    def build(document):
        document.add_heading("一、背景与动因", level=1)
        document.add_paragraph("（请简要介绍案例所在地区的基本情况，不少于300字）")
        document.add_paragraph("浦江区常住人口约120万。")
        document.add_paragraph("（数据来源：浦江区统计年鉴）")

    form = parse_application_form(docx_bytes(build), filename="x.docx")

    assert form.sections["background"] == "浦江区常住人口约120万。\n（数据来源：浦江区统计年鉴）"


def test_cover_lines_with_several_labels():
    def build(document):
        document.add_paragraph("申报单位（盖章）：浦江区卫健委")
        document.add_paragraph("联 系 人：王晓明　　联系电话：021-58881234，邮箱：w@example.cn")
        document.add_paragraph("项目名称：______")

    form = parse_application_form(docx_bytes(build), filename="x.docx")

    assert form.fields == {"申报单位": "浦江区卫健委", "联系人": "王晓明",
                           "联系电话": "021-58881234", "电子邮箱": "w@example.cn"}


def test_unnumbered_headings_are_told_from_text_by_their_style():
    def build(document):
        document.add_heading("背景与动因", level=1)
        document.add_paragraph("背景。")
        document.add_paragraph("主要做法")  # a line of text, not styled like the headings
        document.add_heading("举措与机制", level=1)
        document.add_paragraph("做法。")

    form = parse_application_form(docx_bytes(build), filename="x.docx")

    assert form.sections["background"] == "背景。\n主要做法"
    assert form.sections["measures"] == "做法。"


def test_a_table_of_contents_before_the_sections():
    def build(document):
        document.add_paragraph("目录")
        for title in ["背景与动因", "举措与机制", "成效与创新", "启示与展望"]:
            document.add_paragraph(f"{title}\t1")
        for title in ["背景与动因", "举措与机制", "成效与创新", "启示与展望"]:
            document.add_heading(title, level=1)
            document.add_paragraph(f"{title}的内容。")

    form = parse_application_form(docx_bytes(build), filename="x.docx")

    assert form.sections["background"] == "背景与动因的内容。"
    assert form.sections["outlook"] == "启示与展望的内容。"
