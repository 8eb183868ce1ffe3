"""A person's right to their data: erase it (the CLI's `erase`, the leads' Slack shortcut),
export it (`export`), and the retention purge (`[privacy] keep_messages`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.conversations.kinds import ERASE
from bot.lanes import LanesConfig
from bot.store import Session, repo
from bot.store.models import Contact


def erase(*, session: Session, number: str, now: datetime, actor: str) -> dict[str, int] | None:
    """Erase the contact with this number; None when there is none. The caller commits."""
    contact = repo.find_contact(session=session, number=number)
    return None if contact is None else _erase(session, contact, now, actor)


def erase_for_card(*, session: Session, channel: str, ts: str, now: datetime, actor: str) -> dict[str, int] | None:
    """Erase the customer of the card whose thread (or parent) is (channel, ts)."""
    conversation = repo.card_at(session=session, channel=channel, ts=ts)
    if conversation is None:
        return None
    contact = session.get(Contact, conversation.contact_id)
    return None if contact is None else _erase(session, contact, now, actor)


def _erase(session: Session, contact: Contact, now: datetime, actor: str) -> dict[str, int]:
    erased = repo.erase_contact(session=session, contact=contact)
    for conversation_id, channel, thread_ts in erased.threads:
        repo.queue_job(session=session, kind=ERASE, conversation_id=conversation_id,
                       payload={"channel": channel, "thread_ts": thread_ts}, now=now)
    if erased.files:
        repo.queue_job(session=session, kind=ERASE, payload={"files": erased.files}, now=now)
    counts = {"contact": erased.contact_id, "conversations": len(erased.threads), "messages": erased.messages}
    # The audit event names no one: the contact's row id, which now holds nothing personal.
    repo.add_event(session=session, kind="erased", at=now, actor=actor, data=counts)
    return counts


def export(*, session: Session, number: str) -> dict[str, Any] | None:
    contact = repo.find_contact(session=session, number=number)
    return None if contact is None else repo.export_contact(session=session, contact=contact)


def purge_expired(*, session: Session, lanes: LanesConfig, now: datetime) -> int:
    """Empty message bodies and media of conversations closed longer ago than `keep_messages`."""
    keep = lanes.privacy.keep_messages
    if keep is None:
        return 0
    purged = repo.purge_closed_before(session=session, cutoff=now - keep)
    if purged:
        repo.add_event(session=session, kind="retention_purged", at=now, actor="timer",
                       data={"messages": purged, "keep_days": keep.days})
    return purged


__all__ = ["erase", "erase_for_card", "export", "purge_expired"]
