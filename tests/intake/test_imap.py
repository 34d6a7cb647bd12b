"""The IMAP mailbox against a real server (dovecot): each message read once,
nothing changed on the server, a renumbered folder read again without
counting anything twice."""

import json
from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from casebook.core.models import AuditEvent
from casebook.intake.imap import ImapMailbox, MailboxError, parse_imap_url
from casebook.intake.models import MailboxState
from casebook.intake.services import ingest
from casebook.intake.tasks import task_poll_mailboxes

from .pipeline import LATE, ON_TIME, SENT, submission

pytestmark = pytest.mark.django_db


def deliver(dovecot, user: str, *messages: bytes, folder: str = "INBOX", at: datetime = ON_TIME):
    """Messages put into the mailbox as the mail server delivers them (IMAP APPEND)."""
    client = dovecot.client(user)
    if not client.folder_exists(folder):
        client.create_folder(folder)
    for raw in messages:
        client.append(folder, raw, msg_time=at)
    client.logout()


def read(url: str) -> list:
    with ImapMailbox(parse_imap_url(url)) as mailbox:
        return list(mailbox)


def test_new_messages_are_read_once_and_the_mailbox_is_left_as_it_was(dovecot):
    user = dovecot.new_user()
    delivered = [submission(title="甲"), submission(title="乙")]
    deliver(dovecot, user, *delivered)
    url = dovecot.url(user)

    first = read(url)
    deliver(dovecot, user, submission(title="丙"))
    second = read(url)

    source = f"imap://{user}@127.0.0.1:{dovecot.port}/INBOX"
    assert [(m.source, m.source_key) for m in first] == [(source, "1"), (source, "2")]
    assert [m.source_key for m in second] == ["3"]
    assert first[0].location == f"{source};UID=1"
    assert first[0].arrived_at == ON_TIME
    assert [m.raw for m in first] == delivered
    state = MailboxState.objects.get(source=source)
    assert (state.last_uid, state.last_error) == (3, "")
    client = dovecot.client(user)
    client.select_folder("INBOX", readonly=True)
    flags = client.get_flags(client.search())
    assert len(flags) == 3
    assert all(b"\\Seen" not in f and b"\\Deleted" not in f for f in flags.values())


def test_a_message_taken_but_not_finished_is_read_again(dovecot):
    user = dovecot.new_user()
    deliver(dovecot, user, submission(title="甲"), submission(title="乙"))
    url = dovecot.url(user)

    with ImapMailbox(parse_imap_url(url)) as mailbox:
        for _message in mailbox:
            break  # the run dies while the first message is in hand

    assert [m.source_key for m in read(url)] == ["1", "2"]


def test_a_renumbered_folder_is_read_again_and_nothing_is_counted_twice(dovecot, yrd):
    user = dovecot.new_user()
    first, second = submission(title="甲案例"), submission(title="乙案例")
    deliver(dovecot, user, first, folder="申报邮件")
    url = dovecot.url(user, "申报邮件")
    outcomes = [ingest(raw_message=m, call=yrd).status for m in read(url)]
    client = dovecot.client(user)
    client.delete_folder("申报邮件")  # restored from a backup: new UIDVALIDITY, UIDs from 1
    client.logout()
    deliver(dovecot, user, first, second, folder="申报邮件")

    outcomes += [ingest(raw_message=m, call=yrd).status for m in read(url)]

    assert outcomes == ["accepted", "duplicate", "accepted"]
    assert yrd.cases.count() == 2
    event = AuditEvent.objects.get(action="intake.uidvalidity_changed")
    assert event.data["last_uid"] == 1
    assert event.data["before"] != event.data["after"]
    assert MailboxState.objects.get().last_uid == 2


def test_the_command_reads_the_configured_mailbox(dovecot, yrd, settings):
    user = dovecot.new_user()
    deliver(dovecot, user, submission(received=()), at=LATE)
    settings.INTAKE_IMAP_URL = dovecot.url(user)
    out = StringIO()

    call_command("intake", "--call", "yrd-health-4", "--imap", "--json", stdout=out, stderr=StringIO())
    call_command("intake", "--call", "yrd-health-4", "--imap", "--json", stdout=out, stderr=StringIO())

    [line] = [json.loads(text) for text in out.getvalue().splitlines()]
    assert (line["status"], line["case_number"]) == ("accepted", "YRD4-0001")
    assert line["source"] == f"imap://{user}@127.0.0.1:{dovecot.port}/INBOX;UID=1"
    # No Received header: the Date counts before the server's own arrival time.
    assert yrd.cases.get().submitted_at == SENT


def test_without_received_or_date_the_servers_arrival_time_counts(dovecot, yrd, settings):
    user = dovecot.new_user()
    deliver(dovecot, user, submission(received=(), date=None), at=LATE)
    settings.INTAKE_IMAP_URL = dovecot.url(user)

    call_command("intake", "--call", "yrd-health-4", "--imap", stdout=StringIO(), stderr=StringIO())

    case = yrd.cases.get()
    assert case.submitted_at == LATE
    assert case.problems.filter(code="late").exists()


def test_the_background_job_polls_the_mailbox_and_finds_the_call_by_address(dovecot, yrd, settings):
    user = dovecot.new_user()
    deliver(dovecot, user, submission(to="ioh@sjtu.edu.cn"))
    settings.INTAKE_IMAP_URL = dovecot.url(user)

    task_poll_mailboxes.call_local()

    assert yrd.cases.count() == 1


def test_the_background_job_does_nothing_without_a_mailbox(yrd, settings):
    settings.INTAKE_IMAP_URL = ""

    task_poll_mailboxes.call_local()

    assert not MailboxState.objects.exists()


def test_a_wrong_password_is_said_in_chinese_and_kept_on_the_mailbox(dovecot):
    user = dovecot.new_user()
    url = dovecot.url(user, password="wrong")

    with pytest.raises(MailboxError, match=r"无法读取邮箱 imap://.*：用户名或密码不正确"):
        read(url)
    assert "用户名或密码不正确" in MailboxState.objects.get().last_error


def test_imaps_with_the_secretariats_own_certificate_authority(dovecot, settings):
    if dovecot.certificate is None:
        pytest.skip("需要 openssl 生成测试证书")
    user = dovecot.new_user()
    deliver(dovecot, user, submission())
    settings.INTAKE_IMAP_CAFILE = str(dovecot.certificate)

    messages = read(f"imaps://{user}:secret-for-tests@127.0.0.1:{dovecot.ssl_port}/INBOX")

    assert len(messages) == 1


def test_a_mailbox_url_names_its_parts():
    config = parse_imap_url("imaps://intake%40example.cn:p%40ss@mail.example.cn/%E7%94%B3%E6%8A%A5")

    assert (config.host, config.port, config.ssl, config.user, config.password, config.folder) == (
        "mail.example.cn", 993, True, "intake@example.cn", "p@ss", "申报")
    assert config.source == "imaps://intake@example.cn@mail.example.cn:993/申报"
    with pytest.raises(MailboxError, match="邮箱地址“pop3://u:\\*\\*\\*@host”的格式不对"):
        parse_imap_url("pop3://u:pw@host")
