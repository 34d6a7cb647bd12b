"""HTML mail bodies as plain text that keeps an application's shape: a
paragraph or heading per line, table rows as tab-separated cells.

Units paste their application into the body from Word or WPS; the form parser
finds sections by headings on lines of their own, so block structure must
survive. The stdlib parser is used because it never gives up on broken HTML.
"""

import re
from html.parser import HTMLParser

BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
          "blockquote", "pre", "section", "article", "header", "footer", "address", "hr",
          "center", "form", "fieldset", "figure", "figcaption", "main", "nav", "aside",
          "caption", "table", "tbody", "thead", "tfoot"}
# Word's HTML carries its styles and an XML island; none of it is text.
HIDDEN = {"script", "style", "head", "title", "noscript", "template", "xml", "object", "iframe"}
CELLS = {"td", "th"}
SPACES = re.compile(r"[ \t\r\n\f\v\xa0]+")
# Word and WPS wrap their HTML source mid-sentence; a line break between two
# Chinese characters is no space in Chinese (nor in CSS Text 3).
WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
CHINESE_LINE_BREAK = re.compile(rf"(?<=[{WIDE}])[ \t]*\r?\n[ \t]*(?=[{WIDE}])")
BLANK_LINES = re.compile(r"\n{2,}")
TRIM = " \t\u3000\xa0"


class _Table:
    def __init__(self):
        self.row: list[str] | None = None
        self.cell: list[str] | None = None


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.tables: list[_Table] = []  # open tables, innermost last
        self.hidden = 0
        self.pre = 0

    def _emit(self, text: str) -> None:
        """Text goes to the innermost open cell, else to the document."""
        for table in reversed(self.tables):
            if table.cell is not None:
                table.cell.append(text)
                return
        self.out.append(text)

    def _table(self) -> _Table:
        if not self.tables:  # a cell or row outside any table: broken markup
            self.tables.append(_Table())
        return self.tables[-1]

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self._emit("\n")
        elif tag == "table":
            self.tables.append(_Table())
        elif tag == "tr":
            self._close_row()
            self._table().row = []
        elif tag in CELLS:
            self._close_cell()
            table = self._table()
            table.row = [] if table.row is None else table.row
            table.cell = []
        elif tag in BLOCKS:
            self.pre += tag == "pre"
            self._emit("\n")

    def handle_startendtag(self, tag, attrs):
        if tag not in HIDDEN:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in CELLS:
            self._close_cell()
        elif tag == "tr":
            self._close_row()
        elif tag == "table":
            self._close_table()
        elif tag in BLOCKS:
            self.pre = max(0, self.pre - (tag == "pre"))
            self._emit("\n")

    def handle_data(self, data):
        if not self.hidden:
            self._emit(data if self.pre else SPACES.sub(" ", CHINESE_LINE_BREAK.sub("", data)))

    def _close_cell(self) -> None:
        table = self.tables[-1] if self.tables else None
        if table is not None and table.cell is not None:
            text, table.cell = _tidy("".join(table.cell)), None
            table.row.append(text)

    def _close_row(self) -> None:
        self._close_cell()
        table = self.tables[-1] if self.tables else None
        if table is None or table.row is None:
            return
        cells, table.row = [cell for cell in table.row if cell], None
        # A row of short cells reads as one line; a cell holding paragraphs
        # (a form's section text) keeps its lines, so headings stay on theirs.
        joiner = "\n" if any("\n" in cell for cell in cells) else "\t"
        self._emit("\n" + joiner.join(cells) + "\n")

    def _close_table(self) -> None:
        if self.tables:
            self._close_row()
            self.tables.pop()
            self._emit("\n")

    def text(self) -> str:
        while self.tables:
            self._close_table()
        return _tidy("".join(self.out))


def _tidy(text: str) -> str:
    lines = (line.strip(TRIM) for line in text.replace("\xa0", " ").splitlines())
    return BLANK_LINES.sub("\n", "\n".join(lines)).strip("\n")


def html_to_text(html: str) -> str:
    parser = _TextParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # HTMLParser rarely fails, but markup is arbitrary input
        pass
    return parser.text()
