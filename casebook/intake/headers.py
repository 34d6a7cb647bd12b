"""Header values as Chinese mail really writes them: RFC 2047 words in any
charset (also split mid-character), raw 8-bit GBK or UTF-8, RFC 2231
parameters, addresses and dates."""

import binascii
import contextlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import getaddresses, parsedate_to_datetime
from urllib.parse import unquote_to_bytes

from .charsets import decode_bytes, to_bytes

# Lenient on purpose: clients put encoded words inside quotes and glued to
# other text, and wrap a long word's base64 over several words.
ENCODED_WORD = re.compile(rb"=\?([^?\s]+)\?([bBqQ])\?([^?]*)\?=")
FOLD = re.compile(rb"\r?\n(?=[ \t])")
SPACE = re.compile(r"[\s\x00-\x1f\x7f]+")
PARAM = re.compile(r';\s*([^\s=;"]+)\s*=\s*("(?:[^"\\]|\\.)*"?|[^;]*)')
CONTINUATION = re.compile(r"^(?P<name>[^*]+)(?:\*(?P<index>\d+))?(?P<encoded>\*)?$")
ADDRESS = re.compile(r"[\w.+=!#$%&'*/?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
MESSAGE_ID = re.compile(r"<([^<>]+)>")

CHINA = timezone(timedelta(hours=8), "CST")
NEGATIVE_ZERO = re.compile(r"-0000\b")
# Dates some Chinese clients and gateways write instead of RFC 5322.
LOOSE_DATE = re.compile(
    r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[T\s]*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{1,2})(?:\s*[:：分]\s*(?P<S>\d{1,2}))?)?"
    r"\s*(?P<zone>Z|[+-]\d{2}:?\d{2})?")
EARLIEST_YEAR, LATEST_YEAR = 1990, 2100
ZONE_ASSUMED = "日期未注明时区，按北京时间（+0800）计"


@dataclass(frozen=True)
class HeaderText:
    text: str
    notes: tuple[str, ...] = ()


@dataclass
class _Word:
    """A run of adjacent encoded words in one charset, decoded together so that
    a character split across two words comes out whole."""

    charset: str
    data: bytearray
    pending_base64: str = ""

    def add(self, encoding: bytes, payload: bytes) -> None:
        if encoding.lower() == b"q":
            self._flush()
            self.data += binascii.a2b_qp(payload, header=True)
            return
        text = payload.decode("ascii", "ignore").strip()
        self.pending_base64 += text.rstrip("=")
        if text.endswith("=") or len(self.pending_base64) % 4 == 0:
            self._flush()

    def finish(self) -> bytes:
        self._flush()
        return bytes(self.data)

    def _flush(self) -> None:
        text, self.pending_base64 = self.pending_base64, ""
        if len(text) % 4 == 1:  # one stray character cannot encode anything
            text = text[:-1]
        with contextlib.suppress(binascii.Error):  # junk in a word: keep what decodes
            self.data += binascii.a2b_base64(text + "=" * (-len(text) % 4))


def decode_header_value(value: str | bytes | None) -> HeaderText:
    """The text of one header value; notes say what had to be guessed."""
    if not value:
        return HeaderText("")
    data = FOLD.sub(b"", value if isinstance(value, bytes) else to_bytes(value))
    pieces: list[bytes | _Word] = []
    position = 0
    for match in ENCODED_WORD.finditer(data):
        gap = data[position:match.start()]
        previous = pieces[-1] if pieces else None
        if gap and not (gap.isspace() and isinstance(previous, _Word)):
            pieces.append(gap)
            previous = None
        charset = match.group(1).split(b"*")[0].decode("ascii", "replace").lower()
        if not (isinstance(previous, _Word) and previous.charset == charset):
            previous = _Word(charset, bytearray())
            pieces.append(previous)
        previous.add(match.group(2), match.group(3))
        position = match.end()
    pieces.append(data[position:])
    texts, notes = [], []
    for piece in pieces:
        text, note = _piece_text(piece)
        texts.append(text)
        if note and note not in notes:
            notes.append(note)
    return HeaderText(SPACE.sub(" ", "".join(texts)).strip(), tuple(notes))


def _piece_text(piece: bytes | _Word) -> tuple[str, str]:
    if isinstance(piece, _Word):
        decoded = decode_bytes(piece.finish(), piece.charset)
        return decoded.text, decoded.note
    if piece.isascii():
        return piece.decode("ascii"), ""
    decoded = decode_bytes(piece)
    return decoded.text, f"含未编码的 8 位字符，按 {decoded.charset} 解码"


