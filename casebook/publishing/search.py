"""From a visitor's query to word groups, and back to marked-up matches.

Pure functions: the selector turns each `Term` into a database filter and ranks
with `score`; the templates show `highlight` and `excerpt`. Chinese has no
spaces between words, so the query is segmented with jieba, after the domain
vocabulary has claimed the words jieba does not know (长护险, 卫健委).
"""

import functools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

import jieba
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import vocabulary

jieba.setLogLevel(logging.WARNING)

# A query is a few words; anything longer is a paste and would only slow the
# database down with dozens of LIKE clauses.
MAX_QUERY_CHARS = 60
MAX_TERMS = 8

# Hits in the title say most about what a case is; hits deep in its text least.
WEIGHTS = {"title": 8, "summary": 3, "units": 3, "body": 1}


@dataclass(frozen=True)
class Term:
    """One word of the query and every spelling that counts as a match for it."""

    word: str
    variants: tuple[str, ...]


@functools.cache
def _variants_by_word() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for group in vocabulary.EQUIVALENTS:
        for word in group:
            table.setdefault(word, [word]).extend(group)
    for word, related in vocabulary.RELATED.items():
        for same in table.get(word, [word]):
            table.setdefault(same, [same]).extend(related)
    return {word: tuple(dict.fromkeys(found)) for word, found in table.items()}


@functools.cache
def _known_words() -> tuple[str, ...]:
    """Vocabulary words, longest first, so 爱卫办 wins over 爱卫."""
    words = set(_variants_by_word()) | set(vocabulary.WHOLE_WORDS)
    return tuple(sorted(words, key=len, reverse=True))


def variants(word: str) -> tuple[str, ...]:
    return _variants_by_word().get(word, (word,))


def parse_query(query: str) -> list[Term]:
    """The query's words, each with its variants; a case must match every word."""
    words: list[str] = []
    for chunk in query[:MAX_QUERY_CHARS].split():
        words.extend(_segment(chunk))
    unique = list(dict.fromkeys(words))[:MAX_TERMS]
    return [Term(word=word, variants=variants(word)) for word in unique]


def _segment(chunk: str) -> list[str]:
    """Vocabulary words are taken out whole; jieba cuts the stretches between them."""
    words, start, i = [], 0, 0
    while i < len(chunk):
        known = next((w for w in _known_words() if chunk.startswith(w, i)), None)
        if known:
            words += [*_cut(chunk[start:i]), known]
            i = start = i + len(known)
        else:
            i += 1
    return words + _cut(chunk[start:])


def _cut(text: str) -> list[str]:
    tokens = [t.strip().lower() for t in jieba.cut_for_search(text)]
    tokens = [t for t in tokens if _is_word(t) and t not in vocabulary.STOPWORDS]
    # cut_for_search also yields the parts of long words (上海市 → 上海, 上海市);
    # a text holding the whole holds its parts, so the parts add nothing.
    return [t for t in tokens if not any(t != other and t in other for other in tokens)]


def _is_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def all_variants(terms: Iterable[Term]) -> list[str]:
    return [v for term in terms for v in term.variants]


def score(fields: dict[str, str], terms: Iterable[Term]) -> int:
    """Weighted count of hits; `fields` maps a WEIGHTS key to the text found there."""
    total = 0
    for name, text in fields.items():
        lowered = text.lower()
        hits = sum(lowered.count(v.lower()) for term in terms for v in term.variants)
        total += WEIGHTS[name] * hits
    return total


def _pattern(words: Iterable[str]) -> re.Pattern | None:
    # Longest first, so that 控制吸烟 is marked whole rather than as 吸烟.
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def highlight(text: str, words: Iterable[str]) -> SafeString:
    """`text` escaped, with every occurrence of `words` wrapped in <mark>.

    Hits are found in the raw text and each slice is escaped before the tags go
    around it: matching in already-escaped text could cut an entity such as
    &amp; in half, and nothing a unit or visitor typed ever reaches the page as
    markup.
    """
    pattern = _pattern(words)
    if pattern is None:
        return escape(text)
    pieces, pos = [], 0
    for match in pattern.finditer(text):
        pieces += [escape(text[pos:match.start()]), "<mark>", escape(match.group()), "</mark>"]
        pos = match.end()
    pieces.append(escape(text[pos:]))
    return mark_safe("".join(pieces))


def excerpt(text: str, words: Iterable[str], *, width: int = 120, before: int = 30) -> str:
    """About `width` characters of `text` around its first hit, with … where cut."""
    text = " ".join(text.split())
    pattern = _pattern(words)
    match = pattern.search(text) if pattern else None
    if match is None:
        return ""
    start = max(0, match.start() - before)
    end = min(len(text), start + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
