"""The entry point: sniff the file, read it into blocks, assemble the form."""

import logging
from pathlib import Path

from django.utils.translation import gettext as _

from casebook.documents.convert import ConversionError, convert

from .assemble import assemble
from .blocks import Block, ParsedForm, UnreadableForm
from .docx_reader import read_docx
from .pdf_reader import read_pdf
from .sniff import CONVERTED, decode_text, sniff
from .text_reader import read_text
from .vocabulary import STANDARD_SECTIONS

logger = logging.getLogger(__name__)

# What LibreOffice is told each converted kind is, and what the applicant
# is told could not be read when LibreOffice is missing.
CONVERSION_SUFFIXES = {"doc": ".doc", "odt": ".odt", "rtf": ".rtf", "html": ".html",
                       "wordml": ".xml"}
CONVERSION_LABELS = {"doc": ".doc/.wps"}


def parse_application_form(source: bytes | str | Path, *, filename: str = "",
                           sections=STANDARD_SECTIONS) -> ParsedForm:
    """Read a filled-in application form.

    `source` is the file's bytes or its path; `filename` (the name it was
    uploaded under) is used in messages only: the type is sniffed from the
    content. `sections` are the call's sections (objects with key, title,
    short_title and guidance), the standard four by default.

    Raises UnreadableForm, its message a Chinese line naming the file, when
    the file is empty, damaged, encrypted, scanned or not a form format.
    """
    if isinstance(source, str | Path):
        filename = filename or Path(source).name
        source = Path(source).read_bytes()
    try:
        kind = sniff(source)
        blocks, warnings = _read(kind, source)
    except UnreadableForm as error:
        reason = (_("「%(filename)s」%(reason)s") % {"filename": filename, "reason": error.reason}
                  if filename else error.reason)
        raise UnreadableForm(reason) from error
    form = assemble(blocks, sections=sections)
    form.format = kind
    form.warnings += warnings
    return form


def _read(kind: str, data: bytes) -> tuple[list[Block], list[str]]:
    try:
        return _read_kind(kind, data)
    except UnreadableForm:
        raise
    except Exception as error:
        # A file damaged in a way its library did not foresee: the applicant
        # gets a reason, not a server error; the operator gets the traceback.
        logger.exception("could not read a %s form", kind)
        raise UnreadableForm(_("文件内容无法读取，可能已损坏。")) from error


def _read_kind(kind: str, data: bytes) -> tuple[list[Block], list[str]]:
    if kind == "docx":
        return read_docx(data), []
    if kind == "pdf":
        return read_pdf(data), [_("PDF 文件的分段是按版面推断的，请核对各部分的段落。")]
    if kind in CONVERTED:
        return read_docx(_to_docx(kind, data)), []
    return read_text(decode_text(data)), []


def _to_docx(kind: str, data: bytes) -> bytes:
    try:
        return convert(data, suffix=CONVERSION_SUFFIXES[kind], target="docx",
                       label=CONVERSION_LABELS.get(kind))
    except ConversionError as error:
        raise UnreadableForm(str(error)) from error
