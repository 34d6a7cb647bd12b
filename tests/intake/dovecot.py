"""A real IMAP server for the tests: Debian's dovecot-imapd, run unprivileged
on a free port with a throwaway configuration, a static password for every
user and Maildirs in a temporary folder. When the tests run as root (CI
containers), dovecot runs as `nobody`, since it refuses to log users in as root.

Each test uses a mailbox user of its own, so tests share one server.
"""

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from imapclient import IMAPClient

PASSWORD = "secret-for-tests"
CONFIG = """
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = {ssl}
{ssl_files}
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {user}
default_internal_user = {user}
default_internal_group = {group}
first_valid_uid = 1
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = {ssl_port}
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
service stats {{
  chroot =
  unix_listener stats-reader {{
    mode = 0600
  }}
  unix_listener stats-writer {{
    mode = 0600
  }}
}}
"""
_users = itertools.count(1)


@dataclass
class Dovecot:
    root: Path
    port: int
    ssl_port: int
    certificate: Path | None

    def new_user(self) -> str:
        return f"intake{next(_users)}"

    def url(self, user: str, folder: str = "INBOX", *, password: str = PASSWORD) -> str:
        return f"imap://{user}:{password}@127.0.0.1:{self.port}/{folder}"

    def client(self, user: str) -> IMAPClient:
        """How a mail client (or the mail server's delivery) sees the mailbox."""
        client = IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=10)
        client.login(user, PASSWORD)
        return client


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, log: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    text = log.read_text() if log.exists() else ""
    pytest.fail(f"dovecot did not start on port {port}:\n{text}")


def _certificate(root: Path) -> Path | None:
    """A self-signed certificate for 127.0.0.1, to test imaps:// with a private CA file."""
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    key, cert = root / "key.pem", root / "cert.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert


@pytest.fixture(scope="session")
def dovecot():
    binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
    if not os.path.exists(binary):
        pytest.skip("需要 IMAP 服务器 dovecot（Debian 软件包 dovecot-imapd）")
    root = Path(tempfile.mkdtemp(prefix="casebook-dovecot-"))
    account = pwd.getpwnam("nobody") if os.geteuid() == 0 else pwd.getpwuid(os.getuid())
    certificate = _certificate(root)
    port, ssl_port = _free_port(), _free_port() if certificate else 0
    ssl_files = (f"ssl_cert = <{certificate}\nssl_key = <{root / 'key.pem'}" if certificate else "")
    (root / "dovecot.conf").write_text(CONFIG.format(
        root=root, user=account.pw_name, group=_group(account.pw_gid), uid=account.pw_uid,
        gid=account.pw_gid, port=port, ssl_port=ssl_port, password=PASSWORD,
        ssl="yes" if certificate else "no", ssl_files=ssl_files))
    for path in [root, *root.iterdir()]:
        os.chown(path, account.pw_uid, account.pw_gid)
    unprivileged = ({"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}
                    if os.geteuid() == 0 else {})
    process = subprocess.Popen([binary, "-F", "-c", str(root / "dovecot.conf")], **unprivileged,
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        _wait_for(port, root / "dovecot.log", process)
        yield Dovecot(root, port, ssl_port, certificate)
    finally:
        process.terminate()
        process.wait(timeout=15)
        shutil.rmtree(root, ignore_errors=True)


def _group(gid: int) -> str:
    import grp

    return grp.getgrgid(gid).gr_name
