"""The fast MIME splitter builds the tree the stdlib parser builds."""

import email
from email.policy import compat32

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casebook.intake.mime import parse_message
from tests.intake.mails import Attachment, build_message, typical_message


def tree(message):
    """Content type, decoded payload (or children) and defects, part by part."""
    rows = []
    for part in message.walk():
        payload = None if part.is_multipart() else part.get_payload(decode=True)
        rows.append((part.get_content_type(), part.get_filename(), payload,
                     sorted(type(defect).__name__ for defect in part.defects)))
    return rows


def stdlib(raw: bytes):
    return email.message_from_bytes(raw, policy=compat32)


FORWARDED = build_message(subject="Fwd", body="转发", forwarded=typical_message(1))
MESSAGES = {
    "typical": typical_message(3),
    "alternative html": build_message(subject="x", body="纯文本", html="<p>网页</p>", charset="gb2312"),
    "forwarded": FORWARDED,
    "lf line endings": typical_message(4).replace(b"\r\n", b"\n"),
    "single part": build_message(subject="x", body="只有正文"),
    "inline image": build_message(subject="x", html="<img src=cid:a>", attachments=[
        Attachment("a.png", b"\x89PNG", "image/png", inline=True, content_id="a")]),
    "no close delimiter": b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nbody\r\n",
    "no start delimiter": b"Content-Type: multipart/mixed; boundary=b\r\n\r\nno parts here\r\n",
    "no boundary": b"Content-Type: multipart/mixed\r\n\r\n--b\r\n\r\nbody\r\n--b--\r\n",
    "preamble and epilogue": (b"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\npreamble\r\n--b\r\n"
                              b"Content-Type: text/plain\r\n\r\none\r\n--b  \r\n\r\ntwo\r\n--b--\r\nepilogue\r\n"),
    "boundary prefix of another": (
        b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
        b"Content-Type: multipart/alternative; boundary=b1\r\n\r\n--b1\r\n\r\ninner\r\n--b1--\r\n"
        b"--b\r\n\r\nouter\r\n--b--\r\n"),
    "no headers": b"\r\njust a body",
    "headers cut short": b"Subject: x\r\nnot a header line\r\nFrom: a@b.cn\r\n\r\nbody",
    "mbox envelope line": b"From a@b.cn Sat Sep 30 23:50:00 2023\nSubject: x\n\nbody",
    "headers only": b"Subject: x\r\nFrom: a@b.cn",
    "empty": b"",
}


@pytest.mark.parametrize("raw", MESSAGES.values(), ids=MESSAGES.keys())
def test_same_tree_as_the_stdlib_parser(raw):
    assert tree(parse_message(raw)) == tree(stdlib(raw))


# The builder writes a filename's `name=` parameter as it is, so a control character
# (a bare CR) would make a broken header line, which no mail client sends: names
# are printable text here; broken headers have examples of their own above.
FILENAME = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=20)


@settings(max_examples=100, deadline=None)
@given(body=st.text(max_size=200), names=st.lists(FILENAME, max_size=3),
       charset=st.sampled_from(["utf-8", "gb18030"]), line_ending=st.sampled_from([b"\r\n", b"\n"]))
def test_same_tree_for_built_messages(body, names, charset, line_ending):
    raw = build_message(subject="x", body=body, charset=charset, attachments=[
        Attachment(name, name.encode(), filename_charset=charset) for name in names])
    raw = raw.replace(b"\r\n", line_ending)

    assert tree(parse_message(raw)) == tree(stdlib(raw))


def test_forwarded_message_is_parsed_as_a_message():
    forwarded = [part for part in parse_message(FORWARDED).walk()
                 if part.get_content_type() == "message/rfc822"]

    assert len(forwarded) == 1
    assert forwarded[0].get_payload()[0]["Message-ID"] == "<1.20230928@mail.example.cn>"
