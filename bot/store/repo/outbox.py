"""The outbox: jobs queued with the change that implies them, leased by one worker at a time."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Integer, and_, bindparam, case, exists, or_, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from bot.store.columns import UTCDateTime
from bot.store.models import OutboxJob


def queue_job(
    *, session: Session, kind: str, now: datetime, conversation_id: int | None = None,
    message_id: int | None = None, payload: dict[str, Any] | None = None, priority: int = 0,
) -> OutboxJob:
    job = OutboxJob(
        kind=kind, conversation_id=conversation_id, message_id=message_id, payload=payload or {},
        created_at=now, next_attempt_at=now, priority=priority,
    )
    session.add(job)
    return job


# No starvation: a job queued this long ago goes before any fresher job whatever their
# priorities (the aged ones among themselves in queue order), so priority reorders the
# recent queue only and every job's wait is bounded.
AGED_AFTER = timedelta(minutes=2)
_AGED = 1_000_000  # above every priority


def due_jobs(*, session: Session, now: datetime, limit: int, lock: bool) -> list[OutboxJob]:
    """Pending jobs that are due and first in line for their conversation.

    A job waits while an earlier pending job of the same conversation exists, so a
    conversation's work is done strictly in order. Across conversations, higher `priority`
    first (jobs queued more than AGED_AFTER ago count as the highest), then queue order: the
    order in which the Slack pacer hands out slots. With `lock` (PostgreSQL), rows are
    locked with SKIP LOCKED so several workers never take the same job.
    """
    query = _DUE_LOCKED if lock else _DUE
    params = {"now": now, "aged": now - AGED_AFTER, "limit": limit}
    return list(session.exec(query, params=params).all())  # type: ignore[call-overload]


def _due_query(lock: bool) -> Any:
    """Built once (with bound parameters): building it per lease cost more than running it."""
    earlier = aliased(OutboxJob, name="earlier")
    now = bindparam("now", type_=UTCDateTime())
    rank = case((col(OutboxJob.created_at) <= bindparam("aged", type_=UTCDateTime()), _AGED),
                else_=col(OutboxJob.priority))
    query = (
        select(OutboxJob)
        .where(
            OutboxJob.state == "pending",
            or_(col(OutboxJob.next_attempt_at).is_(None), col(OutboxJob.next_attempt_at) <= now),
            or_(col(OutboxJob.lease_until).is_(None), col(OutboxJob.lease_until) <= now),
            ~_queued_behind(earlier),
        )
        .order_by(rank.desc(), col(OutboxJob.id))
        .limit(bindparam("limit", type_=Integer()))
    )
    if lock:
        query = query.with_for_update(skip_locked=True, of=OutboxJob)  # type: ignore[arg-type]
    return query


def raise_priority(*, session: Session, conversation_id: int, kinds: tuple[str, ...] | None, priority: int) -> None:
    """The conversation's pending jobs (of `kinds`, else all) go at `priority` at least."""
    session.flush()
    which = [col(OutboxJob.conversation_id) == conversation_id, col(OutboxJob.state) == "pending",
             col(OutboxJob.priority) < priority]
    if kinds is not None:
        which.append(col(OutboxJob.kind).in_(kinds))
    session.execute(update(OutboxJob).where(*which).values(priority=priority))  # type: ignore[call-overload]


def leases_held(*, session: Session, owner_prefix: str) -> list[OutboxJob]:
    """Pending jobs leased by workers whose owner id starts with `owner_prefix` (one host)."""
    query = select(OutboxJob).where(
        OutboxJob.state == "pending", col(OutboxJob.lease_owner).startswith(owner_prefix, autoescape=True)
    )
    return list(session.exec(query).all())


def next_job_time(*, session: Session) -> datetime | None:
    """When the earliest pending job that is first in line for its conversation becomes due
    (None if nothing is pending). Jobs queued behind another of their conversation do not
    count: they wait for it, not for their own time (a card paced for 30 s must not make the
    worker poll for its thread's texts meanwhile)."""
    return session.exec(_NEXT).first()


def _queued_behind(earlier: Any) -> Any:
    """An earlier pending job of the same conversation exists."""
    return exists().where(
        and_(
            col(earlier.state) == "pending",
            col(earlier.conversation_id) == col(OutboxJob.conversation_id),
            col(earlier.id) < col(OutboxJob.id),
        )
    )


_DUE, _DUE_LOCKED = _due_query(False), _due_query(True)
_NEXT = (select(OutboxJob.next_attempt_at)
         .where(OutboxJob.state == "pending", ~_queued_behind(aliased(OutboxJob, name="earlier")))
         .order_by(col(OutboxJob.next_attempt_at)).limit(1))
