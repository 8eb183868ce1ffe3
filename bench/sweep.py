"""Sweep bench: does the timer sweep cost the same with 100,000 open conversations as with 1,000?

    .venv/bin/python bench/sweep.py [--postgres-only | --sqlite-only]

For SQLite (temporary files) and PostgreSQL (databases of its own, wa_bench_sweep_<pid>_1000 and
wa_bench_sweep_<pid>_100000, created on the server of the `test` database and dropped at the end):
- Two stores per database kind, one per size, each `upgrade(url)`ed then bulk-loaded (executemany on
  SQLite, COPY on PostgreSQL, then ANALYZE as autovacuum would) with contacts and OPEN conversations:
  status "unclaimed", no owner, lanes of tests/conftest.py's LANES given claim_within 15m and 2
  re-pings. The same 100 rows (ids 10, 20 … 1,000) are due in both ("claim", 1-100 min ago); every
  other row is due in the future (1 h to 30 days).
- Each store gets a fresh `build_deps` with a FixedClock at NOW and Slack/Twilio URLs on
  127.0.0.1:9 (never called: the sweep only writes rows and outbox jobs). One untimed warm-up sweep
  each, then ROUNDS timed `sweep(deps)` per size, alternating between the sizes so that whatever
  else runs on the machine weighs on both alike. Before every sweep the 100 due rows are re-armed
  (next_due_at, due_kind, ping_count put back) and the outbox jobs and events written are deleted.
  Each sweep re-pings the 100 (1 event + 1 outbox note each, next claim in 15 working minutes) and
  must report 100 handled. The due query alone (`due_now`, as the sweep calls it) is timed too.

How to read it: "sweep at 100,000 / at 1,000" near 1.0 means the sweep's cost follows the number
of due rows, not the number of open conversations (the next_due_at index does its job). Medians,
in the same run; the ratio of the minimums is printed too (less sensitive to a busy machine). The
plan printed is that of the exact due query the sweep sent (EXPLAIN on PostgreSQL, EXPLAIN QUERY
PLAN on SQLite) at 100,000 open: it should name ix_conversation_next_due_at. At 1,000 open the
PostgreSQL planner may prefer a bitmap scan and a sort; that plan is shown when it differs.
Exits 1 only if the bench could not run (no PostgreSQL, a failed migration, a sweep that did not
handle the 100).
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: make `bot` and `tests` importable

import sqlalchemy as sa  # noqa: E402
from sqlmodel import SQLModel  # noqa: E402

from bot.clock import FixedClock  # noqa: E402
from bot.deps import Deps, build_deps  # noqa: E402
from bot.lanes import LanesConfig, parse_lanes  # noqa: E402
from bot.store.db import Database  # noqa: E402
from bot.store.migrate import upgrade  # noqa: E402
import bot.store.models  # noqa: E402,F401 - registers the tables on SQLModel.metadata
from query_plan import query_plan  # noqa: E402 - bench/query_plan.py, beside this script
from bot.timers.jobs import sweep  # noqa: E402
from bot.conversations.schedule import due_now  # noqa: E402
from tests.conftest import LANES, make_settings  # noqa: E402

ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)  # a Sunday, 13:00 in Dubai: working hours
SMALL, LARGE, DUE = 1_000, 100_000, 100
ROUNDS, QUERY_ROUNDS, CHUNK = 25, 30, 5_000
DUE_IDS = [10 * k for k in range(1, DUE + 1)]  # every 10th of the first 1,000: ids 10 … 1,000
UNUSED = "http://127.0.0.1:9"  # discard port: nothing listens, nothing is sent


def bench_lanes() -> LanesConfig:
    """tests/conftest.py's lanes, with a claim ladder (15 min, 2 re-pings) so due rows re-ping."""
    config: dict[str, Any] = copy.deepcopy(LANES)
    for lane in config["lanes"]:
        lane.update(claim_within="15m", repings=2)
    return parse_lanes(config)


def due_at(conv_id: int) -> datetime:
    return NOW - timedelta(minutes=1 + DUE_IDS.index(conv_id))


def contact_rows(first: int, last: int) -> list[dict[str, Any]]:
    return [{"id": i, "wa_id": f"+9715{i:08d}", "phone_e164": f"+9715{i:08d}", "country": "AE",
             "profile_name": f"Bench {i}", "opted_out": False, "created_at": NOW - timedelta(days=2)}
            for i in range(first, last + 1)]


def conversation_rows(first: int, last: int, lanes: LanesConfig) -> list[dict[str, Any]]:
    due, rows = set(DUE_IDS), []
    for i in range(first, last + 1):
        lane = lanes.lanes[i % len(lanes.lanes)]
        when = due_at(i) if i in due else NOW + timedelta(hours=1, minutes=(i * 7919) % (30 * 24 * 60 - 60))
        rows.append({"id": i, "contact_id": i, "open_key": i, "lane": lane.name, "channel": lane.channel,
                     "thread_ts": f"{1763800000 + i}.000100", "status": "unclaimed", "route_reason": "bench",
                     "created_at": NOW - timedelta(hours=1), "last_inbound_at": NOW - timedelta(hours=1),
                     "next_due_at": when, "due_kind": "claim", "ping_count": 0, "reassign_count": 0})
    return rows


