"""Recomputing the rollups from the conversations (the migration's backfill and `python -m bot
report --rebuild-rollups`): every conversation's contribution, summed, in the given time zone."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import Connection, delete, func, insert, select, text
from sqlmodel import Session

from bot.store.models_rollups import (
    BUCKET_COLUMNS, FOLLOW_THROUGH, HIST_KEY, KEY, SUMS, report_rollup, report_rollup_hist, report_rollup_state,
)
from bot.store.rollups import contribution
from bot.store.rollups.maintain import set_kept_zone

BATCH = 5000


def rebuild(*, session: Session, tz: str) -> int:
    """Empty the rollups and count every conversation again, days in `tz`; from then on the
    rollups are kept in `tz`. Returns the number of conversations counted."""
    counted = rebuild_on(session.connection(), tz)
    set_kept_zone(session, tz)
    return counted


def rebuild_on(conn: Connection, tz: str) -> int:
    """`rebuild` on a connection (the migration's). On PostgreSQL it first waits for the
    transactions changing conversations or events to end and holds new ones back until it
    commits (SHARE locks), so no change is counted twice or lost; SQLite has one writer anyway."""
    zone = ZoneInfo(tz)
    if conn.dialect.name == "postgresql":
        conn.execute(text("LOCK TABLE conversation, event IN SHARE MODE"))
    for table in (report_rollup, report_rollup_hist, report_rollup_state):
        conn.execute(delete(table))
    E = contribution.E
    follow: dict[int, dict[str, int]] = {}
    for conversation_id, kind, count in conn.execute(
        select(E.conversation_id, E.kind, func.count())
        .where(E.conversation_id.is_not(None), E.kind.in_(FOLLOW_THROUGH))
        .group_by(E.conversation_id, E.kind)
    ):
        follow.setdefault(conversation_id, {})[kind] = int(count)
    rows = conn.execute(select(*contribution.COLUMNS).execution_options(yield_per=BATCH)).mappings()
    counted = 0
    delta = contribution.Delta()
    for row in rows:
        delta.add(row, follow.get(row["id"], {}), zone, 1)
        counted += 1
    counts, hist = delta.changes()
    if counts:  # into empty tables: plain multi-row INSERTs, all columns (one statement each)
        conn.execute(insert(report_rollup), [dict(zip(KEY + SUMS, (*key, *sums))) for key, sums in counts])
    if hist:
        conn.execute(insert(report_rollup_hist), [
            dict(zip(HIST_KEY, key)) | {name: buckets.get(i, 0) for i, name in enumerate(BUCKET_COLUMNS)}
            for key, buckets in hist])
    conn.execute(insert(report_rollup_state).values(id=1, tz=tz))
    for table in (report_rollup, report_rollup_hist):  # their statistics: the planner's estimates of a period
        conn.execute(text(f"ANALYZE {table.name}"))
    return counted


def stop(*, session: Session) -> None:
    """Stop keeping the rollups (reports read the conversations again)."""
    conn = session.connection()
    for table in (report_rollup, report_rollup_hist, report_rollup_state):
        conn.execute(delete(table))
    set_kept_zone(session, None)