def decode_params(value: str | None) -> tuple[dict[str, str], tuple[str, ...]]:
    """Parameters of a Content-Type or Content-Disposition value, names
    lower-cased, RFC 2231 continuations joined, values decoded."""
    if not value:
        return {}, ()
    plain: dict[str, str] = {}
    extended: dict[str, list[tuple[int, bool, str]]] = {}
    for name, raw in PARAM.findall(value):
        match = CONTINUATION.match(name.lower())
        if not match:
            continue
        raw = _unquote(raw.strip())
        if match["index"] is None and not match["encoded"]:
            plain.setdefault(match["name"], raw)
        else:
            extended.setdefault(match["name"], []).append(
                (int(match["index"] or 0), bool(match["encoded"]), raw))
    params, notes = {}, []
    for name, raw in plain.items():
        decoded = decode_header_value(raw)
        params[name], notes = decoded.text, notes + list(decoded.notes)
    for name, segments in extended.items():  # RFC 2231: the extended form wins
        decoded = _rfc2231(sorted(segments))
        params[name], notes = decoded.text, notes + list(decoded.notes)
    return params, tuple(dict.fromkeys(notes))


def _unquote(raw: str) -> str:
    if not raw.startswith('"'):
        return raw
    # Only \" and \\ are escapes: Outlook leaves Windows paths' backslashes bare.
    return raw[1:].removesuffix('"').replace('\\"', '"').replace("\\\\", "\\")


def _rfc2231(segments: list[tuple[int, bool, str]]) -> HeaderText:
    charset, data = "", bytearray()
    for number, (_index, encoded, raw) in enumerate(segments):
        if encoded and number == 0 and raw.count("'") >= 2:
            charset, _language, raw = raw.split("'", 2)
        data += unquote_to_bytes(to_bytes(raw)) if encoded else to_bytes(raw)
    decoded = decode_bytes(bytes(data), charset)
    text = SPACE.sub(" ", decoded.text).strip()
    if "=?" in text:  # some clients put RFC 2047 words inside RFC 2231 values
        return decode_header_value(text)
    return HeaderText(text, (decoded.note,) if decoded.note else ())


def decode_address(value: str | None) -> tuple[str, str, tuple[str, ...]]:
    """(display name, lower-case address, notes) of the first mailbox."""
    if not value:
        return "", "", ()
    try:
        pairs = getaddresses([value])
    except Exception:  # the stdlib address parser fails in odd ways on junk
        pairs = []
    name, address = next(((n, a) for n, a in pairs if "@" in a), ("", ""))
    decoded_name = decode_header_value(name)
    if not address:
        whole = decode_header_value(value)
        found = ADDRESS.search(whole.text)
        address = found.group(0) if found else ""
        if not decoded_name.text and found:
            decoded_name = HeaderText(whole.text.replace(address, "").strip(' <>"'), whole.notes)
    address = decode_header_value(address).text  # internationalised addresses are raw UTF-8
    return (decoded_name.text.strip(" \"'"), address.strip().strip("<>").lower(),
            decoded_name.notes)


def clean_message_id(value: str | None) -> str:
    text = decode_header_value(value).text
    match = MESSAGE_ID.search(text)
    return "".join((match.group(1) if match else text).split()).strip("<>")


def parse_mail_date(value: str | None) -> tuple[datetime | None, str]:
    """An aware datetime, or None; the note says what was assumed or wrong."""
    text = decode_header_value(value).text
    if not text:
        return None, ""
    moment = _rfc5322_date(text) or _loose_date(text)
    if moment is None or not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        return None, f"无法识别的日期“{text[:60]}”"
    if moment.tzinfo is not None:
        return moment, ""
    if NEGATIVE_ZERO.search(text):  # RFC 5322: UTC, local offset unknown
        return moment.replace(tzinfo=UTC), ""
    return moment.replace(tzinfo=CHINA), ZONE_ASSUMED


def _rfc5322_date(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _loose_date(text: str) -> datetime | None:
    match = LOOSE_DATE.search(text)
    if not match:
        return None
    fields = [int(match[key] or 0) for key in ("y", "m", "d", "H", "M", "S")]
    zone = match["zone"]
    try:
        moment = datetime(*fields)
        if zone:
            sign = -1 if zone.startswith("-") else 1
            digits = zone.lstrip("+-").replace(":", "") if zone != "Z" else "0000"
            offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            moment = moment.replace(tzinfo=timezone(sign * offset))
    except (ValueError, OverflowError):
        return None
    return moment