def load(db: Database, first: int, last: int, lanes: LanesConfig) -> float:
    """Insert contacts and open conversations first..last (ids); seconds taken (ANALYZE included)."""
    t0 = time.perf_counter()
    contacts, conversations = contact_rows(first, last), conversation_rows(first, last, lanes)
    if db.is_postgres:
        with db.engine.begin() as conn:
            driver = conn.connection.driver_connection
            assert driver is not None
            cursor = driver.cursor()
            for table_name, rows in (("contact", contacts), ("conversation", conversations)):
                columns = list(rows[0])
                with cursor.copy(f"COPY {table_name} ({', '.join(columns)}) FROM STDIN") as copy_in:
                    for row in rows:
                        copy_in.write_row([row[c] for c in columns])
                conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table_name}', 'id'), {last})")
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE contact, conversation")
    else:
        with db.engine.begin() as conn:
            for name, rows in (("contact", contacts), ("conversation", conversations)):
                table = SQLModel.metadata.tables[name]
                for at in range(0, len(rows), CHUNK):
                    conn.execute(sa.insert(table), rows[at:at + CHUNK])  # executemany
    return time.perf_counter() - t0


def rearm(db: Database) -> None:
    """Put the 100 due rows back as they were loaded; drop what the last sweep wrote."""
    with db.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM outboxjob"))
        conn.execute(sa.text("DELETE FROM event"))
        table = SQLModel.metadata.tables["conversation"]
        conn.execute(
            sa.update(table).where(table.c.id == sa.bindparam("cid"))
            .values(next_due_at=sa.bindparam("due"), due_kind="claim", ping_count=0),
            [{"cid": i, "due": due_at(i)} for i in DUE_IDS])


def check_written(db: Database, handled: int) -> None:
    with db.engine.connect() as conn:
        jobs = conn.execute(sa.text("SELECT count(*) FROM outboxjob")).scalar_one()
        events = conn.execute(sa.text("SELECT count(*) FROM event")).scalar_one()
        repinged = conn.execute(sa.text(f"SELECT count(*) FROM conversation WHERE ping_count = 1 "
                                        f"AND id IN ({', '.join(map(str, DUE_IDS))})")).scalar_one()
    if (handled, jobs, events, repinged) != (DUE, DUE, DUE, DUE):
        raise RuntimeError(f"sweep handled {handled}, wrote {jobs} jobs and {events} events, "
                           f"re-pinged {repinged} (expected {DUE} each)")


