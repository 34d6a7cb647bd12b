"""The case's title when the form has no 案例名称: its title line, else its first line."""

import re

from django.utils.translation import gettext as _

from .headings import squeeze
from .vocabulary import COMPETITION_WORDS, FRONT_MATTER, TITLE_SUFFIXES

MIN_TITLE_CHARS = 4
# A longer line is a paragraph of text, not a title.
MAX_TITLE_CHARS = 60
# A title wholly in one of these pairs is the title without them.
QUOTE_PAIRS = ("《》", "“”", '""', "「」", "『』")
SEPARATORS = "—－-–:：·　 "


class TitleFinder:
    """Collects the lines before the first section, then picks the title."""

    def __init__(self):
        self.title_lines: list[str] = []
        self.first_lines: list[str] = []

    def offer(self, text: str, *, is_title: bool) -> None:
        names_form = squeeze(text).endswith(TITLE_SUFFIXES)
        title = case_title(text)
        if not title:
            return
        if is_title or names_form:
            self.title_lines.append(title)
        else:
            self.first_lines.append(title)

    def choose(self, named: str) -> tuple[str, list[str]]:
        """The title and, when it had to be guessed, a warning saying from where."""
        if named:
            return named, []
        if self.title_lines:
            return self.title_lines[0], [_("未填写「案例名称」，标题取自申报书的标题行，请核对。")]
        if self.first_lines:
            return self.first_lines[0], [_("未填写「案例名称」，标题取自文档第一行，请核对。")]
        return "", [_("未找到案例名称。")]


def case_title(line: str) -> str:
    """《社区健康驿站》案例申报书 → 社区健康驿站; "" for a line that names
    only the form or the competition (…案例评选案例申报书)."""
    text = line.strip()
    for suffix in TITLE_SUFFIXES:
        text = re.sub(rf"{suffix}$", "", text).strip()
    text = _unquoted(text.strip(SEPARATORS))
    if not MIN_TITLE_CHARS <= len(squeeze(text)) <= MAX_TITLE_CHARS:
        return ""
    if text.endswith(COMPETITION_WORDS) or text in FRONT_MATTER:
        return ""
    return text


def _unquoted(text: str) -> str:
    for opening, closing in QUOTE_PAIRS:
        if text.startswith(opening) and text.endswith(closing):
            return text[1:-1].strip()
    return text
