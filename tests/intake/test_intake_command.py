"""`casebook intake --call SLUG --json PATH...`: the contract scripts rely on."""

import fcntl
import json
import os
import pty
import struct
import termios
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from casebook.intake.models import InboundMessage

from .pipeline import TITLE, UNIT, photo, submission
from .test_sources import make_maildir

pytestmark = pytest.mark.django_db

CONTRACT_KEYS = {"source", "message_id", "status", "case_number", "title", "unit", "sections",
                 "attachments", "reason"}


def intake(*args: str) -> tuple[list[dict], str]:
    out, err = StringIO(), StringIO()
    call_command("intake", *args, stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


@pytest.fixture
def maildir(tmp_path):
    """A unit's case, another unit's case, then new photos for the first case,
    and a message no case can be made of."""
    return make_maildir(tmp_path / "Maildir", new=[
        submission(message_id="<1@pjwjw.example.cn>"),
        submission(title="医防融合慢病管理", unit="上海市松江区卫生健康委员会",
                   message_id="<2@sj.example.cn>"),
        submission(attachments=[photo(4)], message_id="<3@pjwjw.example.cn>"),
        submission(subject="咨询", attachments=[], body="请问申报截止时间？", message_id="<4@example.cn>"),
    ])


def test_one_json_line_per_message_with_the_contracts_keys(yrd, maildir):
    lines, err = intake("--call", "yrd-health-4", "--json", str(maildir))

    assert [set(line) for line in lines] == [CONTRACT_KEYS] * 4
    assert [(line["status"], line["case_number"]) for line in lines] == [
        ("accepted", "YRD4-0001"), ("accepted", "YRD4-0002"), ("updated", "YRD4-0001"),
        ("quarantined", None)]
    first = lines[0]
    assert first["source"].startswith(f"{maildir}/new/")
    assert (first["message_id"], first["title"], first["unit"]) == ("1@pjwjw.example.cn", TITLE, UNIT)
    assert first["sections"] == {"background": 103, "measures": 123, "outcomes": 93, "outlook": 64}
    assert [a["filename"] for a in first["attachments"]] == ["案例申报书.docx", "现场照片1.jpg",
                                                            "现场照片2.jpg"]
    assert lines[3]["reason"].startswith("邮件中没有找到案例申报书")
    assert err == "共 4 封邮件：已受理 2、已补充材料 1、待人工处理 1。\n"


def test_running_again_on_the_same_input_accepts_nothing_twice(yrd, maildir):
    intake("--call", "yrd-health-4", "--json", str(maildir))

    again, err = intake("--call", "yrd-health-4", "--json", str(maildir))

    assert [line["status"] for line in again] == ["duplicate"] * 4
    assert [line["case_number"] for line in again] == ["YRD4-0001", "YRD4-0002", "YRD4-0001", None]
    assert yrd.cases.count() == 2
    assert InboundMessage.objects.count() == 4
    assert err == "共 4 封邮件：重复邮件 4。\n"


def test_without_json_a_line_for_people(yrd, maildir):
    out = StringIO()
    call_command("intake", "--call", "yrd-health-4", str(maildir), stdout=out, stderr=StringIO())

    assert out.getvalue().splitlines()[0] == f"已受理  YRD4-0001  {TITLE}  {UNIT}"


def test_an_unknown_call_exits_2_with_the_reason(yrd, maildir):
    with pytest.raises(CommandError, match="没有找到评选活动“nope”。") as raised:
        intake("--call", "nope", "--json", str(maildir))
    assert raised.value.returncode == 2


def test_an_unreadable_path_exits_2_before_anything_is_stored(yrd, maildir, tmp_path):
    with pytest.raises(CommandError, match=r"无法读取“.*missing”") as raised:
        intake("--call", "yrd-health-4", "--json", str(maildir), str(tmp_path / "missing"))
    assert raised.value.returncode == 2
    assert not InboundMessage.objects.exists()


def test_paths_or_the_mailbox(yrd):
    with pytest.raises(CommandError, match="二者选一") as raised:
        intake("--call", "yrd-health-4", "--json")
    assert raised.value.returncode == 2


def test_the_mailbox_must_be_configured(yrd, settings):
    settings.INTAKE_IMAP_URL = ""

    with pytest.raises(CommandError, match="没有配置申报邮箱：请设置 INTAKE_IMAP_URL") as raised:
        intake("--call", "yrd-health-4", "--imap")
    assert raised.value.returncode == 2


def test_a_progress_bar_on_a_terminal_and_only_there(yrd, maildir):
    master, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 100 columns
    out = StringIO()
    with os.fdopen(terminal, "w", encoding="utf-8") as stderr:
        call_command("intake", "--call", "yrd-health-4", "--json", str(maildir), stdout=out,
                     stderr=stderr)
    shown = read_all(master).decode("utf-8")

    assert "4/4" in shown and "封" in shown
    assert "共 4 封邮件" in shown
    assert [json.loads(line)["status"] for line in out.getvalue().splitlines()] == [
        "accepted", "accepted", "updated", "quarantined"]


def read_all(master: int) -> bytes:
    """What the terminal received, once its writer has closed it."""
    received = b""
    try:
        while chunk := os.read(master, 65536):
            received += chunk
    except OSError:  # EIO: the other side is closed and everything is read
        pass
    finally:
        os.close(master)
    return received


@pytest.mark.django_db(transaction=True)  # the scan is queued when each case's transaction commits
def test_one_near_duplicate_scan_for_the_whole_run(yrd, maildir):
    from casebook.core.models import AuditEvent

    intake("--call", "yrd-health-4", "--json", str(maildir))

    scans = AuditEvent.objects.filter(action="integrity.scanned")
    assert [scan.data["cases"] for scan in scans] == [2]
