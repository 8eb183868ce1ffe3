"""Accounts from the contacts import, and a returning customer's history."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.store.models import Account, Conversation, Event, Message

ACCOUNT_FIELDS = ("name", "company", "plan", "owner", "notes")


def upsert_account(*, session: Session, number: str, fields: dict[str, str | None], now: datetime) -> bool:
    """Create or update the account of `number` (E.164); True when it was new. Empty
    fields leave what is stored alone."""
    account = session.get(Account, number)
    created = account is None
    if account is None:
        account = Account(number=number)
    for name in ACCOUNT_FIELDS:
        value = fields.get(name)
        if value:
            setattr(account, name, value)
    account.updated_at = now
    session.add(account)
    return created


def account_of(*, session: Session, number: str | None) -> Account | None:
    return session.get(Account, number) if number else None


def earlier_conversations(*, session: Session, contact_id: int, before_id: int, limit: int = 3) -> list[Conversation]:
    """The contact's conversations before `before_id`, newest first."""
    query = (select(Conversation)
             .where(Conversation.contact_id == contact_id, col(Conversation.id) < before_id)
             .order_by(col(Conversation.id).desc()).limit(limit))
    return list(session.exec(query).all())


def last_notes(*, session: Session, conversation_id: int, limit: int = 2) -> list[Message]:
    """The team's internal notes in a conversation, newest first."""
    query = (select(Message).where(Message.conversation_id == conversation_id, Message.direction == "note")
             .order_by(col(Message.id).desc()).limit(limit))
    return list(session.exec(query).all())


def close_note(*, session: Session, conversation_id: int) -> str | None:
    """The note left when the conversation was closed, if any."""
    query = (select(Event).where(Event.conversation_id == conversation_id, Event.kind == "closed")
             .order_by(col(Event.id).desc()))
    event = session.exec(query).first()
    note = (event.data or {}).get("note") if event is not None else None
    return note if isinstance(note, str) and note.strip() else None
