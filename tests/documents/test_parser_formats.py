"""File formats: .doc/.wps through LibreOffice, PDF, text; and files that cannot be read."""

import io
import os
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.documents.convert import ConversionError, convert, soffice_path
from casebook.documents.parsing import UnreadableForm, parse_application_form
from tests.fixtures.forms.make_forms import CASE, expected_sections, markdown_form

FORMS = Path(__file__).resolve().parents[1] / "fixtures" / "forms"
PDF_WARNING = "PDF 文件的分段是按版面推断的，请核对各部分的段落。"

needs_libreoffice = pytest.mark.skipif(soffice_path() is None,
                                       reason="LibreOffice (soffice) 未安装，无法转换 .doc/.wps")


def read(name: str) -> bytes:
    return (FORMS / name).read_bytes()


def unreadable(data: bytes, filename: str) -> str:
    with pytest.raises(UnreadableForm) as raised:
        parse_application_form(data, filename=filename)
    return raised.value.reason


# -- Word 97–2003 and WPS ----------------------------------------------------


@needs_libreoffice
@pytest.mark.parametrize("filename", ["申报书.doc", "申报书.wps", "申报书.docx"])
def test_a_word_97_file_is_converted_whatever_its_name(filename):
    form = parse_application_form(read("bold_numbered.doc"), filename=filename)

    assert form.format == "doc"
    assert form.sections == expected_sections()
    assert form.fields["申报单位"] == CASE["fields"]["申报单位"]
    assert form.warnings == []


@needs_libreoffice
def test_a_table_form_saved_as_doc():
    form = parse_application_form(FORMS / "table_form.doc")

    assert form.sections == expected_sections()
    assert form.title == CASE["title"]


@needs_libreoffice
def test_conversions_in_parallel_do_not_collide():
    data = read("table_form.doc")

    with ThreadPoolExecutor(max_workers=3) as pool:
        forms = list(pool.map(lambda _: parse_application_form(data, filename="x.doc"), range(3)))

    assert all(form.sections == expected_sections() for form in forms)


@needs_libreoffice
def test_a_conversion_that_takes_too_long_is_stopped():
    with pytest.raises(ConversionError, match="LibreOffice 转换超时"):
        convert(read("table_form.doc"), suffix=".doc", timeout=0.05)


def test_without_libreoffice_a_doc_cannot_be_read(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))

    reason = unreadable(read("bold_numbered.doc"), "申报书.wps")

    assert reason == "「申报书.wps」未安装 LibreOffice，无法读取 .doc/.wps 文件"


# -- PDF ------------------------------------------------------------------------


def test_a_pdf_with_a_cover_page():
    form = parse_application_form(FORMS / "cover_page.pdf")

    assert form.format == "pdf"
    assert form.sections == expected_sections()
    assert form.fields == {label: value for label, value in CASE["fields"].items()
                           if label != "案例名称"}
    assert form.title == CASE["title"]
    assert PDF_WARNING in form.warnings


def test_a_pdf_of_a_table_form_reads_cell_by_cell():
    form = parse_application_form(FORMS / "table_form.pdf")

    assert form.sections == expected_sections()
    assert form.fields == {label: CASE["fields"][label]
                           for label in ["案例名称", "申报单位", "合作单位", "联系人", "联系电话"]}
    assert form.warnings == [PDF_WARNING]


def test_a_scanned_pdf_is_refused_saying_so():
    reason = unreadable(read("scanned.pdf"), "扫描件.pdf")

    assert reason == ("「扫描件.pdf」PDF 是扫描件，没有文字层，无法读取；"
                      "请上传 Word 版申报书或可复制文字的 PDF。")


def test_a_pdf_with_a_password():
    reason = unreadable(read("encrypted.pdf"), "申报书.pdf")

    assert reason == "「申报书.pdf」PDF 文件设置了打开密码，无法读取；请取消密码后重新上传。"


def test_a_truncated_pdf():
    data = read("cover_page.pdf")

    assert unreadable(data[: len(data) // 2], "申报书.pdf") == "「申报书.pdf」PDF 文件已损坏，无法读取。"


# -- plain text -------------------------------------------------------------------


def test_text_saved_by_chinese_windows_in_gb18030():
    form = parse_application_form(markdown_form().encode("gb18030"), filename="申报书.txt")

    assert form.sections == expected_sections()


# -- files that are no form ------------------------------------------------------


def test_random_bytes_named_docx():
    noise = bytes((n * 7919 + 13) % 256 for n in range(4096))

    assert unreadable(noise, "申报书.docx") == (
        "「申报书.docx」无法识别文件格式：不是 Word、WPS、PDF 或纯文本文件。")


def test_a_truncated_docx():
    data = read("bold_numbered.docx")

    assert unreadable(data[: len(data) // 2], "申报书.docx") == (
        "「申报书.docx」文件不完整或已损坏，无法作为 Word 文档打开。")


def test_a_docx_whose_text_is_damaged():
    source = zipfile.ZipFile(io.BytesIO(read("bold_numbered.docx")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as damaged:
        for item in source.infolist():
            content = source.read(item)
            damaged.writestr(item, content[:500] if item.filename == "word/document.xml" else content)

    assert unreadable(buffer.getvalue(), "申报书.docx") == "「申报书.docx」Word 文件已损坏，无法打开。"


def test_an_empty_file():
    assert unreadable(b"", "申报书.docx") == "「申报书.docx」文件是空的。"


def test_a_spreadsheet_is_not_a_form():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as workbook:
        workbook.writestr("[Content_Types].xml", "<Types/>")
        workbook.writestr("xl/workbook.xml", "<workbook/>")

    assert unreadable(buffer.getvalue(), "申报书.docx") == (
        "「申报书.docx」这是一份 Excel 表格，不是申报书；请上传 Word、WPS 或 PDF 文件。")


def test_an_encrypted_office_file():
    # Word keeps a password-protected .docx in an OLE2 container holding an
    # EncryptedPackage stream; the directory names are UTF-16.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    data = header + "EncryptedPackage".encode("utf-16-le") + os.urandom(512)

    assert unreadable(data, "申报书.docx") == (
        "「申报书.docx」文件设置了打开密码，无法读取；请取消密码后重新上传。")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(["table_form.docx", "cover_page.pdf", "markdown_form.md"]),
       damage=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.binary(min_size=1,
                                                                             max_size=8)),
                       min_size=1, max_size=4))
def test_a_damaged_file_is_read_or_refused_never_an_error(name, damage):
    data = bytearray(read(name))
    for where, junk in damage:
        at = int(where * len(data))
        data[at:at + len(junk)] = junk

    try:
        form = parse_application_form(bytes(data), filename=name)
    except UnreadableForm as refused:
        assert refused.reason.startswith(f"「{name}」")
    else:
        assert set(form.sections) == {"background", "measures", "outcomes", "outlook"}


def test_a_docx_without_lists():
    # Documents written by some tools have no numbering part at all.
    source = zipfile.ZipFile(io.BytesIO(read("chinese_styles.docx")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as stripped:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "word/_rels/document.xml.rels":
                content = re.sub(rb"<Relationship [^>]*numbering[^>]*/>", b"", content)
            if item.filename != "word/numbering.xml":
                stripped.writestr(item, content)

    form = parse_application_form(buffer.getvalue(), filename="申报书.docx")

    assert form.sections == expected_sections()
