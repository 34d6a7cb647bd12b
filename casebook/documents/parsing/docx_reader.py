"""A .docx as blocks: paragraphs with their heading level and boldness, table rows as cells.

Walks the body's XML rather than a paragraph list so that text in content
controls (w:sdt) and the order of paragraphs and tables are kept, and so that
merged table cells are read once. Reads the XML with lxml directly: going
through python-docx's objects (a style lookup scanning every style, a proxy
per run) made reading a form take a tenth of a second.
"""

from collections.abc import Iterator

from django.utils.translation import gettext as _
from docx.oxml.ns import qn
from lxml import etree

from .blocks import Block, Line, Row, UnreadableForm
from .docx_package import open_word_document
from .docx_styles import (
    ParagraphFormat,
    ParagraphStyle,
    StyleSheet,
    bold,
    child_value,
    first_child,
    paragraph_format,
)
from .numbering import ListNumbers

BODY_OUTLINE_LEVEL = 9
W_P, W_TBL, W_TR, W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
W_R, W_T, W_TAB, W_BR, W_CR = qn("w:r"), qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
W_NO_BREAK_HYPHEN, W_TEXT_BOX = qn("w:noBreakHyphen"), qn("w:txbxContent")
W_PPR, W_RPR, W_PSTYLE, W_RSTYLE = qn("w:pPr"), qn("w:rPr"), qn("w:pStyle"), qn("w:rStyle")
W_TCPR, W_VMERGE, W_VAL = qn("w:tcPr"), qn("w:vMerge"), qn("w:val")
# Elements that only wrap body content (content controls, custom XML).
WRAPPERS = {qn("w:sdt"): qn("w:sdtContent"), qn("w:customXml"): None}


def read_docx(data: bytes) -> list[Block]:
    try:
        document = open_word_document(data)
    except Exception as error:  # zip, zlib, XML and package errors of a damaged file
        raise UnreadableForm(_("Word 文件已损坏，无法打开。")) from error
    reader = _DocxReader(document.styles, ListNumbers(document.numbering))
    return list(reader.blocks(_body(document.document)))


def _body(document: etree._Element) -> etree._Element:
    """document.xml's w:body; without one, the file cannot be read (a ValueError
    is refused as damaged, as python-docx's failure here was)."""
    body = first_child(document, qn("w:body"))
    if document.tag != qn("w:document") or body is None:
        raise ValueError("the main part is no w:document with a w:body")
    return body


class _DocxReader:
    def __init__(self, styles: StyleSheet, numbers: ListNumbers):
        self.styles = styles
        self.numbers = numbers

    def blocks(self, container) -> Iterator[Block]:
        for child in _content(container):
            if child.tag == W_P:
                yield self.line(child)
            elif child.tag == W_TBL:
                yield from self.table(child)

    # -- paragraphs ---------------------------------------------------------

    def line(self, element) -> Line:
        pPr = first_child(element, W_PPR)
        style = self.styles.paragraph_style(child_value(pPr, W_PSTYLE))
        own = paragraph_format(pPr)
        # The paragraph's own properties, then its styles', nearest first.
        formats = style.formats if own is None else (own, *style.formats)
        return Line(
            text=self.numbered_text(element, formats),
            level=_outline_level(style, formats),
            emphasis=self.bold_throughout(element, style),
            is_title=style.is_title,
        )

    def numbered_text(self, element, formats: tuple[ParagraphFormat, ...]) -> str:
        text = _text(element)
        num_id, level = _list_membership(formats)
        if not num_id or not text.strip():
            return text
        return self.numbers.label(num_id, level) + text.lstrip()

    def bold_throughout(self, element, style: ParagraphStyle) -> bool:
        """Every run with text shows it bold (a heading typed as a bold paragraph)."""
        shown = False
        # The first run that is not bold decides: most paragraphs are text.
        for run in element.iterchildren(W_R):
            if _shows_text(run):
                if not self.is_bold(run, style):
                    return False
                shown = True
        return shown

    def is_bold(self, run, paragraph_style: ParagraphStyle) -> bool:
        """Bold set on the run, else by its character style, else by the paragraph's."""
        rPr = first_child(run, W_RPR)
        settings = (bold(rPr), *self.styles.character_bolds(child_value(rPr, W_RSTYLE)),
                    *paragraph_style.bolds)
        return next((setting for setting in settings if setting is not None), False)

    # -- tables -------------------------------------------------------------

    def table(self, element) -> Iterator[Block]:
        for tr in element.iterchildren(W_TR):
            cells = [tc for tc in _content(tr) if tc.tag == W_TC and not _continues(tc)]
            texts = [self.cell_paragraphs(tc) for tc in cells]
            if len(texts) == 1:
                # A cell spanning the row reads like the page around it.
                yield from self.blocks(cells[0])
            elif any(any(p.strip() for p in cell) for cell in texts):
                yield Row(tuple(texts))

    def cell_paragraphs(self, tc) -> tuple[str, ...]:
        paragraphs = []
        for block in self.blocks(tc):
            if isinstance(block, Line):
                paragraphs.append(block.text)
            else:
                paragraphs.append(block.as_text())
        return tuple(paragraphs)


def _content(container) -> Iterator:
    """Children of a body, cell or row, looking through content controls."""
    for child in container:
        if child.tag in WRAPPERS:
            inner_tag = WRAPPERS[child.tag]
            inner = child.find(inner_tag) if inner_tag else child
            if inner is not None:
                yield from _content(inner)
        else:
            yield child


def _continues(tc) -> bool:
    """A cell continuing a vertical merge: its text is in the cell above."""
    merge = first_child(first_child(tc, W_TCPR), W_VMERGE)
    return merge is not None and merge.get(W_VAL, "continue") == "continue"


def _text(p) -> str:
    parts = []
    for node in _run_content(p):
        if node.tag == W_T:
            parts.append(node.text or "")
        else:
            parts.append("\t" if node.tag == W_TAB else "\n")
    return "".join(parts)


def _run_content(p) -> Iterator:
    """The text, tabs and breaks of the paragraph's runs, in order. Runs in
    hyperlinks, insertions and inline controls count; runs in text boxes (often
    a cover page's decoration, and stored twice) do not. The paragraphs read are
    never in a text box themselves, so only those within need looking for."""
    has_text_box = next(p.iter(W_TEXT_BOX), None) is not None
    for node in p.iter(W_T, W_TAB, W_BR, W_CR):
        if node.getparent().tag == W_R and not (has_text_box and _in_text_box(node)):
            yield node


def _in_text_box(node) -> bool:
    return next(node.iterancestors(W_TEXT_BOX), None) is not None


def _shows_text(run) -> bool:
    """A run whose text shows: it has a w:t, and a w:t with more than blanks or a
    non-breaking hyphen (tabs and breaks are blank)."""
    has_text = shown = False
    for node in run.iterchildren(W_T, W_NO_BREAK_HYPHEN):
        if node.tag == W_T:
            has_text = True
            shown = shown or bool((node.text or "").strip())
        else:
            shown = True
    return has_text and shown


def _outline_level(style: ParagraphStyle, formats: tuple[ParagraphFormat, ...]) -> int | None:
    if style.heading_level is not None:
        return style.heading_level
    for properties in formats:
        level = properties.outline_level
        if level is not None and level < BODY_OUTLINE_LEVEL:
            return level + 1
    return None


def _list_membership(formats: tuple[ParagraphFormat, ...]) -> tuple[str | None, int]:
    """The list (numId) and level a paragraph is numbered in, directly or by its style."""
    return next((f.numbering for f in formats if f.numbering is not None), (None, 0))
