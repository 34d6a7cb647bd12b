"""The basic information: label/value cells in table rows, or 标签：值 lines on a cover page."""

import re

from .headings import LABEL_NOISE, field_label, squeeze
from .vocabulary import FIELD_ALIASES, HEADER_WORDS

MAX_LABEL_CHARS = 20
# Blanks to write on (申报单位：________) and what is to be stamped or signed.
PLACEHOLDER = re.compile(r"[_＿]+|[（(](?:盖章|签字|签章|公章)[）)]")


def _labelled_value_pattern() -> re.Pattern:
    aliases = sorted({alias for names in FIELD_ALIASES.values() for alias in names},
                     key=len, reverse=True)
    # 联 系 人：— forms space out short labels to line them up.
    spaced = [r"\s*".join(re.escape(char) for char in alias) for alias in aliases]
    return re.compile(
        rf"(?:^|(?<=[\s，,；;]))(?P<label>{'|'.join(spaced)})(?:\s*[（(][^）)]*[）)])?\s*[:：]",
        re.IGNORECASE,
    )


LABELLED_VALUE = _labelled_value_pattern()


class FieldCollector:
    """Collects label → value; the first non-empty value of a label wins, so
    that the signature block's 申报单位（盖章）： never overrides the table."""

    def __init__(self):
        self.values: dict[str, str] = {}

    def from_line(self, text: str) -> bool:
        """联系人：张三  联系电话：13800000000 — True when the line is made of labels."""
        matches = list(LABELLED_VALUE.finditer(text))
        if not matches or text[:matches[0].start()].strip():
            return False
        ends = [match.start() for match in matches[1:]] + [len(text)]
        for match, end in zip(matches, ends, strict=True):
            self._set(field_label(match.group("label")), text[match.end():end])
        return True

    def from_row(self, cells: tuple[str, ...]) -> bool:
        """Label, value[, label, value …] — True when the row held a label.

        Labels the parser does not know are kept too (under their own name)
        when the row alternates label and value cells."""
        found = False
        alternating = len(cells) % 2 == 0
        index = 0
        while index < len(cells) - 1:
            label = field_label(cells[index])
            if label is None and alternating and index % 2 == 0 and _labelish(cells[index]):
                label = _unknown_label(cells[index], cells[index + 1])
            if label:
                self._set(label, cells[index + 1])
                found = True
                index += 2
            else:
                index += 1
        return found

    def _set(self, label: str, value: str) -> None:
        value = PLACEHOLDER.sub("", value).strip().rstrip("，,；;")
        if value and not self.values.get(label):
            self.values[label] = value


def _unknown_label(label: str, value: str) -> str | None:
    """A label the parser does not know, under its own name; None for a header row."""
    if {label.strip(), value.strip()} <= set(HEADER_WORDS):
        return None
    return LABEL_NOISE.sub("", label)


def _labelish(text: str) -> bool:
    return 0 < len(squeeze(text)) <= MAX_LABEL_CHARS and "\n" not in text and "。" not in text
