"""Properties of decode_message: no bytes make it raise, and every header
encoding a client may choose gives back the text it encoded."""

from datetime import datetime

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from casebook.intake.decoding import decode_message
from casebook.intake.message import DecodedMessage
from tests.intake.mails import Attachment, build_message, encode_words

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HEADERS = [b"Subject", b"From", b"Date", b"Received", b"Message-ID", b"Content-Type",
           b"Content-Disposition", b"Content-Transfer-Encoding"]
# Pieces real messages are made of, for messages that are almost well formed.
FRAGMENTS = [b"\r\n", b"\r\n\r\n", b"--b\r\n", b"--b--\r\n", b"Content-Type: multipart/mixed; boundary=b\r\n",
             b"Content-Type: message/rfc822\r\n", b"Content-Type: text/html; charset=gb2312\r\n",
             b"Content-Transfer-Encoding: base64\r\n", b"Content-Transfer-Encoding: quoted-printable\r\n",
             b"Content-Disposition: attachment; filename*0*=gbk''%D6%D0; filename*1=x\r\n",
             b"Subject: =?gb2312?B?1tDOxA==?=\r\n", b"=?utf-8?Q?=E4=B8?=", b"<p>", b"<table><tr><td>",
             b"Received: x; Sat, 30 Sep 2023 23:50:00\r\n", b"\xd6\xd0\xce\xc4", b"\xff\xfe", b"=\r\n",
             b"begin 644 x\r\n", b"PK\x03\x04", b"Rar!\x1a\x07\x01\x00", b"7z\xbc\xaf\x27\x1c"]
# Characters that appear in subjects and filenames, without whitespace (the
# decoder folds runs of it) and without the RFC 2047 markers.
TEXT = st.text(st.one_of(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
                         st.sampled_from("ABCxyz0189+-_（）《》“”、，.")), min_size=1, max_size=30)


def _encodable(text: str, charset: str) -> bool:
    try:
        encode_words(text, charset)
    except UnicodeEncodeError:
        return False
    return True


def assert_well_formed(decoded: DecodedMessage) -> None:
    assert isinstance(decoded, DecodedMessage)
    for text in (decoded.message_id, decoded.sender, decoded.sender_name, decoded.subject,
                 decoded.title, decoded.unit, decoded.body_text, *decoded.notes):
        assert isinstance(text, str)
        text.encode("utf-8")  # no lone surrogates left from raw bytes
    # The parser itself never gives up: the headers-only fallback is for its bugs.
    assert not any(note.startswith("邮件结构无法解析") for note in decoded.notes)
    assert decoded.received_at is None or (
        isinstance(decoded.received_at, datetime) and decoded.received_at.tzinfo is not None)
    for attachment in decoded.attachments:
        assert attachment.filename
        assert attachment.from_archive or "/" not in attachment.filename
        assert isinstance(attachment.content, bytes)


@FUZZ
@given(values=st.lists(st.tuples(st.sampled_from(HEADERS), st.binary(max_size=200)), max_size=8))
def test_arbitrary_header_bytes_never_crash(values):
    headers = b"".join(name + b": " + value.replace(b"\n", b"\n ") + b"\r\n" for name, value in values)

    assert_well_formed(decode_message(headers + b"\r\nbody"))


@FUZZ
@given(raw=st.binary(max_size=3000))
def test_arbitrary_messages_never_crash(raw):
    assert_well_formed(decode_message(raw))


@FUZZ
@given(pieces=st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.binary(max_size=40)), max_size=40))
def test_almost_well_formed_messages_never_crash(pieces):
    assert_well_formed(decode_message(b"".join(pieces)))


def test_deeply_nested_multiparts_do_not_crash():
    depth = 2000
    raw = b"".join(b"Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n" % (n, n)
                   for n in range(depth))

    assert_well_formed(decode_message(b"Subject: deep\r\n" + raw))


@settings(max_examples=150, deadline=None)
@given(text=TEXT, charset=st.sampled_from(["utf-8", "gb2312", "gb18030", "big5"]),
       style=st.sampled_from(["b", "q", "split"]))
def test_every_word_encoding_gives_the_subject_back(text, charset, style):
    assume(_encodable(text, charset))  # Big5 lacks most simplified characters
    raw = build_message(subject=text, sender="a@b.cn", charset=charset, header_encoding=style)

    assert decode_message(raw).subject == text


@settings(max_examples=150, deadline=None)
@given(text=TEXT, style=st.sampled_from(["rfc2231", "rfc2231-continuation", "rfc2047", "rfc2047-q",
                                         "name-only"]),
       charset=st.sampled_from(["utf-8", "gb2312"]))
def test_every_filename_encoding_gives_the_filename_back(text, style, charset):
    filename = text.replace("/", "") + ".pdf"
    raw = build_message(subject="x", body="x", attachments=[
        Attachment(filename, b"%PDF-1.4", "application/pdf", filename_style=style,
                   filename_charset=charset)])

    assert [a.filename for a in decode_message(raw).attachments] == [filename.strip(" .")]
