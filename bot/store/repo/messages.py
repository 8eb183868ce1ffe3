"""Messages: looked up by Twilio sid or by their Slack ts."""

from __future__ import annotations

from sqlmodel import Session, col, select

from bot.store.models import Message


def message_by_sid(*, session: Session, sid: str) -> Message | None:
    return session.exec(select(Message).where(Message.twilio_sid == sid)).first()


def outbound_by_sid(*, session: Session, sid: str) -> Message | None:
    query = select(Message).where(Message.twilio_sid == sid, Message.direction == "out")
    return session.exec(query).first()


def message_at(*, session: Session, conversation_id: int, slack_ts: str) -> Message | None:
    """The message of this conversation posted (or received) in Slack at `slack_ts`."""
    query = select(Message).where(Message.conversation_id == conversation_id, Message.slack_ts == slack_ts)
    return session.exec(query).first()


def last_inbound(*, session: Session, conversation_id: int) -> Message | None:
    """The customer's latest message in the conversation."""
    query = (select(Message).where(Message.conversation_id == conversation_id, Message.direction == "in")
             .order_by(col(Message.id).desc()))
    return session.exec(query).first()
