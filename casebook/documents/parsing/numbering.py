"""Word's automatic list numbers, which a paragraph's text does not contain.

A form typed with Word's numbering (1. 2. 3. or 一、二、) stores the numbers in
numbering.xml, not in the text; without them sub-points lose their numbers and
auto-numbered headings lose their 一、. This renders the common formats.
"""

from docx.oxml.ns import qn

CHINESE_DIGITS = "〇一二三四五六七八九"
HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
         (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))
CIRCLED_MAX = 20
BULLET = "•"
# Punctuation after which a number needs no space before the text.
TIGHT_ENDINGS = "、．，。：）)"
W_VAL, W_NUM_FMT, W_LVL_TEXT, W_START, W_SUFF = (qn("w:val"), qn("w:numFmt"), qn("w:lvlText"),
                                                 qn("w:start"), qn("w:suff"))


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五, 110 → 一百一十."""
    if n < 10:
        return CHINESE_DIGITS[n]
    if n < 100:
        tens, units = divmod(n, 10)
        return ("" if tens == 1 else CHINESE_DIGITS[tens]) + "十" + (
            CHINESE_DIGITS[units] if units else "")
    if n >= 1000:
        return str(n)
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        tail = ""
    elif rest < 10:
        tail = "零" + CHINESE_DIGITS[rest]
    else:
        # After 百 the ten is said: 一百一十, not 一百十.
        tail = ("一" if rest < 20 else "") + chinese_number(rest)
    return CHINESE_DIGITS[hundreds] + "百" + tail


def letters(n: int) -> str:
    """1 → a, 26 → z, 27 → aa (Word repeats the letter)."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def roman(n: int) -> str:
    out = []
    for value, numeral in ROMAN:
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)


def circled(n: int) -> str:
    return chr(ord("①") + n - 1) if 1 <= n <= CIRCLED_MAX else f"({n})"


FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(ord(d) + 0xFEE0) for d in str(n)),
    "chineseCounting": chinese_number,
    "chineseCountingThousand": chinese_number,
    "chineseLegalSimplified": chinese_number,
    "japaneseCounting": chinese_number,
    "ideographTraditional": lambda n: HEAVENLY_STEMS[(n - 1) % len(HEAVENLY_STEMS)],
    "lowerLetter": letters,
    "upperLetter": lambda n: letters(n).upper(),
    "lowerRoman": roman,
    "upperRoman": lambda n: roman(n).upper(),
    "decimalEnclosedCircle": circled,
    "decimalEnclosedCircleChinese": circled,
}


class ListNumbers:
    """Counts list paragraphs in reading order and renders each one's number."""

    def __init__(self, numbering_element):
        self._levels = _levels_by_num(numbering_element)
        self._counters: dict[str, dict[int, int]] = {}

    def label(self, num_id: str | None, level: int) -> str:
        """The number of the next paragraph of list `num_id` at `level`
        ("" for no list), followed by a space where the text needs one."""
        levels = self._levels.get(num_id or "")
        if not levels or level not in levels:
            return ""
        counters = self._counters.setdefault(num_id, {})
        fmt, text, start, suffix = levels[level]
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [key for key in counters if key > level]:
            del counters[deeper]
        label = self._render(levels, counters, fmt, text)
        if not label or label.endswith(tuple(TIGHT_ENDINGS)) or suffix == "nothing":
            return label
        return label + " "

    @staticmethod
    def _render(levels, counters, fmt: str, text: str) -> str:
        if fmt == "bullet":
            return BULLET
        if fmt == "none":
            return ""
        for level in range(9):
            placeholder = f"%{level + 1}"
            if placeholder in text:
                level_fmt, _, level_start, _ = levels.get(level, ("decimal", "", 1, ""))
                value = counters.get(level, level_start)
                text = text.replace(placeholder, FORMATS.get(level_fmt, str)(value))
        return text


def _levels_by_num(numbering) -> dict[str, dict[int, tuple[str, str, int, str]]]:
    """numId → level → (format, text such as "%1.", start, suffix)."""
    if numbering is None:
        return {}
    abstract = {node.get(qn("w:abstractNumId")): _levels(node)
                for node in numbering.findall(qn("w:abstractNum"))}
    by_num = {}
    for num in numbering.findall(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        levels = dict(abstract.get(ref.get(qn("w:val")) if ref is not None else None, {}))
        for override in num.findall(qn("w:lvlOverride")):
            level = int(override.get(qn("w:ilvl"), "0"))
            start = override.find(qn("w:startOverride"))
            if start is not None and level in levels:
                fmt, text, _, suffix = levels[level]
                levels[level] = (fmt, text, int(start.get(qn("w:val"), "1")), suffix)
        by_num[num.get(qn("w:numId"))] = levels
    return by_num


def _levels(abstract_num) -> dict[int, tuple[str, str, int, str]]:
    levels = {}
    for lvl in abstract_num.findall(qn("w:lvl")):
        levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
            _val(lvl, W_NUM_FMT, "decimal"), _val(lvl, W_LVL_TEXT, ""),
            int(_val(lvl, W_START, "1")), _val(lvl, W_SUFF, "tab"),
        )
    return levels


def _val(element, tag: str, default: str) -> str:
    # iterchildren, not find: numbering.xml has some fifty levels a list, and
    # find's path machinery made reading them cost a millisecond.
    child = next(element.iterchildren(tag), None)
    return default if child is None else child.get(W_VAL, default)
