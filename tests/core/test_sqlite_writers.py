"""The embedded SQLite must take concurrent submissions without "database is locked"."""

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "sqlite_writers.py"


def test_concurrent_read_modify_write_transactions_neither_fail_nor_lose_updates():
    out = subprocess.run(
        [sys.executable, str(BENCH), "--writers", "6", "--transactions", "20", "--json"],
        capture_output=True, text=True, check=True, timeout=120,
    )
    figures = json.loads(out.stdout)
    assert figures == {**figures, "transactions": 120, "failed": 0, "lost_updates": 0}
