"""The passages two texts share, marked for reading side by side.

Pure functions. Texts are compared after normalising (full-width letters and
digits to half-width, case folded, punctuation and whitespace dropped), so that
a copy with changed punctuation still lines up; each normalised character keeps
the position it came from, and the marks go around the original text.
"""

import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# A run of this many normalised characters found in both texts is a shared
# passage; shorter runs are the vocabulary any two cases on a topic share.
MIN_SHARED = 12


@dataclass(frozen=True)
class Normalised:
    text: str
    origin: tuple[int, ...]  # origin[i]: where text[i] stands in the original


def _kept(ch: str) -> bool:
    """Letters and digits of any script, as the engine (similarity.normalise) keeps."""
    return ch.isalnum()


def normalise(text: str) -> Normalised:
    chars, origin = [], []
    for position, raw in enumerate(text):
        for ch in unicodedata.normalize("NFKC", raw).casefold():
            if _kept(ch):
                chars.append(ch)
                origin.append(position)
    return Normalised("".join(chars), tuple(origin))


def _grams(texts) -> set[str]:
    return {text[i:i + MIN_SHARED] for text in texts for i in range(len(text) - MIN_SHARED + 1)}


def shared_flags(text: str, other_grams: set[str]) -> list[bool]:
    """For each character of `text`: whether it lies in a passage of at least
    MIN_SHARED normalised characters that the other side has too. Punctuation
    and spaces inside a shared passage count as shared, so a mark runs on."""
    normal = normalise(text)
    covered = [False] * len(normal.text)
    for i in range(len(normal.text) - MIN_SHARED + 1):
        if normal.text[i:i + MIN_SHARED] in other_grams:
            covered[i:i + MIN_SHARED] = [True] * MIN_SHARED
    flags = [False] * len(text)
    for i, position in enumerate(normal.origin):
        if covered[i]:
            flags[position] = True
            previous = normal.origin[i - 1] if i else position
            if i and covered[i - 1]:
                flags[previous:position] = [True] * (position - previous)
    return flags


def marked_paragraphs(text: str, flags: list[bool]) -> list[SafeString]:
    """`text` as escaped paragraphs (one per non-empty line), with the flagged
    characters wrapped in <mark>. Each slice is escaped before the tags go
    around it, so nothing a unit typed reaches the page as markup."""
    paragraphs, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            paragraphs.append(_marked(line, flags[start:end]))
        start = end + 1
    return paragraphs


def _marked(line: str, flags: list[bool]) -> SafeString:
    pieces, i = [], 0
    while i < len(line):
        j = i
        while j < len(line) and flags[j] == flags[i]:
            j += 1
        piece = escape(line[i:j])
        pieces.append(f"<mark>{piece}</mark>" if flags[i] else piece)
        i = j
    return mark_safe("".join(pieces))


def mark_shared(left: dict[str, str], right: dict[str, str]
                ) -> tuple[dict[str, list[SafeString]], dict[str, list[SafeString]]]:
    """Both sides' sections as marked paragraphs. A passage counts as shared
    wherever it stands on the other side, also in another section (a background
    copied into the measures)."""
    left_grams = _grams(normalise(text).text for text in left.values())
    right_grams = _grams(normalise(text).text for text in right.values())
    return (
        {key: marked_paragraphs(text, shared_flags(text, right_grams)) for key, text in left.items()},
        {key: marked_paragraphs(text, shared_flags(text, left_grams)) for key, text in right.items()},
    )
