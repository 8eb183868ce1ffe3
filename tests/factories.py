"""Small factories for rows tests need: a contact, a conversation (with its card), a message;
and readers for what a test checks afterwards. Each takes a session or the Database."""

from __future__ import annotations

import itertools
from datetime import datetime, timezone
from typing import Any

from sqlmodel import Session, col, select

from bot.store.db import Database
from bot.store.models import Contact, Conversation, Event, Message

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)  # a Sunday, 13:00 in Dubai
_card_ts = itertools.count(100)


def make_contact(session: Session, *, wa_id: str = "+971501234567", name: str | None = "Ana Souza",
                 now: datetime = NOW, **fields: Any) -> Contact:
    contact = Contact(wa_id=wa_id, phone_e164=fields.pop("phone_e164", wa_id if wa_id.startswith("+") else None),
                      profile_name=name, created_at=now, **fields)
    session.add(contact)
    session.flush()
    return contact


def make_conversation(session: Session, *, contact: Contact | None = None, lane: str = "sales",
                      channel: str = "C0SALES", now: datetime = NOW, card: bool = True, **fields: Any) -> Conversation:
    """An open conversation (unclaimed unless `owner` is given), with its card posted when `card`."""
    contact = contact or make_contact(session, now=now)
    owner = fields.get("owner")
    values: dict[str, Any] = {
        "contact_id": contact.id, "open_key": contact.id, "lane": lane, "channel": channel,
        "thread_ts": f"1700000000.{next(_card_ts):06d}" if card else None,
        "status": "claimed" if owner else "unclaimed", "claimed_at": now if owner else None,
        "created_at": now, "last_inbound_at": now,
    }
    values.update(fields)
    conversation = Conversation(**values)
    session.add(conversation)
    session.flush()
    return conversation


def make_message(session: Session, conversation: Conversation, *, body: str = "Hello", direction: str = "in",
                 now: datetime = NOW, **fields: Any) -> Message:
    assert conversation.id is not None
    message = Message(conversation_id=conversation.id, direction=direction, body=body, created_at=now, **fields)
    session.add(message)
    session.flush()
    return message


def the_conversation(db: Database) -> Conversation:
    """The one conversation a test made."""
    with db.session() as session:
        return session.exec(select(Conversation)).one()


def events(db: Database, kind: str | None = None) -> list[Event]:
    """The audit log, oldest first (only `kind` when given)."""
    with db.session() as session:
        rows = session.exec(select(Event).order_by(col(Event.id))).all()
    return [event for event in rows if kind is None or event.kind == kind]
