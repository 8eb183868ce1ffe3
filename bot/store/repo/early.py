"""Slack events that named a card before its ts was committed (kept, then applied or reported)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.store.models import Conversation, Event, OutboxJob, PendingSlackEvent


def keep_slack_event(
    *, session: Session, channel: str, ts: str, kind: str, payload: dict[str, Any], now: datetime
) -> PendingSlackEvent:
    row = PendingSlackEvent(channel=channel, ts=ts, kind=kind, payload=payload, received_at=now)
    session.add(row)
    return row


def kept_for_card(*, session: Session, channel: str, ts: str) -> list[PendingSlackEvent]:
    """Unapplied events naming (channel, ts), in arrival order."""
    query = (select(PendingSlackEvent)
             .where(PendingSlackEvent.channel == channel, PendingSlackEvent.ts == ts,
                    col(PendingSlackEvent.applied_at).is_(None))
             .order_by(col(PendingSlackEvent.id)))
    return list(session.exec(query).all())


def kept_unapplied(*, session: Session, limit: int = 200) -> list[PendingSlackEvent]:
    query = (select(PendingSlackEvent).where(col(PendingSlackEvent.applied_at).is_(None))
             .order_by(col(PendingSlackEvent.id)).limit(limit))
    return list(session.exec(query).all())


def card_was_posted(*, session: Session, channel: str, ts: str) -> bool:
    """Whether (channel, ts) is a card we posted (current, or left behind by a move)."""
    if session.exec(select(Conversation.id).where(Conversation.channel == channel,
                                                  Conversation.thread_ts == ts)).first() is not None:
        return True
    query = select(Event.id).where(Event.kind == "card_posted", Event.actor == f"{channel}:{ts}"[:64]).limit(1)
    if session.exec(query).first() is not None:
        return True
    # Cards posted before card_posted events named their card in `actor`.
    older = select(Event.data).where(Event.kind == "card_posted", col(Event.actor).is_(None))
    return any((data or {}).get("ts") == ts and (data or {}).get("channel") == channel
               for data in session.exec(older.order_by(col(Event.id).desc()).limit(500)).all())


def card_pending_in(*, session: Session, channel: str) -> bool:
    """Whether a card for `channel` is queued and not yet committed (its ts may be unknown)."""
    query = (select(OutboxJob.id)
             .join(Conversation, col(Conversation.id) == col(OutboxJob.conversation_id))
             .where(OutboxJob.kind == "slack.card", OutboxJob.state == "pending",
                    Conversation.channel == channel, col(Conversation.thread_ts).is_(None))
             .limit(1))
    return session.exec(query).first() is not None
