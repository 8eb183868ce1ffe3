"""Inbound rows: the webhook's durable copy of a customer's message until intake takes it in.

The webhook's whole transaction is `store_inbound` (one INSERT, SQLAlchemy Core, no ORM unit of
work); intake reads `inbound_due` in id order, at most one row per sender per batch (a sender's
next row waits while an earlier one exists), and deletes what it took in.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Integer, and_, bindparam, delete, exists, func, or_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from bot.store.columns import UTCDateTime
from bot.store.models import Inbound

_TABLE: Any = Inbound.__table__  # type: ignore[attr-defined]
_INSERT = {
    "postgresql": pg_insert(_TABLE).on_conflict_do_nothing(index_elements=["message_sid"]).returning(_TABLE.c.id),
    "sqlite": sqlite_insert(_TABLE).on_conflict_do_nothing(index_elements=["message_sid"]).returning(_TABLE.c.id),
}


def store_inbound(*, session: Session, message_sid: str, from_address: str, form: dict[str, str],
                  now: datetime) -> bool:
    """Keep the message once per MessageSid; False when that sid is already waiting (Twilio's retry)."""
    connection = session.connection()
    values = {"message_sid": message_sid, "from_address": from_address, "form": form, "received_at": now,
              "attempts": 0}
    return connection.execute(_INSERT[connection.dialect.name], values).first() is not None  # INSERT … RETURNING


def inbound_due(*, session: Session, now: datetime, limit: int, lock: bool) -> list[Inbound]:
    """Rows to take in now, oldest first: each sender's earliest only, so one sender's messages are
    taken in one after another in arrival order. `lock` (PostgreSQL): FOR UPDATE SKIP LOCKED."""
    query = _DUE_LOCKED if lock else _DUE
    return list(session.exec(query, params={"now": now, "limit": limit}).all())  # type: ignore[call-overload]


def _due_query(lock: bool) -> Any:
    """Built once, with bound parameters (building it per call cost more than running it)."""
    earlier = aliased(Inbound, name="earlier")
    behind = exists().where(and_(col(earlier.from_address) == col(Inbound.from_address),
                                 col(earlier.id) < col(Inbound.id)))
    now = bindparam("now", type_=UTCDateTime())
    query = (select(Inbound)
             .where(or_(col(Inbound.next_attempt_at).is_(None), col(Inbound.next_attempt_at) <= now), ~behind)
             .order_by(col(Inbound.id)).limit(bindparam("limit", type_=Integer())))
    if lock:
        query = query.with_for_update(skip_locked=True, of=Inbound)  # type: ignore[arg-type]
    return query


_DUE, _DUE_LOCKED = _due_query(False), _due_query(True)


def inbound_taken(*, session: Session, ids: list[int]) -> None:
    """Intake stored these rows' messages (or found them stored): the raw copies go."""
    if ids:  # Core: no ORM bookkeeping of the rows being deleted
        session.connection().execute(delete(_TABLE).where(_TABLE.c.id.in_(ids)))


def inbound_failed(*, session: Session, inbound_id: int, error: str, now: datetime,
                   max_delay: timedelta) -> tuple[int, float]:
    """Intake failed on this row (a bug, not a race): it is tried again after 2, 4, 8 … s (at most
    `max_delay`); its sender's later rows wait behind it. (attempts so far, seconds until the next)."""
    row = session.get(Inbound, inbound_id)
    if row is None:
        return 0, 0.0
    row.attempts += 1
    delay = min(2.0 ** row.attempts, max_delay.total_seconds())
    row.next_attempt_at, row.last_error = now + timedelta(seconds=delay), error[:500]
    session.add(row)
    return row.attempts, delay


def inbound_backlog(*, session: Session) -> tuple[int, datetime | None]:
    """How many messages wait for intake, and since when the oldest."""
    count, oldest = session.exec(select(func.count(), func.min(Inbound.received_at))).one()
    return int(count), oldest
