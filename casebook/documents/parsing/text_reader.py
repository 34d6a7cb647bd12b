"""Plain text and Markdown as blocks: a line a paragraph, # headings, | tables |."""

import re

from .blocks import Block, Line, Row

MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
MARKDOWN_BOLD = re.compile(r"^\*\*(.+)\*\*$|^__(.+)__$")
TABLE_RULE = re.compile(r"^\|?[\s:|-]+\|?$")


def read_text(text: str) -> list[Block]:
    blocks: list[Block] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            if not TABLE_RULE.match(line):
                blocks.append(_row(line))
        elif line:
            blocks.append(_line(line))
    return blocks


def _line(text: str) -> Line:
    heading = MARKDOWN_HEADING.match(text)
    if heading:
        return Line(heading.group(2), level=len(heading.group(1)))
    bold = MARKDOWN_BOLD.match(text)
    if bold:
        return Line(bold.group(1) or bold.group(2), emphasis=True)
    return Line(text)


def _row(text: str) -> Block:
    cells = [cell.strip() for cell in text.strip("|").split("|")]
    if len(cells) == 1:
        return Line(cells[0])
    return Row(tuple(tuple(cell.split("<br>")) for cell in cells))
