"""A .docx's styles, reduced to what the reader asks of them: heading and title
names, outline levels, list membership and boldness, along each style's basedOn chain.

Reading styles.xml is most of the cost of reading a form (the template's is
some 350 KB, mostly styles no paragraph uses), and forms made from one
template share it byte for byte: style sheets are kept by content.
"""

import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from io import BytesIO

from docx.oxml.ns import qn
from lxml import etree

HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)
TITLE_STYLES = {"title", "标题"}
# How many different styles.xml are kept, as sheets of some 50 KB.
CACHED_SHEETS = 64
# ST_OnOff; python-docx refused any other value, and so does the reader.
ON_OFF = {"1": True, "true": True, "on": True, "0": False, "false": False, "off": False}

W_VAL, W_STYLE, W_PPR, W_RPR, W_B = qn("w:val"), qn("w:style"), qn("w:pPr"), qn("w:rPr"), qn("w:b")
W_DEFAULT, W_STYLE_ID, W_TYPE = qn("w:default"), qn("w:styleId"), qn("w:type")
W_NAME, W_BASED_ON = qn("w:name"), qn("w:basedOn")
W_OUTLINE_LEVEL, W_NUM_PR, W_NUM_ID, W_ILVL = (qn("w:outlineLvl"), qn("w:numPr"), qn("w:numId"),
                                               qn("w:ilvl"))


def first_child(element: etree._Element | None, tag: str) -> etree._Element | None:
    """The element's first child `tag` (python-docx's reading of a property), or None.
    Rather than element.find(tag), whose path machinery costs more than the search."""
    return None if element is None else next(element.iterchildren(tag), None)


def child_value(element: etree._Element | None, tag: str) -> str | None:
    """The w:val of an element's child `tag`: the w:pStyle of a w:pPr, the w:name of a w:style."""
    child = first_child(element, tag)
    return None if child is None else child.get(W_VAL)


@dataclass(frozen=True)
class ParagraphFormat:
    """What a w:pPr, a paragraph's own or a style's, says of the paragraph's place."""

    # w:outlineLvl as written (0 is a first-level heading, 9 body text).
    outline_level: int | None
    # w:numPr as (numId, ilvl); None when the properties do not number the paragraph.
    numbering: tuple[str | None, int] | None


def paragraph_format(pPr: etree._Element | None) -> ParagraphFormat | None:
    """None when there are no properties or they say neither (most paragraphs and styles)."""
    level = first_child(pPr, W_OUTLINE_LEVEL)
    numbering = _numbering(first_child(pPr, W_NUM_PR))
    if level is None and numbering is None:
        return None
    return ParagraphFormat(None if level is None else int(level.get(W_VAL)), numbering)


def _numbering(num_pr: etree._Element | None) -> tuple[str | None, int] | None:
    if num_pr is None:
        return None
    level = first_child(num_pr, W_ILVL)
    return child_value(num_pr, W_NUM_ID), 0 if level is None else int(level.get(W_VAL))


def bold(rPr: etree._Element | None) -> bool | None:
    """w:b of run properties: True, False, or None when they leave it to the styles."""
    b = first_child(rPr, W_B)
    if b is None:
        return None
    return ON_OFF[b.get(W_VAL, "true")]


@dataclass(frozen=True)
class _Style:
    style_id: str | None
    type: str | None
    default: bool
    name: str
    based_on: str | None
    format: ParagraphFormat | None
    bold: bool | None


def _style(element: etree._Element) -> _Style:
    default = element.get(W_DEFAULT)
    return _Style(
        style_id=element.get(W_STYLE_ID),
        type=element.get(W_TYPE),
        default=default is not None and ON_OFF[default],
        name=child_value(element, W_NAME) or "",
        based_on=child_value(element, W_BASED_ON),
        format=paragraph_format(first_child(element, W_PPR)),
        bold=bold(first_child(element, W_RPR)),
    )


