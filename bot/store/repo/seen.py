"""Once-only keys on `slack_event_seen`: Slack event ids, and slash commands' trigger ids
(a signed command replayed within Slack's five minutes runs once)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.store.models import SlackEventSeen


def first_time(*, session: Session, key: str, now: datetime) -> bool:
    """True for exactly one caller per `key` (at most 64 characters)."""
    key = key[:64]
    if session.get(SlackEventSeen, key) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(SlackEventSeen(event_id=key, at=now))
    except IntegrityError:
        return False
    return True
