"""A PDF as blocks: lines reflowed into paragraphs, ruled tables read cell by cell.

A PDF keeps no paragraphs, only positioned lines. A paragraph break is
inferred where a line is indented, the line before it stops short of the
margin, the type size changes, a gap opens, or a numbered point begins after
a finished sentence. Tables are found from their ruling lines (pdfplumber),
and each cell's lines are reflowed on their own so that the two columns of a
form table do not run into one another.
"""

import re
from collections import Counter
from dataclasses import dataclass
from io import BytesIO

import pdfplumber
from django.utils.translation import gettext as _
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from .blocks import Block, Line, Row, UnreadableForm
from .headings import split_numbering

# In units of the type size.
INDENT = 0.8
SHORT_LINE = 2.0
PARAGRAPH_GAP = 0.6
# Headings are set larger than the body.
LARGER_TYPE = 1.15
SENTENCE_ENDS = "。；;！!？?：:"
# Page numbers in a footer (- 3 -, 第3页, 3/12); never looked for in table cells,
# which hold long numbers such as credit codes.
PAGE_NUMBER = re.compile(r"^[-—–\s]*第?\s*\d{1,4}\s*页?(?:\s*/\s*共?\s*\d{1,4}\s*页?)?[-—–\s]*$")
ASCII_WORD = re.compile(r"[A-Za-z0-9]")
# Past this many characters, a Latin token is a code or address, not a word.
LONG_TOKEN = 12


@dataclass(frozen=True)
class TextLine:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    page: int


def read_pdf(data: bytes) -> list[Block]:
    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            pages = [_page_items(page) for page in pdf.pages]
            has_images = any(page.images for page in pdf.pages)
    except (PdfminerException, MalformedPDFException) as error:
        raise _unreadable(error) from error
    if not any(items for items in pages):
        if has_images:
            raise UnreadableForm(_("PDF 是扫描件，没有文字层，无法读取；"
                                   "请上传 Word 版申报书或可复制文字的 PDF。"))
        raise UnreadableForm(_("PDF 文件中没有文字。"))
    return _Layout(pages).blocks()


def _unreadable(error: Exception) -> UnreadableForm:
    cause = error.args[0] if error.args else None
    if isinstance(cause, PDFPasswordIncorrect):
        return UnreadableForm(_("PDF 文件设置了打开密码，无法读取；请取消密码后重新上传。"))
    return UnreadableForm(_("PDF 文件已损坏，无法读取。"))


def _page_items(page) -> list:
    """The page's text lines and table rows (each a list of cells' lines), top to bottom."""
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    outside = page.filter(lambda obj: not any(_inside(obj, box) for box in boxes))
    items = [(line.top, line) for line in _lines(outside) if not PAGE_NUMBER.match(line.text)]
    for table in tables:
        for row in table.rows:
            cells = [_lines(page.filter(_within(box))) for box in row.cells if box]
            if any(cells):
                items.append((row.bbox[1], cells))
    return [item for _, item in sorted(items, key=lambda pair: pair[0])]


def _within(box):
    """Characters of one cell, by their centre: a line's box may touch the next row."""
    return lambda obj: obj.get("object_type") == "char" and _inside(obj, box)


def _inside(obj, box) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _lines(page) -> list[TextLine]:
    lines = []
    for line in page.extract_text_lines(return_chars=True, strip=True):
        text = line["text"].strip()
        if not text:
            continue
        sizes = Counter(round(char["size"], 1) for char in line["chars"])
        lines.append(TextLine(
            text=text, x0=line["x0"], x1=line["x1"], top=line["top"], bottom=line["bottom"],
            size=sizes.most_common(1)[0][0],
            bold=all("bold" in char["fontname"].lower() for char in line["chars"]),
            page=page.page_number,
        ))
    return lines


class _Layout:
    """The document's body type size and text column, then its blocks."""

    def __init__(self, pages: list[list]):
        self.pages = pages
        lines = [item for items in pages for item in items if isinstance(item, TextLine)]
        sizes = Counter(line.size for line in lines)
        self.body_size = sizes.most_common(1)[0][0] if sizes else 0
        self.left = min((line.x0 for line in lines), default=0)
        self.right = max((line.x1 for line in lines), default=0)

    def blocks(self) -> list[Block]:
        blocks: list[Block] = []
        run: list[TextLine] = []
        for items in self.pages:
            for item in items:
                if isinstance(item, TextLine):
                    run.append(item)
                    continue
                blocks += self.paragraphs(run, self.left, self.right)
                run = []
                blocks += self.row(item)
        return blocks + self.paragraphs(run, self.left, self.right)

    def row(self, cells: list[list[TextLine]]) -> list[Block]:
        paragraphs = [self.paragraphs(lines, *_column(lines)) for lines in cells]
        if len(paragraphs) == 1:
            return paragraphs[0]
        return [Row(tuple(tuple(line.text for line in cell) for cell in paragraphs))]

    def paragraphs(self, lines: list[TextLine], left: float, right: float) -> list[Line]:
        paragraphs: list[list[TextLine]] = []
        for line in lines:
            if paragraphs and not self._breaks(paragraphs[-1][-1], line, left, right):
                paragraphs[-1].append(line)
            else:
                paragraphs.append([line])
        return [self._line(group) for group in paragraphs]

    def _breaks(self, before: TextLine, line: TextLine, left: float, right: float) -> bool:
        size = line.size
        if abs(line.size - before.size) > 0.5 or line.bold != before.bold:
            return True
        numbered = split_numbering(line.text)[0].kind != ""
        # A paragraph may go on at the top of the next page.
        gap = line.top - before.bottom if line.page == before.page else 0
        return (line.x0 > left + INDENT * size
                or before.x1 < right - SHORT_LINE * size
                or not 0 <= gap <= PARAGRAPH_GAP * size
                or (numbered and before.text.endswith(tuple(SENTENCE_ENDS))))

    def _line(self, group: list[TextLine]) -> Line:
        text = group[0].text
        for line in group[1:]:
            text = _join(text, line.text)
        first = group[0]
        return Line(text, emphasis=first.bold or first.size > self.body_size * LARGER_TYPE)


def _column(lines: list[TextLine]) -> tuple[float, float]:
    return min((line.x0 for line in lines), default=0), max((line.x1 for line in lines), default=0)


def _join(text: str, more: str) -> str:
    """Chinese wraps without spaces; Latin words keep the space the wrap took.
    A long code, e-mail address or number is cut where the line ends, so it
    is joined without one."""
    last_token = re.split(r"\s", text)[-1]
    if (ASCII_WORD.match(text[-1:]) and ASCII_WORD.match(more[:1])
            and len(last_token) < LONG_TOKEN and not (text[-1] + more[0]).isdigit()):
        return f"{text} {more}"
    return text + more
