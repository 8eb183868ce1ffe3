"""Repository functions: each takes `session` keyword-only; the caller commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, or_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from bot.store.models import Contact, Conversation, Event, Message, OutboxJob


def message_by_sid(*, session: Session, sid: str) -> Message | None:
    return session.exec(select(Message).where(Message.twilio_sid == sid)).first()


def upsert_contact(
    *, session: Session, wa_id: str, phone_e164: str | None, country: str | None,
    profile_name: str | None, now: datetime,
) -> Contact:
    contact = session.exec(select(Contact).where(Contact.wa_id == wa_id)).first()
    if contact is None:
        contact = Contact(wa_id=wa_id, phone_e164=phone_e164, country=country, profile_name=profile_name, created_at=now)
        session.add(contact)
        session.flush()
    elif profile_name and contact.profile_name != profile_name:
        contact.profile_name = profile_name
        session.add(contact)
    return contact


def open_conversation(*, session: Session, contact_id: int) -> Conversation | None:
    return session.exec(select(Conversation).where(Conversation.open_key == contact_id)).first()


def last_conversation(*, session: Session, contact_id: int) -> Conversation | None:
    query = select(Conversation).where(Conversation.contact_id == contact_id).order_by(col(Conversation.id).desc())
    return session.exec(query).first()


def add_event(
    *, session: Session, kind: str, at: datetime, conversation_id: int | None = None,
    actor: str | None = None, data: dict[str, Any] | None = None,
) -> Event:
    event = Event(kind=kind, at=at, conversation_id=conversation_id, actor=actor, data=data)
    session.add(event)
    return event


def queue_job(
    *, session: Session, kind: str, now: datetime, conversation_id: int | None = None,
    message_id: int | None = None, payload: dict[str, Any] | None = None,
) -> OutboxJob:
    job = OutboxJob(
        kind=kind, conversation_id=conversation_id, message_id=message_id, payload=payload or {},
        created_at=now, next_attempt_at=now,
    )
    session.add(job)
    return job


def due_jobs(*, session: Session, now: datetime, limit: int, lock: bool) -> list[OutboxJob]:
    """Pending jobs that are due and first in line for their conversation.

    A job waits while an earlier pending job of the same conversation exists, so a
    conversation's work is done strictly in order. With `lock` (PostgreSQL), rows are
    locked with SKIP LOCKED so several workers never take the same job.
    """
    earlier = aliased(OutboxJob)
    query = (
        select(OutboxJob)
        .where(
            OutboxJob.state == "pending",
            or_(col(OutboxJob.next_attempt_at).is_(None), col(OutboxJob.next_attempt_at) <= now),
            or_(col(OutboxJob.lease_until).is_(None), col(OutboxJob.lease_until) <= now),
            ~exists().where(
                and_(
                    col(earlier.state) == "pending",
                    col(earlier.conversation_id) == col(OutboxJob.conversation_id),
                    col(earlier.id) < col(OutboxJob.id),
                )
            ),
        )
        .order_by(col(OutboxJob.id))
        .limit(limit)
    )
    if lock:
        query = query.with_for_update(skip_locked=True, of=OutboxJob)  # type: ignore[arg-type]
    return list(session.exec(query).all())


def leases_held(*, session: Session, owner_prefix: str) -> list[OutboxJob]:
    """Pending jobs leased by workers whose owner id starts with `owner_prefix` (one host)."""
    query = select(OutboxJob).where(
        OutboxJob.state == "pending", col(OutboxJob.lease_owner).startswith(owner_prefix, autoescape=True)
    )
    return list(session.exec(query).all())


def next_job_time(*, session: Session) -> datetime | None:
    """When the earliest pending job becomes due (None if nothing is pending)."""
    query = select(OutboxJob.next_attempt_at).where(OutboxJob.state == "pending").order_by(col(OutboxJob.next_attempt_at)).limit(1)
    return session.exec(query).first()



def open_counts(*, session: Session, users: tuple[str, ...] | list[str]) -> dict[str, int]:
    """Open conversations owned by each of `users`."""
    from sqlalchemy import func

    if not users:
        return {}
    query = (
        select(Conversation.owner, func.count())
        .where(col(Conversation.owner).in_(list(users)), Conversation.status != "closed")
        .group_by(Conversation.owner)
    )
    return {owner: int(count) for owner, count in session.exec(query).all() if owner}
