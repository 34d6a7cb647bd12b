"""When a message reached the mailbox: the newest Received header, else Date."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from casebook.intake.decoding import decode_message
from casebook.intake.headers import parse_mail_date
from tests.intake.mails import build_message

CHINA = timezone(timedelta(hours=8))
SENT = datetime(2023, 9, 30, 23, 50, tzinfo=CHINA)


def test_newest_received_header_wins_over_date_and_older_hops():
    arrived = datetime(2023, 10, 1, 0, 5, tzinfo=CHINA)  # after the deadline, sent before it
    raw = build_message(subject="x", date=SENT, received=[arrived, SENT + timedelta(minutes=1)])

    assert decode_message(raw).received_at == arrived


def test_date_is_used_without_received_headers():
    assert decode_message(build_message(subject="x", date=SENT)).received_at == SENT


def test_unreadable_newest_received_falls_back_to_the_next_one():
    raw = build_message(subject="x", date=SENT, received=["garbage", "Sun, 1 Oct 2023 00:01:00 +0800"])

    decoded = decode_message(raw)

    assert decoded.received_at == datetime(2023, 10, 1, 0, 1, tzinfo=CHINA)
    assert "最新的 Received 头没有可识别的日期，改用更早的一个" in decoded.notes


def test_received_headers_without_dates_fall_back_to_date_with_a_note():
    raw = build_message(subject="x", date=SENT, received=["garbage"])

    decoded = decode_message(raw)

    assert decoded.received_at == SENT
    assert "Received 头没有可识别的日期，改用 Date 头" in decoded.notes


def test_date_without_zone_is_taken_as_beijing_time_and_noted():
    raw = build_message(subject="x", date="Sat, 30 Sep 2023 23:50:00")

    decoded = decode_message(raw)

    assert decoded.received_at == SENT
    assert decoded.received_at.utcoffset() == timedelta(hours=8)
    assert "日期：日期未注明时区，按北京时间（+0800）计" in decoded.notes


def test_garbage_date_gives_none_and_a_note():
    decoded = decode_message(build_message(subject="x", date="下周一"))

    assert decoded.received_at is None
    assert "日期：无法识别的日期“下周一”" in decoded.notes


def test_missing_date_gives_none_and_a_note():
    decoded = decode_message(build_message(subject="x", date=None))

    assert decoded.received_at is None
    assert "邮件没有日期" in decoded.notes


@pytest.mark.parametrize(("text", "expected", "note"), [
    ("Sat, 30 Sep 2023 23:50:00 +0800 (CST)", SENT, ""),
    ("30 Sep 2023 15:50:00 GMT", SENT, ""),
    ("Sat, 30 Sep 2023 15:50:00 -0000", datetime(2023, 9, 30, 15, 50, tzinfo=UTC), ""),
    ("2023-09-30 23:50:00", SENT, "日期未注明时区，按北京时间（+0800）计"),
    ("2023年9月30日 23:50", SENT, "日期未注明时区，按北京时间（+0800）计"),
    ("2023-09-30T15:50:00Z", SENT, ""),
    ("Sat, 30 Sep 2023 23:50:00 +9900", None, "无法识别的日期“Sat, 30 Sep 2023 23:50:00 +9900”"),
    ("Mon, 31 Feb 2023 10:00:00 +0800", None, "无法识别的日期“Mon, 31 Feb 2023 10:00:00 +0800”"),
    ("Thu, 01 Jan 1970 00:00:00 +0000", None, "无法识别的日期“Thu, 01 Jan 1970 00:00:00 +0000”"),
])
def test_parse_mail_date(text, expected, note):
    moment, said = parse_mail_date(text)

    assert moment == expected
    assert said == note
    assert moment is None or moment.tzinfo is not None
