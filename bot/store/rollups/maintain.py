"""Keeping the rollups in step: every session's changes to conversations (ORM flushes, and
UPDATE / DELETE statements on the conversation table run through a session) and new
follow-through events move the changed conversations' contributions, in the same transaction.

How: before a flush, the touched conversations are read from the database (locked on
PostgreSQL) as they were; after it, as they are; the difference is added with
`INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n`, so concurrent transactions adding to
the same rollup row never lose a count. Nothing is done while the rollups are not kept (no
`report_rollup_state` row: a database made without the migrations, until a rebuild).

Not seen, so not to be used on conversations: INSERT statements (add the model object
instead) and raw SQL. `tests/store/test_rollups.py` replays random operations through the
domain and compares the rollups with a rebuild.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Integer, Table, bindparam, event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState, attributes
from sqlmodel import Session

from bot.store.models import Conversation, Event
from bot.store.models_rollups import (
    FOLLOW_THROUGH, HIST_KEY, KEY, SUMS, report_rollup, report_rollup_hist, report_rollup_state,
)
from bot.store.rollups import contribution
from bot.store.rollups.contribution import Delta

# The conversation fields a contribution is made of.
FIELDS = ("created_at", "lane", "label", "owner", "outcome", "entry_ref", "referral", "score_band", "status",
          "first_owned_via", "first_reply_at", "satisfaction", "claim_s", "claim_work_s", "first_reply_s",
          "first_reply_work_s")
_ZONE, _OLD = "rollup_zone", "rollup_old"
_NOT_KEPT = object()


def kept_zone(session: Session) -> ZoneInfo | None:
    """The time zone the rollups count days in; None when they are not kept. Read once a transaction."""
    zone = session.info.get(_ZONE)
    if zone is None:
        tz = session.connection().execute(select(report_rollup_state.c.tz)).scalar()
        zone = session.info[_ZONE] = ZoneInfo(tz) if tz else _NOT_KEPT
    return zone if isinstance(zone, ZoneInfo) else None


def set_kept_zone(session: Session, tz: str | None) -> None:
    session.info[_ZONE] = ZoneInfo(tz) if tz else _NOT_KEPT


def apply(conn: Connection, delta: Delta) -> None:
    """Add `delta` to the rollup tables (rows created as needed): one statement for the count
    rows, and one per histogram bucket changed (each adds to its own column)."""
    counts, hist = delta.changes()
    dialect = conn.dialect.name
    if counts:
        conn.execute(_upsert(dialect, "report_rollup", SUMS), [dict(zip(KEY + SUMS, (*key, *sums)))
                                                                for key, sums in counts])
    by_bucket: dict[int, list[dict[str, Any]]] = {}
    for key, buckets in hist:
        for bucket, n in buckets.items():
            by_bucket.setdefault(bucket, []).append(dict(zip(HIST_KEY, key)) | {"n": n})
    for bucket, rows in sorted(by_bucket.items()):
        conn.execute(_upsert(dialect, "report_rollup_hist", (f"b{bucket}",)), rows)


@cache
def _upsert(dialect: str, table_name: str, added: tuple[str, ...]) -> Any:
    """INSERT … ON CONFLICT (key) DO UPDATE SET c = c + excluded.c for the `added` columns; built
    once (the histogram has 250 columns: building and compiling it each time cost 20-30 ms).
    A histogram row's one bucket is given as the parameter `n`."""
    table: Table = report_rollup if table_name == "report_rollup" else report_rollup_hist
    key = KEY if table is report_rollup else HIST_KEY
    module: Any = postgresql if dialect == "postgresql" else sqlite
    values = {name: bindparam(name, type_=table.c[name].type) for name in key}
    values |= {name: bindparam(name if table is report_rollup else "n", type_=Integer()) for name in added}
    statement = module.insert(table).values(values)
    return statement.on_conflict_do_update(
        index_elements=list(key), set_={name: table.c[name] + statement.excluded[name] for name in added})


def _touched(session: Session) -> set[int]:
    """Conversations already stored whose contribution this flush may change."""
    ids: set[int] = set()
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, Conversation) and obj.id is not None and (obj in session.deleted or _changed(obj)):
            ids.add(obj.id)
    for obj in session.new:
        if isinstance(obj, Event) and obj.kind in FOLLOW_THROUGH and obj.conversation_id is not None:
            ids.add(obj.conversation_id)
    return ids


def _changed(obj: Conversation) -> bool:
    state = attributes.instance_state(obj)
    return any(state.attrs[name].history.has_changes() for name in FIELDS)


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    session.info.pop(_OLD, None)  # a reading left by a flush that failed
    ids = _touched(session)
    new = any(isinstance(obj, Conversation) for obj in session.new)
    if (ids or new) and kept_zone(session) is not None:
        session.info[_OLD] = (contribution.read(session.connection(), ids, lock=True), ids)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    before = session.info.pop(_OLD, None)
    zone = kept_zone(session) if before is not None else None
    if before is None or zone is None:
        return
    old, ids = before
    ids = ids | {obj.id for obj in session.new if isinstance(obj, Conversation) and obj.id is not None}
    conn = session.connection()
    apply(conn, contribution.difference(old, contribution.read(conn, ids), zone))


@event.listens_for(Session, "do_orm_execute")
def _statement(state: ORMExecuteState) -> Any:
    """UPDATE and DELETE statements on conversations: read the matched rows before and after."""
    statement: Any = state.statement
    if not (state.is_update or state.is_delete) or getattr(statement.table, "name", None) != "conversation":
        return None
    session: Any = state.session
    zone = kept_zone(session)
    if zone is None:
        return None
    conn = session.connection()
    table = statement.table
    matched = select(table.c.id)
    if statement.whereclause is not None:  # None: every row (or an ORM bulk UPDATE by primary key)
        matched = matched.where(statement.whereclause)
    ids = set(conn.execute(matched).scalars())
    old = contribution.read(conn, ids, lock=True)
    result = state.invoke_statement()
    apply(conn, contribution.difference(old, contribution.read(conn, ids), zone))
    return result


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(_ZONE, None)
        session.info.pop(_OLD, None)
