"""The outbox at a glance, for /metrics: jobs by state, and the oldest pending job's age."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.store.models import OutboxJob


def outbox_by_state(*, session: Session) -> dict[str, int]:
    """How many jobs are in each state (pending, done, and whatever else the worker records)."""
    rows = session.exec(select(OutboxJob.state, func.count()).group_by(OutboxJob.state)).all()
    return {state: int(count) for state, count in rows}


def oldest_pending(*, session: Session) -> datetime | None:
    """When the oldest pending job was queued (None when nothing is pending)."""
    query = select(func.min(col(OutboxJob.created_at))).where(OutboxJob.state == "pending")
    return session.exec(query).first()