class Store:
    """One database holding `size` open conversations, the 100 due among them, and a fresh Deps."""

    def __init__(self, url: str, size: int, lanes: LanesConfig) -> None:
        self.url, self.size = url, size
        t0 = time.perf_counter()
        upgrade(url)
        self.migrate_s = time.perf_counter() - t0
        self.db = Database(url)  # the bench's own engine: loading, re-arming, checking, EXPLAIN
        self.load_s = load(self.db, 1, size, lanes)
        settings = make_settings(SLACK_API_URL=UNUSED, TWILIO_API_URL=UNUSED, DATABASE_URL=url)
        self.deps: Deps = build_deps(settings, lanes, clock=FixedClock(NOW))
        self.sql: tuple[str, Any] | None = None
        self.sweeps: list[float] = []
        self.queries: list[float] = []
        sa.event.listen(self.deps.db.engine, "before_cursor_execute", self._capture)

    def _capture(self, conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if self.sql is None and "FROM conversation" in statement and "ORDER BY conversation.next_due_at" in statement:
            self.sql = (statement, parameters)

    def sweep_once(self, timed: bool) -> None:
        rearm(self.db)
        t0 = time.perf_counter()
        handled = sweep(self.deps)
        elapsed = time.perf_counter() - t0
        check_written(self.db, handled)
        if timed:
            self.sweeps.append(elapsed)

    def query_once(self) -> None:
        """The due query alone, as the sweep sends it (rows are re-armed: 100 due)."""
        lock = self.deps.db.is_postgres
        t0 = time.perf_counter()
        rows = self.deps.db.read(lambda s: due_now(session=s, now=NOW, limit=DUE, lock=lock))
        self.queries.append(time.perf_counter() - t0)
        if len(rows) != DUE:
            raise RuntimeError(f"due_now returned {len(rows)} rows, expected {DUE}")

    def open_count(self) -> int:
        with self.db.engine.connect() as conn:
            return conn.execute(sa.text("SELECT count(*) FROM conversation WHERE status = 'unclaimed'"
                                        " AND next_due_at IS NOT NULL")).scalar_one()

    def close(self) -> None:
        self.deps.http.close()
        self.deps.db.dispose()
        self.db.dispose()


def plan(db: Database, sql: tuple[str, Any] | None) -> list[str]:
    if sql is None:
        return ["(the due query was not seen)"]
    return query_plan(db, sql)


def run_database(name: str, urls: tuple[str, str], lanes: LanesConfig) -> dict[str, Any]:
    """Both sizes side by side; timed sweeps alternate between them so background load hits both."""
    stores: list[Store] = []
    try:
        for url, size in zip(urls, (SMALL, LARGE)):
            stores.append(Store(url, size, lanes))
        for store in stores:
            store.sweep_once(timed=False)  # warm-up: pool, statement cache, calendar
        for r in range(ROUNDS):
            for store in (stores if r % 2 == 0 else stores[::-1]):
                store.sweep_once(timed=True)
        for store in stores:
            rearm(store.db)
        for r in range(QUERY_ROUNDS):
            for store in (stores if r % 2 == 0 else stores[::-1]):
                store.query_once()
        small, large = stores
        return {"name": name, "stores": [
            {"size": s.size, "open": s.open_count(), "migrate": s.migrate_s, "load": s.load_s, "sweeps": s.sweeps,
             "sweep": statistics.median(s.sweeps), "query": statistics.median(s.queries)} for s in stores],
            "plan": plan(large.db, large.sql), "small_plan": plan(small.db, small.sql)}
    finally:
        for store in stores:
            store.close()


def admin(statement: str) -> None:
    engine = sa.create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


def report(r: dict[str, Any]) -> None:
    explain = "EXPLAIN" if r["name"].startswith("PostgreSQL") else "EXPLAIN QUERY PLAN"
    print(f"\n{r['name']}")
    print(f"  {'open':>8} {'load s':>7} {'sweep ms':>9} {'min':>6} {'max':>6} {'due query ms':>13}")
    for s in r["stores"]:
        print(f"  {s['open']:>8,} {s['load']:>7.1f} {1000 * s['sweep']:>9.1f} {1000 * min(s['sweeps']):>6.1f} "
              f"{1000 * max(s['sweeps']):>6.1f} {1000 * s['query']:>13.2f}")
    small, large = r["stores"]
    print(f"  sweep at {large['open']:,} open / at {small['open']:,} open = {large['sweep'] / small['sweep']:.2f} "
          f"(medians; minimums: {min(large['sweeps']) / min(small['sweeps']):.2f}); "
          f"due query alone: {large['query'] / small['query']:.2f}")
    print(f"  plan of the due query the sweep sent, at {large['open']:,} open ({explain}):")
    for line in r["plan"]:
        print(f"    {line}")
    if r["small_plan"] != r["plan"]:
        print(f"  at {small['open']:,} open:")
        for line in r["small_plan"]:
            print(f"    {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--postgres-only", action="store_true", help="skip SQLite")
    only.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the finally below still runs
    lanes = bench_lanes()
    tmp = Path(tempfile.mkdtemp(prefix="wa-bench-sweep-"))
    pg_names = [f"wa_bench_sweep_{os.getpid()}_{size}" for size in (SMALL, LARGE)]
    pg_created: list[str] = []
    started = time.perf_counter()
    print(f"sweep bench: the same {DUE} conversations due (claim: re-ping 1 of 2, 1 event + 1 outbox note each) "
          f"among {SMALL:,} and among {LARGE:,} open; {ROUNDS} timed sweeps per size, alternating between the "
          f"sizes, after 1 warm-up; due query alone: {QUERY_ROUNDS} per size; {os.cpu_count()} CPUs")
    try:
        results = []
        if not args.postgres_only:
            urls = tuple(f"sqlite:///{tmp / f'open_{size}.db'}" for size in (SMALL, LARGE))
            results.append(run_database("SQLite (temp files)", urls, lanes))  # type: ignore[arg-type]
            report(results[-1])
        if not args.sqlite_only:
            for name in pg_names:
                admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                admin(f'CREATE DATABASE "{name}"')
                pg_created.append(name)
            server = ADMIN_URL.rsplit("/", 1)[0]
            urls = tuple(f"{server}/{name}" for name in pg_names)
            results.append(run_database(f"PostgreSQL ({', '.join(pg_names)})", urls, lanes))  # type: ignore[arg-type]
            report(results[-1])
        print("\nsummary, sweep at {:,} / at {:,} open (near 1.0 is the goal): ".format(LARGE, SMALL) + "; ".join(
            f"{r['name'].split()[0]} {r['stores'][1]['sweep'] / r['stores'][0]['sweep']:.2f}" for r in results)
            + f"; whole run {time.perf_counter() - started:.0f} s")
        return 0
    except (RuntimeError, sa.exc.SQLAlchemyError) as exc:
        print(f"bench could not run: {exc}", file=sys.stderr)
        return 1
    finally:
        for name in pg_created:
            try:
                admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except sa.exc.SQLAlchemyError as exc:
                print(f"could not drop {name}: {exc}", file=sys.stderr)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
