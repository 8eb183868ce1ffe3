"""Keeping the rollups in step: every session's changes to conversations (ORM flushes, and
UPDATE / DELETE statements on the conversation table run through a session) and new
follow-through events move the changed conversations' contributions, in the same transaction.

How: before the first flush (or statement) that changes a conversation in a transaction, it is
read from the database (locked on PostgreSQL) as it was; as the transaction commits, the
touched and created conversations are read as they are, and the difference is added with
`INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n`, so concurrent transactions adding to
the same rollup row never lose a count. Once per transaction, however many flushes: a new
conversation costs three reads and one or two upserts; a rolled-back one nothing. Nothing is done while the rollups are not kept (no
`report_rollup_state` row: a database made without the migrations, until a rebuild).

Not seen, so not to be used on conversations: INSERT statements (add the model object
instead) and raw SQL. `tests/store/test_rollups.py` replays random operations through the
domain and compares the rollups with a rebuild.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
_ZONE, _PENDING = "rollup_zone", "rollup_pending"
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


@dataclass
class _Pending:
    """This transaction's touched conversations: as they were before it changed them (read on
    first touch), and those it created (none before)."""

    old: dict[int, Any] = field(default_factory=dict)
    read: set[int] = field(default_factory=set)  # read already (found or not)
    created: list[Conversation] = field(default_factory=list)


def _pending(session: Session) -> _Pending | None:
    """This transaction's pending changes, None when the rollups are not kept."""
    if kept_zone(session) is None:
        return None
    pending = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = _Pending()
    return pending


def _remember(session: Session, pending: _Pending, ids: set[int]) -> None:
    """Read the conversations `ids` not read yet in this transaction (locked on PostgreSQL)."""
    unread = ids - pending.read - {obj.id for obj in pending.created}  # created here: nothing before
    if unread:
        pending.old.update(contribution.read(session.connection(), unread, lock=True))
        pending.read |= unread


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    ids = _touched(session)
    created = [obj for obj in session.new if isinstance(obj, Conversation)]
    if not (ids or created):
        return
    pending = _pending(session)
    if pending is not None:
        _remember(session, pending, ids)
        pending.created += created


@event.listens_for(Session, "do_orm_execute")
def _statement(state: ORMExecuteState) -> Any:
    """UPDATE and DELETE statements on conversations: read the rows they may change first."""
    statement: Any = state.statement
    if not (state.is_update or state.is_delete) or getattr(statement.table, "name", None) != "conversation":
        return None
    session: Any = state.session
    pending = _pending(session)
    if pending is not None:
        matched = select(statement.table.c.id)
        if statement.whereclause is not None:  # None: every row (or an ORM bulk UPDATE by primary key)
            matched = matched.where(statement.whereclause)
        _remember(session, pending, set(session.connection().execute(matched).scalars()))
    return None


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    """Once a transaction, as it commits: read the touched conversations as they are now and add
    the difference to the rollups."""
    if session.in_nested_transaction():
        return
    session.flush()  # what commit would flush next (often all of it), so that it is counted too
    pending: _Pending | None = session.info.pop(_PENDING, None)
    zone = kept_zone(session) if pending is not None else None
    ids = pending.read | {obj.id for obj in pending.created if obj.id is not None} if pending else set()
    if pending is not None and zone is not None and ids:
        conn = session.connection()
        apply(conn, contribution.difference(pending.old, contribution.read(conn, ids), zone))


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(_ZONE, None)
        session.info.pop(_PENDING, None)
