"""A `casebook intake` run killed at any point (SIGKILL, mid-transaction) and run
again loses nothing and counts nothing twice: every message ends settled, the
call has exactly one case per submission, numbered without gaps or repeats.

Runs the installed entry point in subprocesses on a file-based SQLite database,
and on a fresh PostgreSQL database too when DATABASE_URL names a server.
"""

import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.utils import timezone

from casebook.intake.models import InboundMessage
from casebook.intake.services import receive_raw
from casebook.intake.tasks import finish_abandoned

from .pipeline import numbered_submission, photo, submission
from .test_sources import make_maildir

ROOT = Path(__file__).resolve().parents[2]
NEW_CASES = 24
UPDATES = (2, 9, 17)  # new photos for these cases
COPIES = (4, 11, 20)  # the same bytes again under another file name
# Kill the run this many JSON lines in, a moment later: mostly mid-message.
KILL_AFTER_LINES = (1, 6, 13, 19)
# Beyond these, a message killed every time would be set aside (services.MAX_ATTEMPTS).
assert len(KILL_AFTER_LINES) < 5


def messages() -> list[bytes]:
    unit = "上海市示例区卫生健康委员会"
    batch = [numbered_submission(n, unit=unit) for n in range(NEW_CASES)]
    batch += [submission(title=f"社区健康治理创新实践{n:04d}", unit=unit, attachments=[photo(40 + n)],
                         message_id=f"<update-{n}@example.cn>") for n in UPDATES]
    batch += [batch[n] for n in COPIES]
    return batch


class Site:
    """One casebook installation: a data folder and a database."""

    def __init__(self, data_dir: Path, database_url: str):
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings",
                    "CASEBOOK_DATA_DIR": str(data_dir), "DATABASE_URL": database_url,
                    "PYTHONPATH": str(ROOT), "JOB_BACKEND": "inprocess"}

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "casebook.cli", *args]

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(self.command(*args), cwd=ROOT, env=self.env, capture_output=True,
                              text=True, timeout=600, check=True)

    def intake_killed(self, maildir: Path, *, after_lines: int, rng: random.Random) -> int:
        """Start the intake and SIGKILL it a moment after its `after_lines`-th line."""
        process = subprocess.Popen(self.command("intake", "--call", "yrd-health-4", "--json",
                                                str(maildir)),
                                   cwd=ROOT, env=self.env, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, text=True)
        seen = 0
        while seen < after_lines and process.stdout.readline():
            seen += 1
        time.sleep(rng.uniform(0, 0.05))
        process.send_signal(signal.SIGKILL)
        process.wait()
        process.stdout.close()
        return seen

    def intake(self, maildir: Path) -> list[dict]:
        out = self.run("intake", "--call", "yrd-health-4", "--json", str(maildir)).stdout
        return [json.loads(line) for line in out.splitlines()]

    def facts(self) -> dict:
        script = (
            "import json\n"
            "from collections import Counter\n"
            "from casebook.calls.models import Call\n"
            "from casebook.intake.models import InboundMessage\n"
            "from casebook.notifications.models import Notification\n"
            "from casebook.submissions.models import Attachment\n"
            "call = Call.objects.get(slug='yrd-health-4')\n"
            "print(json.dumps({\n"
            "  'numbers': sorted(call.cases.values_list('number', flat=True)),\n"
            "  'titles': call.cases.values('title').distinct().count(),\n"
            "  'messages': dict(Counter(InboundMessage.objects.values_list('status', flat=True))),\n"
            "  'attachments': Attachment.objects.filter(case__call=call).count(),\n"
            "  'replies': Notification.objects.filter(key__startswith='intake-reply:').count(),\n"
            "  'interrupted': InboundMessage.objects.filter(attempts__gt=1).count(),\n"
            "}))\n"
        )
        # The last line: Django 5.2's shell first says what it imported.
        return json.loads(self.run("shell", "-c", script).stdout.splitlines()[-1])


def kill_and_resume(site: Site, maildir: Path) -> None:
    site.run("migrate", "--verbosity", "0")
    site.run("seed", "--original-timeline")
    rng = random.Random(4)
    for lines in KILL_AFTER_LINES:
        site.intake_killed(maildir, after_lines=lines, rng=rng)

    final = site.intake(maildir)
    again = site.intake(maildir)

    total = NEW_CASES + len(UPDATES) + len(COPIES)
    assert len(final) == total
    assert {line["status"] for line in final} <= {"accepted", "updated", "duplicate"}
    assert [line["status"] for line in again] == ["duplicate"] * total
    facts = site.facts()
    assert facts["interrupted"] >= 1  # some kill did land mid-message
    assert facts["numbers"] == [f"YRD4-{n:04d}" for n in range(1, NEW_CASES + 1)]
    assert facts["titles"] == NEW_CASES
    assert facts["messages"] == {"accepted": NEW_CASES, "updated": len(UPDATES)}
    assert facts["attachments"] == NEW_CASES * 3 + len(UPDATES)
    assert facts["replies"] == NEW_CASES + len(UPDATES)
    by_title = {line["title"]: line["case_number"] for line in again}
    assert len(set(by_title.values())) == NEW_CASES


@pytest.fixture
def maildir(tmp_path):
    return make_maildir(tmp_path / "Maildir", new=messages())


def test_killed_runs_on_sqlite_lose_nothing_and_count_nothing_twice(tmp_path, maildir):
    site = Site(tmp_path / "data", f"sqlite:///{tmp_path / 'casebook.sqlite3'}")

    kill_and_resume(site, maildir)


@pytest.mark.postgres
def test_killed_runs_on_postgresql_lose_nothing_and_count_nothing_twice(tmp_path, maildir):
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith(("postgres://", "postgresql://")):
        pytest.skip("DATABASE_URL names no PostgreSQL server")
    import psycopg

    name = f"casebook_crash_{os.getpid()}"
    admin = psycopg.connect(server, autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        kill_and_resume(Site(tmp_path / "data", urlunsplit(urlsplit(server)._replace(path=f"/{name}"))),
                        maildir)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.mark.django_db
def test_the_background_job_finishes_what_a_dead_process_left_pending(yrd):
    left, _ = receive_raw(raw=submission(title="甲案例"), source="maildir:/srv/mail", call=yrd)
    in_hand, _ = receive_raw(raw=submission(title="乙案例"), source="maildir:/srv/mail", call=yrd)
    InboundMessage.objects.filter(pk=left.pk).update(updated_at=timezone.now() - timedelta(minutes=11))

    assert finish_abandoned() == 1

    left.refresh_from_db()
    in_hand.refresh_from_db()
    assert (left.status, left.case.title) == ("accepted", "甲案例")
    assert in_hand.status == "pending"  # may still be another process's
