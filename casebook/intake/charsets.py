"""Bytes to text for Chinese mail, whatever the label says.

Chinese mail clients label GBK text as gb2312, put raw GBK or UTF-8 bytes in
headers, and sometimes declare UTF-8 on GBK bytes. These functions decode what
the bytes really are and say in Chinese when the label could not be trusted.
"""

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

# GB2312 and GBK are subsets of GB18030: decoding every such label as GB18030
# reads the characters outside GB2312 (镕, 堃, 4-byte names) instead of failing.
CHARSET_ALIASES = {
    **dict.fromkeys(
        ("gb2312", "gbk", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn", "x-euc-cn",
         "csgb2312", "gb_2312-80", "gb_2312", "chinese", "iso-ir-58", "csiso58gb231280",
         "gb18030"),
        "gb18030"),
    # Big5-HKSCS is a superset of Big5 that Hong Kong and Taiwan mail also uses.
    **dict.fromkeys(("big5", "x-big5", "cn-big5", "csbig5", "big5-hkscs", "big5hkscs", "cp950"),
                    "big5hkscs"),
    **dict.fromkeys(("utf8", "utf-8", "unicode-1-1-utf-8", "x-unicode20utf8"), "utf-8"),
}
# Labels that say nothing about Chinese bytes: clients put them on GBK text
# when misconfigured, and latin-1 decodes any bytes, so it can never fail.
WEAK_LABELS = {"us-ascii", "ascii", "iso-8859-1", "latin1", "latin-1", "iso_8859-1",
               "windows-1252", "cp1252", "unknown-8bit", "x-unknown", "unknown", "8bit",
               "default", "x-user-defined", "none"}
# Of those, the ones whose bytes are Western text when they are not Chinese.
WESTERN_LABELS = {"iso-8859-1": "latin-1", "latin1": "latin-1", "latin-1": "latin-1",
                  "iso_8859-1": "latin-1", "windows-1252": "cp1252", "cp1252": "cp1252"}
LEGACY_CHINESE = {"gb18030", "big5hkscs"}
# Codecs whose text is written in ASCII bytes (HZ is "~{<:Ky2;S{#,~}"): ASCII
# bytes under these labels still need decoding.
ASCII_ENCODINGS = ("utf-16", "utf-32", "utf-7", "hz", "iso2022")
# Below this size charset-normalizer guesses at random (a 4-character GBK
# subject comes back as Shift-JIS), so short texts end with GB18030 instead.
SNIFF_MIN_BYTES = 64
KANA_START, KANA_END = 0x3040, 0x3100
WIDE_START = 0x2000  # general punctuation on: CJK text, full-width forms
BEYOND_LATIN = 0x0250  # IPA, Greek, Cyrillic, Armenian, Hebrew, Arabic…
# Lead bytes where each charset's rarely used characters begin: GB2312 level 2
# hanzi from 0xD8, Big5 level 2 from 0xC6 (level 1 ends at 0xC67E).
COMMON_LEVEL_END = {"gb2312": 0xD8, "big5": 0xC6}
RARITY_SAMPLE = 2000


@dataclass(frozen=True)
class DecodedText:
    text: str
    charset: str
    note: str = ""  # Chinese; set when the label was wrong, unknown or missing on 8-bit bytes


def canonical_charset(label: str | None) -> str | None:
    """The codec to read `label` with; "" for a label that says nothing, None
    for one Python does not know."""
    if not label:
        return ""
    label = label.strip().strip("\"'").lower()
    if label in CHARSET_ALIASES:
        return CHARSET_ALIASES[label]
    if label in WEAK_LABELS:
        return ""
    try:
        name = codecs.lookup(label).name
    except (LookupError, ValueError):
        return None
    return CHARSET_ALIASES.get(name, name)


def decode_bytes(data: bytes, declared: str | None = None) -> DecodedText:
    """Decode `data`, trusting `declared` only as far as the bytes agree."""
    charset = canonical_charset(declared)
    if data.isascii() and not (charset or "").startswith(ASCII_ENCODINGS):
        return DecodedText(data.decode("ascii"), "ascii")
    if charset:
        return _decode_declared(data, charset, declared or "")
    western = WESTERN_LABELS.get((declared or "").strip().strip("\"'").lower())
    if western:
        return _decode_western(data, western, declared or "")
    sniffed = sniff_decode(data)
    if charset is None:
        return DecodedText(sniffed.text, sniffed.charset,
                           f"未知字符集“{_label(declared)}”，按 {sniffed.charset} 解码")
    return sniffed


def sniff_decode(data: bytes) -> DecodedText:
    """Undeclared 8-bit text: UTF-8 if valid, else GB18030 unless it reads as
    Big5, else what charset-normalizer finds, else GB18030 with replacements."""
    utf8 = _strict(data, "utf-8")
    chinese = _chinese(data) if utf8 is None or _doubtful_utf8(utf8) else None
    if chinese is not None:
        return chinese
    if utf8 is not None:
        return DecodedText(utf8, "utf-8")
    if len(data) >= SNIFF_MIN_BYTES:
        best = from_bytes(data).best()
        if best is not None:
            return DecodedText(str(best), best.encoding)
    return DecodedText(data.decode("gb18030", "replace"), "gb18030", "部分字符无法识别，已用替换符代替")


