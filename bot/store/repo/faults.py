"""Configuration faults that pause delivery, and the paused jobs: alert once, probe, resume."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.store.models import DeliveryFault, OutboxJob


def open_fault(*, session: Session, key: str, error: str, action: str, now: datetime, probe_at: datetime) -> bool:
    """Record the fault `key` as holding; True for exactly one caller per outbreak (the one
    to alert people). A cleared fault that comes back is a new outbreak."""
    fault = session.get(DeliveryFault, key)
    if fault is None:
        try:
            with session.begin_nested():
                session.add(DeliveryFault(key=key, error=error[:64], action=action, since=now, probe_at=probe_at))
        except IntegrityError:
            return False  # another worker opened it first and alerts
        return True
    won = session.execute(  # type: ignore[attr-defined]
        update(DeliveryFault)
        .where(col(DeliveryFault.key) == key, col(DeliveryFault.cleared_at).is_not(None))
        .values(error=error[:64], action=action, since=now, probe_at=probe_at, cleared_at=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    return bool(won == 1)


def active_fault(*, session: Session, key: str) -> DeliveryFault | None:
    fault = session.get(DeliveryFault, key)
    return fault if fault is not None and fault.cleared_at is None else None


def active_faults(*, session: Session) -> list[DeliveryFault]:
    query = select(DeliveryFault).where(col(DeliveryFault.cleared_at).is_(None)).order_by(col(DeliveryFault.since))
    return list(session.exec(query).all())


def take_probe(*, session: Session, key: str, now: datetime, next_probe: datetime) -> bool:
    """Compare-and-set: True for the one caller that may try a paused job now."""
    won = session.execute(  # type: ignore[attr-defined]
        update(DeliveryFault)
        .where(col(DeliveryFault.key) == key, col(DeliveryFault.cleared_at).is_(None),
               col(DeliveryFault.probe_at) <= now)
        .values(probe_at=next_probe)
        .execution_options(synchronize_session=False)
    ).rowcount
    return bool(won == 1)


def clear_fault(*, session: Session, key: str, now: datetime) -> int:
    """The fault is gone: mark it cleared and make its paused jobs due now; how many."""
    session.execute(  # type: ignore[attr-defined]
        update(DeliveryFault).where(col(DeliveryFault.key) == key, col(DeliveryFault.cleared_at).is_(None))
        .values(cleared_at=now).execution_options(synchronize_session=False))
    resumed = session.execute(  # type: ignore[attr-defined]
        update(OutboxJob).where(col(OutboxJob.fault) == key, col(OutboxJob.state) == "pending")
        .values(fault=None, next_attempt_at=now).execution_options(synchronize_session=False)
    ).rowcount
    return int(resumed or 0)


def keep_paused(*, session: Session, job_id: int, key: str, until: datetime) -> bool:
    """Compare-and-set: the job, leased to try as a probe but beaten to it, waits again until
    `until` — only if it is still paused on `key` (False: the fault was cleared meanwhile)."""
    kept = session.execute(  # type: ignore[attr-defined]
        update(OutboxJob).where(col(OutboxJob.id) == job_id, col(OutboxJob.fault) == key)
        .values(next_attempt_at=until, lease_until=None, lease_owner=None, attempts=OutboxJob.attempts - 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    return bool(kept == 1)
