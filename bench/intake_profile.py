"""Where an inbound message's time goes: SQL statements and CPU of the webhook's transaction and
of intake (`accept_inbound`), for a new conversation and for a follow-up, in process.

    .venv/bin/python bench/intake_profile.py [--messages 300] [--postgres] [--profile]

A temporary SQLite database (or, with --postgres, a database of its own on the tests' server,
dropped afterwards), the example lanes file, a fixed clock. Counts statements with
SQLAlchemy's `before_cursor_execute` hook, times each step, and with --profile prints the
top of a cProfile of the new conversations.
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import os
import pstats
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from sqlalchemy import event  # noqa: E402

from bot.clock import FixedClock  # noqa: E402
from bot.conversations import ingest  # noqa: E402
from bot.lanes import load_lanes  # noqa: E402
from bot.store.db import Database  # noqa: E402
from bot.store.migrate import upgrade  # noqa: E402
from bot.whatsapp.inbound import parse_inbound  # noqa: E402
from tests.builders import inbound_form  # noqa: E402

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PG_NAME = f"wa_bench_intake_{os.getpid()}"
BODY = "Hi, what is the price of a campaign for 3 months?"


def admin(statement: str) -> None:
    engine = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(statement))
    engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="wa-intake-"))
    if args.postgres:
        admin(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
        admin(f'CREATE DATABASE "{PG_NAME}"')
        url = POSTGRES_URL.rsplit("/", 1)[0] + "/" + PG_NAME
    else:
        url = f"sqlite:///{tmp / 'intake.db'}"
    upgrade(url)
    db, lanes, clock = Database(url), load_lanes(ROOT / "lanes.example.toml"), FixedClock()
    statements: Counter[str] = Counter()
    sids = itertools.count(1)
    phase = ["setup"]

    @event.listens_for(db.engine, "before_cursor_execute")
    def count(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        statements[phase[0]] += 1

    def forms(n: int, start: int) -> list[dict[str, str]]:
        return [inbound_form(BODY, sender=f"+9715{start + k:08d}", sid=f"SM{next(sids):032x}") for k in range(n)]

    def run(name: str, batch: list[dict[str, str]], profiler: cProfile.Profile | None = None, limit: int = 1) -> None:
        messages = [parse_inbound(form) for form in batch]
        phase[0] = f"{name}: webhook"
        t0 = time.perf_counter()
        for form, message in zip(batch, messages):
            db.transaction(lambda session: ingest.receive(session=session, message=message, form=form,
                                                          now=clock.now()))
        t1 = time.perf_counter()
        phase[0] = f"{name}: intake"
        if profiler:
            profiler.enable()
        while ingest.drain(db=db, lanes=lanes, clock=clock, limit=limit):
            pass
        if profiler:
            profiler.disable()
        t2 = time.perf_counter()
        n = len(batch)
        print(f"{name:<14} webhook {1000 * (t1 - t0) / n:6.2f} ms, {statements[f'{name}: webhook'] / n:4.1f} statements"
              f" | intake {1000 * (t2 - t1) / n:6.2f} ms, {statements[f'{name}: intake'] / n:4.1f} statements"
              f" ({limit} sender(s) per intake transaction)")

    run("warm-up", forms(20, 900000))
    profiler = cProfile.Profile() if args.profile else None
    run("new", forms(args.messages, 0), profiler)
    run("follow-up", forms(args.messages, 0))
    run("new, batched", forms(args.messages, 10000), limit=ingest.BATCH)
    run("follow, batched", forms(args.messages, 10000), limit=ingest.BATCH)
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    db.dispose()
    if args.postgres:
        admin(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
