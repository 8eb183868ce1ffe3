"""A person's data: find it, export it, erase it; and the retention purge.

Erasure removes what names or quotes the customer — the contact's name and number, their
conversations' messages (every direction: what they wrote and what was written to them),
media, referral (ad click) data, card permalinks — and scrubs the audit log and the outbox
of any value that held them. What stays is anonymous: the conversation rows with their
lane, label, outcome and timings, and the events' kinds and times, so reports still count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_
from sqlmodel import Session, col, select

from bot.store.models import Contact, Conversation, Event, Inbound, Message, OutboxJob

ERASED = "[erased]"


def find_contact(*, session: Session, number: str) -> Contact | None:
    """The contact by its number (`+9715…`, `9715…`, `whatsapp:+9715…`) or WhatsApp id."""
    given = number.strip().removeprefix("whatsapp:")
    digits = re.sub(r"\D", "", given)
    candidates = {given, f"+{digits}"} if digits else {given}
    query = select(Contact).where(or_(col(Contact.wa_id).in_(candidates), col(Contact.phone_e164).in_(candidates)))
    return session.exec(query).first()


@dataclass
class Erased:
    contact_id: int
    threads: list[tuple[int, str, str]] = field(default_factory=list)  # (conversation id, channel, thread ts)
    files: list[str] = field(default_factory=list)  # Slack file ids the bot uploaded
    messages: int = 0


def erase_contact(*, session: Session, contact: Contact) -> Erased:
    """Remove the contact's personal data from every table; the caller queues the Slack side and commits."""
    assert contact.id is not None
    erased = Erased(contact.id)
    conversations = list(session.exec(select(Conversation).where(Conversation.contact_id == contact.id)))
    ids = [c.id for c in conversations if c.id is not None]
    messages = list(session.exec(select(Message).where(col(Message.conversation_id).in_(ids)))) if ids else []
    needles = _needles(contact, messages, [c.referral or {} for c in conversations])
    for message in messages:
        erased.files += [item["slack_file"] for item in message.media or [] if item.get("slack_file")]
    erased.messages = len(messages)
    if ids:
        session.execute(delete(OutboxJob).where(col(OutboxJob.conversation_id).in_(ids)))
        session.execute(delete(Message).where(col(Message.conversation_id).in_(ids)))
    for conversation in conversations:
        assert conversation.id is not None
        if conversation.thread_ts:
            erased.threads.append((conversation.id, conversation.channel, conversation.thread_ts))
        conversation.referral, conversation.permalink, conversation.moved_from = None, None, None
        conversation.route_reason = ERASED if conversation.route_reason else ""
        conversation.score_reasons = None  # they quote the customer's words
        session.add(conversation)
    addresses = {f"whatsapp:{value}" for value in (contact.wa_id, contact.phone_e164) if value}
    session.execute(delete(Inbound).where(col(Inbound.from_address).in_(addresses)))  # not taken in yet
    contact.wa_id, contact.phone_e164, contact.profile_name = f"erased:{contact.id}", None, None
    session.add(contact)
    if ids:  # reasons (score, triage) quote the customer's words: drop them from the audit log
        for event in session.exec(select(Event).where(col(Event.conversation_id).in_(ids))):
            if isinstance(event.data, dict) and "reasons" in event.data:
                event.data = {**event.data, "reasons": [ERASED]}
                session.add(event)
    _scrub_table(session, Event, needles)
    _scrub_table(session, OutboxJob, needles)
    session.flush()
    return erased


def _needles(contact: Contact, messages: list[Message], referrals: list[dict[str, str]]) -> list[str]:
    values = {contact.wa_id, contact.phone_e164 or "", contact.profile_name or ""}
    values |= {value for referral in referrals for value in referral.values() if len(str(value)) >= 6}
    values |= {re.sub(r"\D", "", contact.wa_id)} if re.sub(r"\D", "", contact.wa_id) else set()
    values |= {m.body for m in messages if m.direction == "in" and m.body}
    values |= {m.twilio_sid for m in messages if m.twilio_sid}
    values |= {item.get("url", "") for m in messages for item in m.media or []}
    return sorted((v for v in values if len(v.strip()) >= 3), key=len, reverse=True)


def _scrub(value: Any, needles: list[str]) -> Any:
    if isinstance(value, str):
        return ERASED if any(needle in value for needle in needles) else value
    if isinstance(value, list):
        return [_scrub(item, needles) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, needles) for key, item in value.items()}
    return value


def _scrub_table(session: Session, model: type[Event] | type[OutboxJob], needles: list[str]) -> None:
    if not needles:
        return
    json_column = "data" if model is Event else "payload"
    for row in session.exec(select(model)):
        before = getattr(row, json_column)
        after = _scrub(before, needles)
        actor = getattr(row, "actor", None)
        if after != before:
            setattr(row, json_column, after)
            session.add(row)
        if actor is not None and _scrub(actor, needles) != actor:
            row.actor = ERASED  # type: ignore[union-attr]
            session.add(row)


def export_contact(*, session: Session, contact: Contact) -> dict[str, Any]:
    """Everything stored about the person, as plain JSON values."""
    conversations = list(session.exec(select(Conversation).where(Conversation.contact_id == contact.id)
                                      .order_by(col(Conversation.id))))
    out: dict[str, Any] = {"contact": _plain(contact), "conversations": []}
    for conversation in conversations:
        messages = session.exec(select(Message).where(Message.conversation_id == conversation.id)
                                .order_by(col(Message.id)))
        out["conversations"].append(_plain(conversation) | {"messages": [_plain(m) for m in messages]})
    return out


def _plain(row: Any) -> dict[str, Any]:
    return {key: value.isoformat() if isinstance(value, datetime) else value
            for key, value in row.model_dump().items()}


def purge_closed_before(*, session: Session, cutoff: datetime) -> int:
    """Empty the bodies and media of messages in conversations closed before `cutoff`; how many."""
    closed = select(Conversation.id).where(col(Conversation.closed_at).is_not(None),
                                           col(Conversation.closed_at) < cutoff)
    found = session.exec(select(Message).where(col(Message.conversation_id).in_(closed)))
    purged = 0
    for message in found:
        if message.body or message.media or message.error_message:
            message.body, message.media, message.error_message = "", None, None
            session.add(message)
            purged += 1
    session.flush()
    return purged
