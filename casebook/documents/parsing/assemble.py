"""From the blocks a reader found to a ParsedForm: which text answers which section.

One pass over the blocks, as a reader of the form would go: before the first
section heading come the title and the basic information; each section heading
opens its section; a trailing part (附件清单, 承诺书 …) closes it. Guidance left
in the form is recognised by its text and left out.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .blocks import Block, Line, ParsedForm, Row
from .fields import FieldCollector
from .headings import (
    CLOSING_BRACKETS,
    OPENING_BRACKETS,
    Heading,
    SectionMatcher,
    is_trailing_part,
    split_numbering,
    squeeze,
)
from .titles import TitleFinder
from .vocabulary import GUIDANCE_WORDS, HINT_OPENINGS, STANDARD_SECTIONS

# Past this, a numbered line is a sentence, not the heading of an extra part.
MAX_HEADING_CHARS = 30


@dataclass(frozen=True)
class Signature:
    """How the first section heading was set, so that later candidates can be
    told apart from sub-points: sections numbered 一、 make （一） a sub-point."""

    kind: str
    level: int | None
    emphasis: bool


def assemble(blocks: Iterable[Block], *, sections=STANDARD_SECTIONS) -> ParsedForm:
    reader = FormReader(sections)
    for block in blocks:
        reader.feed(block)
    return reader.result()


class FormReader:
    def __init__(self, sections):
        self.sections = tuple(sections)
        self.matcher = SectionMatcher(self.sections)
        self.guidance = _guidance_keys(self.sections)
        self.texts: dict[str, list[str]] = {section.key: [] for section in self.sections}
        self.opened: set[str] = set()
        self.current: str | None = None
        self.past_first_section = False
        # The current section was opened by a table row (the form is one table).
        self.in_form_table = False
        self.signature: Signature | None = None
        self.last_number: int | None = None
        self.guidance_open = False
        self.fields = FieldCollector()
        self.titles = TitleFinder()
        self.warnings: list[str] = []

    def feed(self, block: Block) -> None:
        if isinstance(block, Row):
            self._row(block)
        else:
            self._line(block)

    # -- paragraphs ---------------------------------------------------------

    def _line(self, line: Line) -> None:
        text = self._past_open_guidance(line.text.strip())
        if not text:
            return
        heading = self.matcher.match(text)
        if heading and self._accepts(heading, line):
            self._open(heading, line)
        elif is_trailing_part(text):
            self._close()
        elif self._is_extra_part(line, text):
            self.warnings.append(_("「%(heading)s」不属于申报书的任何部分，未导入。") % {"heading": text})
            self._close()
        elif self.current is None:
            self._outside_sections(line, text)
        elif not self._is_guidance(text):
            self.texts[self.current].append(text)

    def _past_open_guidance(self, text: str) -> str:
        """Drop the rest of a bracket of guidance that began on the heading's line."""
        if not self.guidance_open or not text:
            return text
        closes = [text.find(char) for char in CLOSING_BRACKETS if char in text]
        if not closes:
            return ""
        self.guidance_open = False
        return text[min(closes) + 1:].strip()

    def _accepts(self, heading: Heading, line: Line) -> bool:
        if self.texts[heading.key]:
            # The section already has its answer: this is a line of text quoting it.
            return False
        signature = self.signature
        if signature is None:
            return True
        if heading.numbering.kind != signature.kind:
            return False
        if not signature.kind:
            # Unnumbered headings: only their formatting tells a heading from a
            # paragraph of text that happens to read 主要做法. A styled heading
            # after plain ones (a table of contents) still counts.
            if signature.level is not None:
                return line.level == signature.level
            return line.level is not None or line.emphasis >= signature.emphasis
        # Numbered alike: a heading typed without its style still counts.
        levels = (line.level, signature.level)
        return None in levels or levels[0] == levels[1]

    def _open(self, heading: Heading, line: Line) -> None:
        if self.signature is None or self.signature.level is None:
            self.signature = Signature(heading.numbering.kind, line.level, line.emphasis)
        self._enter(heading)

    def _enter(self, heading: Heading) -> None:
        self.current = heading.key
        self.opened.add(heading.key)
        self.past_first_section = True
        self.in_form_table = False
        self.last_number = heading.numbering.value
        self.guidance_open = heading.open_guidance
        if heading.content:
            self.texts[heading.key].append(heading.content)

    def _close(self) -> None:
        self.current = None
        self.in_form_table = False
        self.guidance_open = False

    def _is_extra_part(self, line: Line, text: str) -> bool:
        """五、其他说明 after the last section, set like the section headings:
        a part of the form no section asks for. Only after the last section,
        so that a sub-point mistaken for one never cuts a section short."""
        signature = self.signature
        if signature is None or self.current != self.sections[-1].key:
            return False
        styled_alike = (line.level is not None and line.level == signature.level) or (
            line.emphasis and signature.emphasis and signature.kind != "")
        numbering, rest = split_numbering(text)
        follows = numbering.kind == "" or (
            self.last_number is not None and numbering.value == self.last_number + 1)
        return (styled_alike and numbering.kind == signature.kind and follows
                and len(squeeze(rest)) <= MAX_HEADING_CHARS)

    def _outside_sections(self, line: Line, text: str) -> None:
        if self.fields.from_line(text) or self.past_first_section:
            return
        if not self._is_guidance(text):
            self.titles.offer(text, is_title=line.is_title)

    def _is_guidance(self, text: str) -> bool:
        if text.startswith(HINT_OPENINGS) or _guidance_key(text) in self.guidance:
            return True
        bracketed = text[0] in OPENING_BRACKETS and text[-1] in CLOSING_BRACKETS
        starts_section = self.current is not None and not self.texts[self.current]
        return bracketed and (starts_section or any(word in text for word in GUIDANCE_WORDS))

    # -- tables -------------------------------------------------------------

    def _row(self, row: Row) -> None:
        texts = row.texts
        first = texts[0]
        heading = self.matcher.match(first) if first else None
        if heading and not self.texts[heading.key]:
            self._enter(heading)
            self.in_form_table = True
            self._append_cells(row.cells[1:])
        elif first and is_trailing_part(first):
            self._close()
        elif self.current is not None and not first:
            # A section's text cell carried over to the next page or row.
            self._append_cells(row.cells[1:])
        elif self.current is not None and not self.in_form_table:
            # A table inside a section's text (figures, a timeline).
            self.texts[self.current].append(row.as_text())
        elif self.fields.from_row(tuple(self._answer(cell) for cell in row.cells)):
            self._close()
        elif self.current is not None:
            self._append_cells(row.cells)

    def _append_cells(self, cells) -> None:
        for cell in cells:
            for paragraph in cell:
                text = paragraph.strip()
                if text and not self._is_guidance(text):
                    self.texts[self.current].append(text)

    def _answer(self, cell: tuple[str, ...]) -> str:
        """A cell's text without guidance paragraphs (（请填写全称）)."""
        answer = [p.strip() for p in cell if p.strip()]
        return "\n".join(p for p in answer if not self._is_guidance(p))

    # -- result -------------------------------------------------------------

    def result(self) -> ParsedForm:
        fields = self.fields.values
        title, title_warning = self.titles.choose(fields.get("案例名称", ""))
        form = ParsedForm(
            title=title, unit=fields.get("申报单位", ""), fields=fields,
            sections={key: "\n".join(texts).strip() for key, texts in self.texts.items()},
        )
        form.warnings = [*self._section_warnings(form.sections), *title_warning,
                         *self._unit_warning(form.unit), *self.warnings]
        return form

    def _section_warnings(self, texts: dict[str, str]) -> list[str]:
        if not any(texts.values()):
            if self.opened:
                return [_("申报书各部分均未填写，可能上传的是空白模板。")]
            names = "、".join(_name(section) for section in self.sections)
            return [_("未找到申报书的任何部分（%(names)s），请确认上传的是案例申报书。") % {"names": names}]
        return [
            (_("「%(name)s」部分未填写。") if section.key in self.opened
             else _("未找到「%(name)s」部分。")) % {"name": _name(section)}
            for section in self.sections if not texts[section.key]
        ]

    @staticmethod
    def _unit_warning(unit: str) -> list[str]:
        return [] if unit else [_("未找到「申报单位」。")]


def _name(section) -> str:
    return getattr(section, "short_title", "") or section.title


def _guidance_keys(sections) -> set[str]:
    texts = [section.guidance for section in (*STANDARD_SECTIONS, *sections)
             if getattr(section, "guidance", "")]
    return {_guidance_key(text) for text in texts}


def _guidance_key(text: str) -> str:
    """Guidance compared without brackets, spacing and final punctuation."""
    return re.sub(r"[\s（）()。.；;]", "", text)