@dataclass(frozen=True)
class ParagraphStyle:
    """A paragraph style with the styles it is based on, nearest first."""

    # From the name of a style in the chain: Heading 2, 标题 2 → 2.
    heading_level: int | None
    is_title: bool
    formats: tuple[ParagraphFormat, ...]
    bolds: tuple[bool | None, ...]


class StyleSheet:
    """The styles of one styles.xml, and what each style a document names comes
    to, worked out on first use: one document's paragraphs use a handful."""

    def __init__(self, styles: list[_Style]):
        # The first style of an id counts, and the last default style of a type.
        self._by_id: dict[str, _Style] = {}
        self._defaults: dict[str | None, _Style] = {}
        for style in styles:
            if style.style_id is not None:
                self._by_id.setdefault(style.style_id, style)
            if style.default:
                self._defaults[style.type] = style
        self._paragraph_styles: dict[str | None, ParagraphStyle] = {}
        self._character_bolds: dict[str | None, tuple[bool | None, ...]] = {}

    @classmethod
    def parse(cls, xml: bytes) -> "StyleSheet":
        """The styles (the w:style children of the root), each dropped once read:
        the whole tree (4 MB for the template's styles.xml) took longer to build
        and free than the styles took to read."""
        styles = []
        for _, element in etree.iterparse(BytesIO(xml), tag=W_STYLE, remove_blank_text=True,
                                          resolve_entities=False):
            parent = element.getparent()
            if parent.getparent() is None:
                styles.append(_style(element))
                element.clear()
                while element.getprevious() is not None:
                    del parent[0]
        return cls(styles)

    def paragraph_style(self, style_id: str | None) -> ParagraphStyle:
        """The style a paragraph's w:pStyle names (None: the default paragraph style)."""
        found = self._paragraph_styles.get(style_id)
        if found is None:
            chain = self._chain(self._lookup(style_id, "paragraph"))
            found = self._paragraph_styles[style_id] = ParagraphStyle(
                heading_level=_heading_level(chain),
                is_title=any(style.name.lower() in TITLE_STYLES for style in chain),
                formats=tuple(style.format for style in chain if style.format is not None),
                bolds=tuple(style.bold for style in chain),
            )
        return found

    def character_bolds(self, style_id: str | None) -> tuple[bool | None, ...]:
        """The boldness a run's w:rStyle (None: the default character style) and
        the styles it is based on set, nearest first."""
        found = self._character_bolds.get(style_id)
        if found is None:
            chain = self._chain(self._lookup(style_id, "character"))
            found = self._character_bolds[style_id] = tuple(style.bold for style in chain)
        return found

    def _lookup(self, style_id: str | None, style_type: str) -> _Style | None:
        """The style of that id and type, else the type's default."""
        style = self._by_id.get(style_id) if style_id is not None else None
        if style is None or style.type != style_type:
            return self._defaults.get(style_type)
        return style

    def _chain(self, style: _Style | None) -> list[_Style]:
        """The style and those it is based on, stopping at a loop."""
        chain, seen = [], set()
        while style is not None and style.style_id not in seen:
            seen.add(style.style_id)
            chain.append(style)
            style = self._by_id.get(style.based_on) if style.based_on is not None else None
        return chain


def _heading_level(chain: list[_Style]) -> int | None:
    for style in chain:
        match = HEADING_STYLE.match(style.name)
        if match:
            return int(match.group(1))
    return None


_sheets: OrderedDict[bytes, StyleSheet] = OrderedDict()
_sheets_lock = threading.Lock()


def style_sheet(xml: bytes) -> StyleSheet:
    """The style sheet of a styles.xml, parsed once for all documents that share it."""
    key = hashlib.sha256(xml).digest()
    with _sheets_lock:
        sheet = _sheets.get(key)
        if sheet is not None:
            _sheets.move_to_end(key)
            return sheet
    sheet = StyleSheet.parse(xml)
    with _sheets_lock:
        _sheets[key] = sheet
        while len(_sheets) > CACHED_SHEETS:
            _sheets.popitem(last=False)
    return sheet