def _decode_western(data: bytes, codec: str, label: str) -> DecodedText:
    """A Western label on 8-bit bytes: Chinese text under a misconfigured
    client's default label, unless the bytes read as Western text."""
    utf8 = _strict(data, "utf-8")
    if utf8 is not None and not _doubtful_utf8(utf8):
        return DecodedText(utf8, "utf-8", f"声明的字符集“{_label(label)}”与内容不符，实际为 UTF-8")
    chinese = _chinese(data)
    if chinese is not None and _mostly_common(chinese.text, chinese.charset):
        return DecodedText(chinese.text, chinese.charset,
                           f"声明的字符集“{_label(label)}”与内容不符，按 {chinese.charset} 解码")
    return DecodedText(data.decode(codec, "replace"), codec)


def _decode_declared(data: bytes, charset: str, label: str) -> DecodedText:
    text = _strict(data, charset)
    if charset in LEGACY_CHINESE and _plausible_utf8(data) and _utf8_reads_better(data, text, charset):
        return DecodedText(data.decode("utf-8"), "utf-8",
                           f"声明的字符集“{_label(label)}”与内容不符，实际为 UTF-8")
    if text is not None:
        return DecodedText(text, charset)
    sniffed = sniff_decode(data)
    return DecodedText(sniffed.text, sniffed.charset,
                       f"声明的字符集“{_label(label)}”与内容不符，按 {sniffed.charset} 解码")


def _chinese(data: bytes) -> DecodedText | None:
    """GB18030 or Big5, whichever reads as more common characters: Big5 bytes
    are valid GBK too, but read as rare characters and kana."""
    gb = _strict(data, "gb18030")
    big5 = _strict(data, "big5hkscs")
    if gb is not None and (big5 is None or _rarity(gb, "gb2312") <= _rarity(big5, "big5")):
        return DecodedText(gb, "gb18030")
    return DecodedText(big5, "big5hkscs") if big5 is not None else None


def _mostly_common(text: str, charset: str) -> bool:
    common_charset = "gb2312" if charset == "gb18030" else "big5"
    wide = sum(1 for char in text[:RARITY_SAMPLE] if ord(char) >= KANA_START)
    return _rarity(text, common_charset) * 4 <= wide


def _rarity(text: str, charset: str) -> int:
    """How many characters of a sample are outside the charset's common
    level (GB2312 level 1, Big5 level 1) or are Japanese kana."""
    rare = 0
    for char in text[:RARITY_SAMPLE]:
        if ord(char) < KANA_START:
            continue
        try:
            encoded = char.encode(charset)
        except UnicodeEncodeError:
            rare += 1
            continue
        rare += ord(char) < KANA_END or encoded[0] >= COMMON_LEVEL_END[charset]
    return rare


def _plausible_utf8(data: bytes) -> bool:
    """Valid UTF-8 that reads as Chinese: GBK bytes seldom form valid UTF-8,
    and when they do they read as Cyrillic or Armenian letters instead."""
    text = _strict(data, "utf-8")
    if text is None:
        return False
    wide = sum(1 for char in text if ord(char) >= WIDE_START)
    narrow = sum(1 for char in text if 0x80 <= ord(char) < WIDE_START)
    return wide > 0 and narrow * 2 <= wide


def _utf8_reads_better(data: bytes, declared: str | None, charset: str) -> bool:
    """UTF-8 under a GB or Big5 label (a client with the wrong default): taken
    when the label's own reading fails, or reads as clearly rarer characters.
    A few bytes can be valid both ways (GBK 榇丂 is UTF-8 鴁@); then the label wins."""
    if declared is None:
        return True
    common = "gb2312" if charset == "gb18030" else "big5"
    return 2 * _rarity(data.decode("utf-8"), "gb2312") < _rarity(declared, common)


def _doubtful_utf8(text: str) -> bool:
    """UTF-8 with no Chinese but letters beyond Latin (医院 in GBK is valid
    UTF-8 for "ҽԺ"): in Chinese mail that is GBK far more often."""
    return not any(ord(char) >= WIDE_START for char in text) and any(
        BEYOND_LATIN <= ord(char) < WIDE_START for char in text)


def _strict(data: bytes, charset: str) -> str | None:
    try:
        return data.decode(charset)
    except (UnicodeDecodeError, LookupError):
        return None


def _label(label: str | None) -> str:
    return (label or "").strip()[:40]


def to_bytes(value: str) -> bytes:
    """The original bytes of a header value that the email parser read as
    ASCII with surrogate escapes (and latin-1 for RFC 2231 %XX escapes)."""
    try:
        return value.encode("latin-1", "surrogateescape")
    except UnicodeEncodeError:  # real characters beyond latin-1: keep them as UTF-8
        return b"".join(_char_bytes(char) for char in value)


def _char_bytes(char: str) -> bytes:
    try:
        return char.encode("latin-1", "surrogateescape")
    except UnicodeEncodeError:
        return char.encode("utf-8", "surrogatepass")
