"""What a file really is, from its bytes: applicants rename files freely
(a .doc saved as .docx, a WPS file as .doc), so the name is not trusted."""

import zipfile
from io import BytesIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .blocks import UnreadableForm

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
PDF_MAGIC = b"%PDF"
# A PDF may have a few bytes of junk before its header; readers accept 1 KB.
PDF_HEADER_WINDOW = 1024
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
TEXT_SAMPLE = 4096
# Share of control characters above which "text" is really binary.
MAX_CONTROL_SHARE = 0.01
TEXT_ENCODINGS = ("utf-8-sig", "gb18030")

# OLE2 storage names are UTF-16; these tell the other Office formats apart.
OLE2_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
OLE2_OTHER_FORMATS = {
    "Workbook".encode("utf-16-le"): gettext_lazy("一份 Excel 表格"),
    "PowerPoint Document".encode("utf-16-le"): gettext_lazy("一份 PowerPoint 演示文稿"),
}
ZIP_OTHER_FORMATS = {"xl/workbook.xml": gettext_lazy("一份 Excel 表格"),
                     "ppt/presentation.xml": gettext_lazy("一份 PowerPoint 演示文稿")}

# Formats LibreOffice turns into .docx for us.
CONVERTED = {"doc", "odt", "rtf", "html", "wordml"}


def sniff(data: bytes) -> str:
    """docx, pdf, doc (Word 97–2003 and WPS), odt, rtf, html, wordml or text.

    Raises UnreadableForm for an empty, damaged, encrypted or unsupported file."""
    if not data.strip():
        raise UnreadableForm(_("文件是空的。"))
    if data.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        return _zip_kind(data)
    if PDF_MAGIC in data[:PDF_HEADER_WINDOW]:
        return "pdf"
    if data.startswith(OLE2_MAGIC):
        return _ole2_kind(data)
    if data.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    return _text_kind(data)


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except Exception as error:  # zipfile raises many kinds on a damaged archive
        raise UnreadableForm(_("文件不完整或已损坏，无法作为 Word 文档打开。")) from error
    if "word/document.xml" in names:
        return "docx"
    if mimetype.strip() == ODT_MIMETYPE:
        return "odt"
    for name, kind in ZIP_OTHER_FORMATS.items():
        if name in names:
            raise _not_a_form(kind)
    raise _not_a_form(_("一个压缩包"))


def _ole2_kind(data: bytes) -> str:
    if OLE2_ENCRYPTED in data:
        raise UnreadableForm(_("文件设置了打开密码，无法读取；请取消密码后重新上传。"))
    for marker, kind in OLE2_OTHER_FORMATS.items():
        if marker in data:
            raise _not_a_form(kind)
    return "doc"


def _text_kind(data: bytes) -> str:
    text = decode_text(data)
    head = text[:TEXT_SAMPLE].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    if head.startswith("<?xml") and "w:worddocument" in head:
        return "wordml"
    return "text"


def decode_text(data: bytes) -> str:
    """The text of a plain-text file (UTF-8 or GB18030, as Chinese Windows
    saves it); UnreadableForm when the bytes are not text at all."""
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    for encoding in ("utf-16",) if utf16 else TEXT_ENCODINGS:
        try:
            return _plain(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise _unrecognised()


def _plain(text: str) -> str:
    sample = text[:TEXT_SAMPLE]
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\t\n\r\f")
    if "\x00" in sample or controls > MAX_CONTROL_SHARE * len(sample):
        raise _unrecognised()
    return text


def _unrecognised() -> UnreadableForm:
    return UnreadableForm(_("无法识别文件格式：不是 Word、WPS、PDF 或纯文本文件。"))


def _not_a_form(kind: str) -> UnreadableForm:
    return UnreadableForm(_("这是%(kind)s，不是申报书；请上传 Word、WPS 或 PDF 文件。")
                          % {"kind": kind})
