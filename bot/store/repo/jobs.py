"""The outbox seen from outside: health numbers, and the jobs people list, retry and drop."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from bot.store.models import DeliveryFault, OutboxJob


@dataclass(frozen=True)
class OutboxHealth:
    backlog: int  # pending jobs
    oldest_pending_at: datetime | None
    dead: int
    faults: list[DeliveryFault]


def outbox_health(*, session: Session) -> OutboxHealth:
    pending = session.exec(
        select(func.count(), func.min(OutboxJob.created_at)).where(OutboxJob.state == "pending")).one()
    dead = session.exec(select(func.count()).where(OutboxJob.state == "dead")).one()
    faults = list(session.exec(select(DeliveryFault).where(col(DeliveryFault.cleared_at).is_(None))
                               .order_by(col(DeliveryFault.since))).all())
    return OutboxHealth(backlog=int(pending[0]), oldest_pending_at=pending[1], dead=int(dead), faults=faults)


def jobs_to_show(*, session: Session, states: tuple[str, ...] = ("pending", "dead"), limit: int = 200) -> list[OutboxJob]:
    query = select(OutboxJob).where(col(OutboxJob.state).in_(states)).order_by(col(OutboxJob.id)).limit(limit)
    return list(session.exec(query).all())


def job(*, session: Session, job_id: int) -> OutboxJob | None:
    return session.get(OutboxJob, job_id)


def retry_jobs(*, session: Session, job_ids: list[int], now: datetime) -> list[int]:
    """Make dead or waiting jobs due now (in their conversation's order); the ids changed."""
    if not job_ids:
        return []
    changed = [row for row in session.exec(select(OutboxJob).where(col(OutboxJob.id).in_(job_ids),
                                                                    col(OutboxJob.state).in_(("dead", "pending")))).all()]
    for row in changed:
        row.state, row.next_attempt_at, row.fault, row.lease_until, row.lease_owner = "pending", now, None, None, None
        session.add(row)
    return [row.id for row in changed if row.id is not None]


def dead_job_ids(*, session: Session) -> list[int]:
    return [i for i in session.exec(select(OutboxJob.id).where(OutboxJob.state == "dead").order_by(col(OutboxJob.id)))
            if i is not None]


def drop_job(*, session: Session, job_id: int, now: datetime) -> bool:
    """Give up on a pending or dead job for good (state `dropped`); False if there is none."""
    dropped = session.execute(  # type: ignore[attr-defined]
        update(OutboxJob).where(col(OutboxJob.id) == job_id, col(OutboxJob.state).in_(("dead", "pending")))
        .values(state="dropped", done_at=now, lease_until=None, lease_owner=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    return bool(dropped == 1)


def card_job_state(*, session: Session, conversation_id: int | None) -> str | None:
    """The state of the conversation's latest card job (None if it has none)."""
    query = (select(OutboxJob.state).where(OutboxJob.conversation_id == conversation_id, OutboxJob.kind == "slack.card")
             .order_by(col(OutboxJob.id).desc()).limit(1))
    return session.exec(query).first()
