"""The audit log (append-only) and the once-only markers built on unique keys."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.store.models import Event, LaneState, WeeklyReportSent


def add_event(
    *, session: Session, kind: str, at: datetime, conversation_id: int | None = None,
    actor: str | None = None, data: dict[str, Any] | None = None,
) -> Event:
    event = Event(kind=kind, at=at, conversation_id=conversation_id, actor=actor, data=data)
    session.add(event)
    return event


def last_event_at(*, session: Session, conversation_id: int, kind: str) -> datetime | None:
    """When the conversation's latest event of `kind` happened, or None."""
    query = (select(Event.at).where(Event.conversation_id == conversation_id, Event.kind == kind)
             .order_by(col(Event.id).desc()))
    return session.exec(query).first()


def events_by_actor(*, session: Session, kind: str, actor: str) -> list[Event]:
    """Events of `kind` recorded under `actor`, oldest first."""
    query = select(Event).where(Event.kind == kind, Event.actor == actor).order_by(col(Event.id))
    return list(session.exec(query).all())


def mark_digest_day(*, session: Session, lane: str, day: date) -> bool:
    """Compare-and-set: True for exactly one caller per lane and day (the one to post the digest)."""
    if session.get(LaneState, lane) is None:
        try:
            with session.begin_nested():
                session.add(LaneState(lane=lane))
        except IntegrityError:
            pass  # another process created it: the compare-and-set below decides
    won = session.execute(  # type: ignore[attr-defined]
        update(LaneState)
        .where(col(LaneState.lane) == lane, or_(col(LaneState.digest_on).is_(None), col(LaneState.digest_on) < day))
        .values(digest_on=day)
        .execution_options(synchronize_session=False)
    ).rowcount
    return bool(won == 1)


def mark_weekly_report(*, session: Session, week: date, now: datetime) -> bool:
    """True for exactly one caller per week (the one to post that week's report)."""
    if session.get(WeeklyReportSent, week) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(WeeklyReportSent(week=week, at=now))
    except IntegrityError:
        return False  # another process sent it
    return True
