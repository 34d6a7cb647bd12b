"""Reading a .docx's package and styles (docx_package, docx_styles) without python-docx."""

import io
import re
import zipfile

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from lxml import etree

from casebook.documents.parsing import UnreadableForm, parse_application_form
from casebook.documents.parsing.blocks import Line
from casebook.documents.parsing.docx_reader import read_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def repackaged(data: bytes, parts: dict[str, bytes | None]) -> bytes:
    """The package with `parts` replaced, or left out where None."""
    source, buffer = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = parts.get(item.filename, source.read(item))
            if content is not None:
                target.writestr(item, content)
    return buffer.getvalue()


def headings_by_style() -> bytes:
    """Unnumbered headings: only their style tells them from a line of text (主要做法)."""
    document = docx.Document()
    document.add_heading("背景与动因", level=1)
    document.add_paragraph("本区常住人口约120万。")
    document.add_paragraph("主要做法")
    document.add_heading("举措与机制", level=1)
    document.add_paragraph("建设健康驿站。")
    return saved(document)


def part(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def test_documents_sharing_a_document_but_not_its_styles_read_apart():
    # Style sheets are kept by the content of styles.xml: the same document
    # with Heading 1 turned into plain text reads as plain text, and back.
    styled = headings_by_style()
    styles = etree.fromstring(part(styled, "word/styles.xml"))
    heading = styles.find(f"{W}style[@{W}styleId='Heading1']")
    heading.find(f"{W}name").set(f"{W}val", "Plain")
    for setting in (f"{W}pPr/{W}outlineLvl", f"{W}rPr/{W}b"):
        setting_element = heading.find(setting)
        setting_element.getparent().remove(setting_element)
    plain = repackaged(styled, {"word/styles.xml": etree.tostring(styles)})

    read = [parse_application_form(data).sections["background"] for data in (styled, plain, styled)]

    assert read == ["本区常住人口约120万。\n主要做法", "本区常住人口约120万。",
                    "本区常住人口约120万。\n主要做法"]


def test_without_a_styles_part_no_paragraph_is_styled():
    styled = headings_by_style()
    rels = re.sub(rb'<Relationship [^>]*/styles"[^>]*/>', b"",
                  part(styled, "word/_rels/document.xml.rels"))
    unstyled = repackaged(styled, {"word/styles.xml": None, "word/_rels/document.xml.rels": rels})

    form = parse_application_form(unstyled)

    assert form.sections["background"] == "本区常住人口约120万。"
    assert form.sections["measures"] == "建设健康驿站。"


def test_bold_and_heading_levels_come_through_the_styles_a_style_is_based_on():
    document = docx.Document()
    strong = document.styles.add_style("Key", WD_STYLE_TYPE.CHARACTER)
    strong.font.bold = True
    document.styles.add_style("Key point", WD_STYLE_TYPE.CHARACTER).base_style = strong
    section = document.styles.add_style("Section", WD_STYLE_TYPE.PARAGRAPH)
    section.base_style = document.styles["Heading 2"]
    document.add_paragraph("一、背景与动因").runs[0].style = "Key point"
    document.add_paragraph("背景", style="Section")

    blocks = read_docx(saved(document))

    assert blocks[:2] == [Line("一、背景与动因", emphasis=True),
                          Line("背景", level=2, emphasis=True)]


def test_a_macro_enabled_document_is_refused_as_python_docx_refused_it():
    data = headings_by_style()
    types = part(data, "[Content_Types].xml").replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
    macro_enabled = repackaged(data, {"[Content_Types].xml": types})

    with pytest.raises(UnreadableForm) as refused:
        parse_application_form(macro_enabled, filename="申报书.docx")

    assert refused.value.reason == "「申报书.docx」Word 文件已损坏，无法打开。"


def test_a_file_damaged_only_in_a_part_the_form_does_not_use_is_read():
    # python-docx refused such a file, though the form is all there.
    damaged = repackaged(headings_by_style(), {"docProps/core.xml": b"<cp:coreProperties"})

    form = parse_application_form(damaged, filename="申报书.docx")

    assert form.sections["measures"] == "建设健康驿站。"
