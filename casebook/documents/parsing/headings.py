"""Recognising a form's headings: numbering, section titles, trailing parts, field labels.

All pure string work. Real forms number their parts in many ways (一、 （一）
1. 1、 第一部分), keep or drop the 案例的 prefix, leave the notice's guidance in
brackets after a title, and space their labels out (联 系 人) — these
functions see through all of that.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .vocabulary import FIELD_ALIASES, SECTION_ALIASES, TRAILING_PARTS, TRAILING_WORDS

CHINESE_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                  "六": 6, "七": 7, "八": 8, "九": 9}
CHINESE_NUMERAL = "[一二三四五六七八九十]+"

# Most specific first: （一） before 一、, 第一部分 before both.
NUMBERING_PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("part", re.compile(rf"第({CHINESE_NUMERAL}|\d{{1,2}})(?:部分|章|节|篇)[、.．:：\s]*")),
    ("paren_cn", re.compile(rf"[（(]({CHINESE_NUMERAL})[）)][、.．\s]*")),
    ("paren_num", re.compile(r"[（(](\d{1,2})[）)][、.．\s]*")),
    ("cn", re.compile(rf"({CHINESE_NUMERAL})(?:\s*[、.．，,:：]\s*|\s+)")),
    ("num", re.compile(r"(\d{1,2})(?!\d)(?:[.．]\d{1,2}(?!\d))*\s*[、.．:：)）]?\s*")),
    ("circled", re.compile(r"([①-⑳])\s*")),
)

# A table of contents line ends in leader dots or a tab, then the page number.
TOC_PAGE = re.compile(r"(?:[.…·．]{2,}|\t)\s*\d+\s*$")
# 案例的背景与动因 and 背景与动因 are the same heading.
TITLE_PREFIX = r"(?:(?:案例|项目)的?\s*)?"
# 背景与动因, 背景和动因, 背景及动因, 背景、动因.
CONJUNCTIONS = "[与和及、&]"
LABEL_NOISE = re.compile(r"[\s:：*＊]+|[（(][^）)]*[）)]")
OPENING_BRACKETS = "（("
CLOSING_BRACKETS = "）)"
MAX_PART_HEADING = 20


@dataclass(frozen=True)
class Numbering:
    kind: str = ""  # part, paren_cn, paren_num, cn, num, circled; "" when unnumbered
    value: int | None = None


@dataclass(frozen=True)
class Heading:
    """A line found to open a section."""

    key: str
    numbering: Numbering
    # Text after the title on the same line (一、背景与动因：本市……).
    content: str = ""
    # The title is followed by a bracket of guidance that does not close on
    # this line (a PDF wraps it): the text up to the closing bracket is guidance too.
    open_guidance: bool = False


def split_numbering(text: str) -> tuple[Numbering, str]:
    """The leading number of a heading or sub-point, and the text after it."""
    text = text.strip()
    for kind, pattern in NUMBERING_PATTERNS:
        match = pattern.match(text)
        if match:
            return Numbering(kind, numeral_value(match.group(1))), text[match.end():].strip()
    return Numbering(), text


def numeral_value(numeral: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20, 7 → 7, ③ → 3."""
    if "①" <= numeral <= "⑳":
        return ord(numeral) - ord("①") + 1
    if numeral.isdecimal():
        return int(numeral)
    tens, _, units = numeral.rpartition("十")
    if "十" not in numeral:
        return CHINESE_DIGITS.get(numeral)
    return CHINESE_DIGITS.get(tens, 1) * 10 + CHINESE_DIGITS.get(units, 0)


def squeeze(text: str) -> str:
    """Text without any whitespace (full-width spaces included)."""
    return re.sub(r"\s+", "", text)


class SectionMatcher:
    """Finds which of a call's sections a heading line opens, if any."""

    def __init__(self, sections: Iterable):
        names = []
        for section in sections:
            for name in section_names(section):
                names.append((name, section.key))
        # Longest first, so that 背景与动因 wins over 背景.
        names.sort(key=lambda item: -len(squeeze(item[0])))
        self._patterns = [(title_pattern(name), key) for name, key in names]
        # Most lines start with no title at all: one pattern for all of them says
        # so at once, where trying each title in turn took most of assembling a form.
        self._any_title = re.compile("|".join(f"(?:{pattern.pattern})"
                                              for pattern, _ in self._patterns))

    def match(self, text: str) -> Heading | None:
        numbering, rest = split_numbering(TOC_PAGE.sub("", text))
        # A title may itself look numbered (第二部分 as a call's section title).
        candidates = [(numbering, rest), (Numbering(), text.strip())] if numbering.kind else [
            (numbering, rest)]
        for numbering, title in candidates:
            if not self._any_title.match(title):
                continue
            for pattern, key in self._patterns:
                found = pattern.match(title)
                heading = found and _heading_after_title(key, numbering, title[found.end():])
                if heading:
                    return heading
        return None


def section_names(section) -> list[str]:
    """A section's title, short title and (for the standard keys) aliases."""
    names = [section.title, getattr(section, "short_title", "")]
    names += SECTION_ALIASES.get(section.key, ())
    return list(dict.fromkeys(name for name in names if squeeze(name)))


@lru_cache(maxsize=1024)
def title_pattern(name: str) -> re.Pattern:
    """A regex for a title that tolerates spacing (背 景), 和/及 for 与, and a
    leading 案例的 whether or not the name has it."""
    name = re.sub(f"^{TITLE_PREFIX}", "", squeeze(name))
    parts = [CONJUNCTIONS if char in "与和及" else re.escape(char) for char in name]
    return re.compile(TITLE_PREFIX + r"\s*".join(parts) + r"\s*(?:部分)?")


def _heading_after_title(key: str, numbering: Numbering, after: str) -> Heading | None:
    """Decide from what follows a title whether the line is a heading: nothing,
    a bracket of guidance, or a colon then the first sentence of the answer.
    Anything else means the title only opens a sentence."""
    after = after.strip()
    open_guidance = False
    if after.startswith(tuple(OPENING_BRACKETS)):
        close = _closing_bracket(after)
        open_guidance = close is None
        after = "" if open_guidance else after[close + 1:].strip()
    if after.startswith(("：", ":")):
        return Heading(key, numbering, after[1:].strip(), open_guidance)
    if after.strip("。.") == "":
        return Heading(key, numbering, "", open_guidance)
    return None


def _closing_bracket(text: str) -> int | None:
    """Index of the bracket closing the one `text` opens with (nesting counted)."""
    depth = 0
    for index, char in enumerate(text):
        if char in OPENING_BRACKETS:
            depth += 1
        elif char in CLOSING_BRACKETS:
            depth -= 1
            if depth == 0:
                return index
    return None


def is_trailing_part(text: str) -> bool:
    """附件清单, 五、承诺书, 附件1：照片 … — a heading that ends the sections."""
    _, rest = split_numbering(text)
    rest = squeeze(rest).rstrip("：:")
    return rest in TRAILING_WORDS or (
        len(rest) <= MAX_PART_HEADING and "。" not in rest and rest.startswith(TRAILING_PARTS))


def _label_table() -> dict[str, str]:
    return {label_key(alias): label for label, aliases in FIELD_ALIASES.items()
            for alias in aliases}


def label_key(text: str) -> str:
    """联 系 人：, 申报单位（盖章）, E-mail* → 联系人, 申报单位, e-mail."""
    return LABEL_NOISE.sub("", text).lower()


FIELD_LABELS = _label_table()


def field_label(text: str) -> str | None:
    """The standard name of a basic-information label, or None."""
    return FIELD_LABELS.get(label_key(text))

