"""Title and unit from a subject written as 项目名称+单位名称, as the call asks.

Units follow the format loosely: other separators, reply and forward
prefixes, tags such as 【案例申报】, labels such as 项目名称：. When the subject
cannot be read with confidence the caller falls back to the form's own fields,
so a wrong unit is worse than none.
"""

import re

# Reply/forward prefixes of Chinese and Western clients, and bracketed tags.
PREFIXES = ("re", "fw", "fwd", "aw", "wg", "sv", "答复", "回复", "回覆", "转发", "轉寄", "转寄",
            "自动回复")
PREFIX = re.compile(
    r"^\s*(?:(?:" + "|".join(PREFIXES) + r")\s*(?:\[\d+\]|\(\d+\))?\s*[:：]"
    r"|【[^】]*】|\[[^\]]*\]|〔[^〕]*〕|［[^］]*］)\s*",
    re.IGNORECASE)
TITLE_LABELS = ("项目名称", "案例名称", "项目名", "案例标题", "标题")
UNIT_LABELS = ("单位名称", "申报单位", "单位")
LABEL = r"\s*[:：]\s*"
UNIT_LABEL = re.compile(r"\s*(?:" + "|".join(UNIT_LABELS) + r")" + LABEL)
TITLE_LABEL = re.compile(r"^\s*(?:" + "|".join(TITLE_LABELS) + r")" + LABEL)
# Separators from strongest to weakest. A hyphen, slash or underscore between
# two ASCII letters or digits is part of a word (COVID-19, 5G/AI), not a separator.
PLUS = re.compile(r"\s*[+＋]\s*")
DASH = re.compile(r"\s*(?:—+|－+|–+|[|｜]|(?<![A-Za-z0-9])[-/_]+|[-/_]+(?![A-Za-z0-9]))\s*")
SPACE = re.compile(r"[\s\u3000]+")
# Words a unit's name ends with; kept as data so that a secretariat's list can grow.
UNIT_SUFFIXES = (
    "委员会", "卫健委", "卫生健康委", "卫计委", "局", "院", "医院", "卫生院", "中心", "所", "站",
    "大学", "学院", "学校", "协会", "学会", "联合会", "促进会", "研究会", "基金会", "公司", "集团",
    "办公室", "办", "街道", "镇", "乡", "村", "社区", "居委会", "村委会", "政府", "委", "厅", "部",
    "处", "科", "馆", "队", "联盟", "医共体", "医联体", "研究院", "研究所",
)
# A note after the unit's name: 上海市某医院（盖章）, 某局(牵头单位). Other
# brackets stay: 某卫健委（某中医药管理局） names the unit twice.
TRAILING_NOTE = re.compile(r"\s*[（(][^（()）]*[)）]\s*$")
NOTE_WORDS = ("盖章", "公章", "牵头", "申报单位", "联合申报", "主报", "单位")
QUOTES = (("《", "》"), ("“", "”"), ('"', '"'), ("「", "」"), ("『", "』"), ("〈", "〉"))
STRIP = " \t\u3000,，.。;；:：、"
SEPARATOR_CHARS = "+＋-—－–_|｜/"
MIN_UNIT_LENGTH = 3


def split_subject(subject: str) -> tuple[str, str]:
    """(title, unit); ("", "") when the subject is not in the 项目名称+单位名称
    form; (title, "") when it is but its last part is no unit's name."""
    text = _without_prefixes(subject or "")
    if not text:
        return "", ""
    labelled = UNIT_LABEL.search(text)
    if labelled and labelled.start() > 0:
        title, unit = _clean_title(text[:labelled.start()]), _clean_unit(text[labelled.end():])
        return (title, unit) if title and unit else ("", "")
    text = TITLE_LABEL.sub("", text)
    pluses = list(PLUS.finditer(text))
    if len(pluses) == 1:
        return _pair(text, pluses[0])
    if pluses:
        return _pair(text, pluses[-1]) if looks_like_unit(text[pluses[-1].end():]) else (
            _clean_title(text), "")
    for separator in (DASH, SPACE):
        found = list(separator.finditer(text))
        if found and looks_like_unit(text[found[-1].end():]):
            return _pair(text, found[-1])
    return "", ""


def looks_like_unit(text: str) -> bool:
    name = TRAILING_NOTE.sub("", text).strip(STRIP)
    return len(name) >= MIN_UNIT_LENGTH and name.endswith(UNIT_SUFFIXES)


def _pair(text: str, separator: re.Match) -> tuple[str, str]:
    title = _clean_title(text[:separator.start()])
    unit = _clean_unit(text[separator.end():])
    if not title or not unit or (title in TITLE_LABELS and unit in UNIT_LABELS):
        return "", ""  # an empty side, or the call's own words left unfilled
    return title, unit


def _without_prefixes(subject: str) -> str:
    text = SPACE.sub(" ", subject).strip()
    while True:
        stripped = PREFIX.sub("", text, count=1)
        if stripped == text:
            return text.strip(STRIP)
        text = stripped


def _clean_title(text: str) -> str:
    title = TITLE_LABEL.sub("", text).strip(STRIP + SEPARATOR_CHARS)
    for opening, closing in QUOTES:
        if title.startswith(opening) and title.endswith(closing) and len(title) > 2:
            inner = title[1:-1]
            if opening not in inner and closing not in inner:
                return inner.strip(STRIP)
    return title


def _clean_unit(text: str) -> str:
    unit = text.strip(STRIP + SEPARATOR_CHARS)
    label = UNIT_LABEL.match(unit)
    unit = unit[label.end():] if label else unit
    note = TRAILING_NOTE.search(unit)
    if note and any(word in note.group(0) for word in NOTE_WORDS):
        unit = unit[:note.start()]
    return unit.strip(STRIP)
