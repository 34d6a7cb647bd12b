"""A .docx as blocks: paragraphs with their heading level and boldness, table rows as cells.

Walks the body's XML rather than python-docx's paragraph list so that text in
content controls (w:sdt) and the order of paragraphs and tables are kept, and
so that merged table cells are read once.
"""

import re
from collections.abc import Iterator
from io import BytesIO

import docx
from django.utils.translation import gettext as _
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .blocks import Block, Line, Row, UnreadableForm
from .numbering import ListNumbers

HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
TITLE_STYLES = {"title", "标题"}
BODY_OUTLINE_LEVEL = 9
# Elements that only wrap body content (content controls, custom XML).
WRAPPERS = {qn("w:sdt"): qn("w:sdtContent"), qn("w:customXml"): None}
# Runs in hyperlinks, insertions and inline controls count; text boxes (often
# a cover page's decoration, and stored twice) do not.
RUN_CONTENT = (".//w:r[not(ancestor::w:txbxContent)]"
               "/*[self::w:t or self::w:tab or self::w:br or self::w:cr]")


def read_docx(data: bytes) -> list[Block]:
    try:
        document = docx.Document(BytesIO(data))
    except Exception as error:  # zip, zlib, XML and package errors of a damaged file
        raise UnreadableForm(_("Word 文件已损坏，无法打开。")) from error
    reader = _DocxReader(document)
    return list(reader.blocks(document.element.body))


class _DocxReader:
    def __init__(self, document):
        self.document = document
        self.numbers = ListNumbers(_numbering(document))

    def blocks(self, container) -> Iterator[Block]:
        for child in _content(container):
            if child.tag == qn("w:p"):
                yield self.line(child)
            elif child.tag == qn("w:tbl"):
                yield from self.table(child)

    # -- paragraphs ---------------------------------------------------------

    def line(self, element) -> Line:
        paragraph = Paragraph(element, self.document)
        styles = list(_style_chain(paragraph.style))
        return Line(
            text=self.numbered_text(element, styles),
            level=_outline_level(element, styles),
            emphasis=_bold_throughout(element, paragraph, styles),
            is_title=any((style.name or "").lower() in TITLE_STYLES for style in styles),
        )

    def numbered_text(self, element, styles) -> str:
        text = _text(element)
        num_id, level = _list_membership(element, styles)
        if not num_id or not text.strip():
            return text
        return self.numbers.label(num_id, level) + text.lstrip()

    # -- tables -------------------------------------------------------------

    def table(self, element) -> Iterator[Block]:
        for tr in element.findall(qn("w:tr")):
            cells = [tc for tc in _content(tr) if tc.tag == qn("w:tc") and not _continues(tc)]
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


def _numbering(document):
    """numbering.xml, or None for a document without lists (python-docx
    cannot create the part it then asks for)."""
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None


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
    merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    return merge is not None and merge.get(qn("w:val"), "continue") == "continue"


def _text(p) -> str:
    parts = []
    for node in p.xpath(RUN_CONTENT):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        else:
            parts.append("\t" if node.tag == qn("w:tab") else "\n")
    return "".join(parts)


def _style_chain(style) -> Iterator:
    seen = set()
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        yield style
        style = style.base_style


def _outline_level(p, styles) -> int | None:
    for style in styles:
        match = HEADING_STYLE.match(style.name or "")
        if match:
            return int(match.group(1))
    for pPr in _paragraph_properties(p, styles):
        level = pPr.find(qn("w:outlineLvl"))
        if level is not None and int(level.get(qn("w:val"))) < BODY_OUTLINE_LEVEL:
            return int(level.get(qn("w:val"))) + 1
    return None


def _list_membership(p, styles) -> tuple[str | None, int]:
    """The list (numId) and level a paragraph is numbered in, directly or by its style."""
    for pPr in _paragraph_properties(p, styles):
        num_pr = pPr.find(qn("w:numPr"))
        if num_pr is not None:
            num_id = num_pr.find(qn("w:numId"))
            level = num_pr.find(qn("w:ilvl"))
            return (None if num_id is None else num_id.get(qn("w:val")),
                    0 if level is None else int(level.get(qn("w:val"))))
    return None, 0


def _paragraph_properties(p, styles) -> list:
    """The paragraph's own properties, then its styles', nearest first."""
    candidates = [p.pPr, *(style.element.pPr for style in styles)]
    return [pPr for pPr in candidates if pPr is not None]


def _bold_throughout(p, paragraph: Paragraph, styles) -> bool:
    runs = [Run(r, paragraph) for r in p.xpath("./w:r[w:t]")]
    runs = [run for run in runs if run.text.strip()]
    return bool(runs) and all(_bold(run, styles) for run in runs)


def _bold(run: Run, paragraph_styles) -> bool:
    """Bold set on the run, else by its character style, else by the paragraph's."""
    settings = [run.bold, *(style.font.bold for style in _style_chain(run.style)),
                *(style.font.bold for style in paragraph_styles)]
    return next((bold for bold in settings if bold is not None), False)
