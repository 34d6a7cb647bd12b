"""Messages are read from .eml files, Maildirs, mbox files and folders of
these, byte for byte, each named by where it was found."""

import mailbox
import re
from pathlib import Path

import pytest

from casebook.intake.sources import SourceError, find_messages, read_messages

from .mails import build_message


def mail(n: int, body: str = "附件是申报书，请查收。") -> bytes:
    return build_message(subject=f"健康驿站{n}+上海市浦江区卫生健康委员会", body=body,
                         message_id=f"<{n}@example.cn>", body_encoding="8bit")


def make_maildir(path: Path, new=(), seen=()) -> Path:
    """A Maildir as a delivery agent and a mail client leave it: new mail in
    new/, mail already looked at in cur/ with its flags (:2,S)."""
    for part in ("cur", "new", "tmp"):
        (path / part).mkdir(parents=True, exist_ok=True)
    for n, raw in enumerate(new):
        (path / "new" / f"16958673{n:02d}.M{n}P101.mx.example.cn").write_bytes(raw)
    for n, raw in enumerate(seen):
        (path / "cur" / f"16958674{n:02d}.M{n}P102.mx.example.cn:2,S").write_bytes(raw)
    return path


def make_mbox(path: Path, messages) -> Path:
    box = mailbox.mbox(path, create=True)
    for raw in messages:
        box.add(raw)
    box.flush()
    box.close()
    return path


def test_an_eml_file_is_one_message_byte_for_byte(tmp_path):
    path = tmp_path / "申报.eml"
    path.write_bytes(mail(1))

    [message] = read_messages([path])

    assert (message.source, message.source_key, message.raw) == (f"eml:{path}", "", mail(1))
    assert message.location == str(path)


def test_a_maildir_gives_new_and_seen_mail_but_not_deliveries_in_progress(tmp_path):
    make_maildir(tmp_path / "Maildir", new=[mail(1)], seen=[mail(2)])
    (tmp_path / "Maildir" / "tmp" / "1700000000.half-written").write_bytes(b"From: x")

    messages = list(read_messages([tmp_path / "Maildir"]))

    assert [m.raw for m in messages] == [mail(1), mail(2)]
    assert {m.source for m in messages} == {f"maildir:{tmp_path / 'Maildir'}"}
    assert messages[0].source_key.startswith("new/")
    assert messages[1].source_key.startswith("cur/") and messages[1].source_key.endswith(":2,S")
    assert Path(messages[1].location).read_bytes() == mail(2)


def test_an_mbox_gives_each_message_numbered_with_from_lines_in_bodies_intact(tmp_path):
    tricky = mail(2, body="From the community health centre:\n附件是申报书。")
    path = make_mbox(tmp_path / "export.mbox", [mail(1), tricky, mail(3)])

    messages = list(read_messages([path]))

    assert [m.source_key for m in messages] == ["1", "2", "3"]
    assert [m.location for m in messages] == [f"{path}#1", f"{path}#2", f"{path}#3"]
    assert b"Message-ID: <2@example.cn>" in messages[1].raw
    # Kept as the mbox writer escaped it (>From), not taken for the next message.
    assert b"\n>From the community health centre:" in messages[1].raw


def test_a_folder_is_searched_for_all_of_these_and_other_files_are_passed_over(tmp_path):
    (tmp_path / "a.eml").write_bytes(mail(1))
    make_maildir(tmp_path / "2023" / "inbox", new=[mail(2)])
    make_mbox(tmp_path / "2023" / "归档.mbox", [mail(3), mail(4)])
    (tmp_path / "2023" / "说明.txt").write_text("这里是邮件导出", encoding="utf-8")
    (tmp_path / "noext").write_bytes(mail(5))  # a message file without a suffix
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    skipped = []

    found = find_messages([tmp_path], skipped=skipped)

    assert [(e.source.split(":")[0], message_id(e.read().raw)) for e in found] == [
        ("maildir", "<2@example.cn>"), ("mbox", "<3@example.cn>"), ("mbox", "<4@example.cn>"),
        ("eml", "<1@example.cn>"), ("eml", "<5@example.cn>")]
    assert skipped == [tmp_path / "2023" / "说明.txt"]


def message_id(raw: bytes) -> str:
    return re.search(rb"Message-ID: (<[^>]+>)", raw).group(1).decode()


def test_a_missing_path_is_named(tmp_path):
    with pytest.raises(SourceError, match=r"无法读取“.*没有这个文件夹”：没有这个文件或文件夹"):
        find_messages([tmp_path / "没有这个文件夹"])


def test_a_named_file_that_is_no_mail_is_refused(tmp_path):
    path = tmp_path / "申报书.pdf"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    with pytest.raises(SourceError, match=r"不是邮件文件（\.eml）、mbox 文件或 Maildir 文件夹。"):
        find_messages([path])


def test_an_empty_mbox_has_no_messages(tmp_path):
    (tmp_path / "empty.mbox").write_bytes(b"")

    assert find_messages([tmp_path / "empty.mbox"]) == []
