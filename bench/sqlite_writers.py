"""Concurrent writers on the embedded SQLite database.

Starts W processes that each run T read-modify-write transactions (read a
counter, think, write it back), the shape of a quota check, against one SQLite
file. Prints how many transactions failed with "database is locked" and
whether any update was lost, for casebook's SQLite options and for Django's
stock ones.

    python bench/sqlite_writers.py [--writers 8] [--transactions 50] [--json]
"""

import argparse
import json
import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path

STOCK_OPTIONS: dict = {"timeout": 5}


def casebook_options() -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import os

    os.environ.setdefault("SECRET_KEY", "bench")
    from casebook.settings import SQLITE_OPTIONS

    return SQLITE_OPTIONS


def _writer(path: str, options: dict, transactions: int, start, results) -> None:
    import django
    from django.conf import settings

    settings.configure(DATABASES={"default": {
        "ENGINE": "django.db.backends.sqlite3", "NAME": path, "OPTIONS": options}})
    django.setup()
    from django.db import OperationalError, connection, transaction

    failed = 0
    start.wait()
    for _ in range(transactions):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT value FROM counter")
                (value,) = cursor.fetchone()
                time.sleep(0.001)  # the check between read and write
                cursor.execute("UPDATE counter SET value = %s", [value + 1])
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            failed += 1
    results.put(failed)


def run(options: dict, *, writers: int, transactions: int) -> dict:
    import sqlite3

    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "bench.sqlite3")
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE counter (value INTEGER)")
            db.execute("INSERT INTO counter VALUES (0)")
        ctx = mp.get_context("spawn")
        start, results = ctx.Event(), ctx.Queue()
        procs = [ctx.Process(target=_writer, args=(path, options, transactions, start, results))
                 for _ in range(writers)]
        for p in procs:
            p.start()
        time.sleep(1.0)  # let every process import Django before the race starts
        began = time.perf_counter()
        start.set()
        failed = sum(results.get() for _ in procs)
        seconds = time.perf_counter() - began
        for p in procs:
            p.join()
        with sqlite3.connect(path) as db:
            (counter,) = db.execute("SELECT value FROM counter").fetchone()
    total = writers * transactions
    return {"transactions": total, "failed": failed, "failed_pct": round(100 * failed / total, 1),
            "lost_updates": total - failed - counter, "seconds": round(seconds, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--transactions", type=int, default=50)
    parser.add_argument("--json", action="store_true", help="casebook options only, one JSON line")
    args = parser.parse_args()
    ours = run(casebook_options(), writers=args.writers, transactions=args.transactions)
    if args.json:
        print(json.dumps(ours))
        return
    stock = run(STOCK_OPTIONS, writers=args.writers, transactions=args.transactions)
    for name, figures in [("django stock", stock), ("casebook", ours)]:
        print(f"{name:>12}: {figures['transactions']} transactions, {figures['failed']} failed "
              f"({figures['failed_pct']} %), {figures['lost_updates']} lost updates, "
              f"{figures['seconds']} s")


if __name__ == "__main__":
    main()
