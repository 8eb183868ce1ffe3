"""Conversations: finding them, and the compare-and-set changes that decide races."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, or_, update
from sqlmodel import Session, col, select

from bot.store.models import Contact, Conversation


def open_conversation(*, session: Session, contact_id: int) -> Conversation | None:
    return session.exec(select(Conversation).where(Conversation.open_key == contact_id)).first()


def last_conversation(*, session: Session, contact_id: int) -> Conversation | None:
    query = select(Conversation).where(Conversation.contact_id == contact_id).order_by(col(Conversation.id).desc())
    return session.exec(query).first()


def open_counts(*, session: Session, users: tuple[str, ...] | list[str]) -> dict[str, int]:
    """Open conversations owned by each of `users`."""
    if not users:
        return {}
    query = (
        select(Conversation.owner, func.count())
        .where(col(Conversation.owner).in_(list(users)), Conversation.status != "closed")
        .group_by(Conversation.owner)
    )
    return {owner: int(count) for owner, count in session.exec(query).all() if owner}


def card_at(*, session: Session, channel: str, ts: str) -> Conversation | None:
    """The conversation whose current card is the message (channel, ts)."""
    query = select(Conversation).where(Conversation.channel == channel, Conversation.thread_ts == ts)
    return session.exec(query).first()


def take_ownership(*, session: Session, conversation_id: int, user: str, now: datetime) -> bool:
    """Compare-and-set: `user` owns the conversation if nobody did and it is open."""
    won = session.execute(  # type: ignore[attr-defined]  # CursorResult: the compare-and-set
        update(Conversation)
        .where(col(Conversation.id) == conversation_id, col(Conversation.owner).is_(None),
               col(Conversation.status) != "closed")
        .values(owner=user, claimed_at=now, status="claimed")
        .execution_options(synchronize_session=False)
    ).rowcount
    return bool(won == 1)


def due_now(*, session: Session, now: datetime, limit: int, lock: bool) -> list[Conversation]:
    """Conversations whose due time has come, oldest first (uses the next_due_at index)."""
    query = (
        select(Conversation)
        .where(col(Conversation.next_due_at).is_not(None), col(Conversation.next_due_at) <= now)
        .order_by(col(Conversation.next_due_at))
        .limit(limit)
    )
    if lock:
        query = query.with_for_update(skip_locked=True)
    return list(session.exec(query).all())


def open_in_lane(*, session: Session, lane: str) -> list[tuple[Conversation, Contact]]:
    """A lane's open conversations with their contacts, oldest first."""
    query = (
        select(Conversation, Contact).join(Contact, col(Contact.id) == col(Conversation.contact_id))
        .where(Conversation.lane == lane, Conversation.status != "closed")
        .order_by(col(Conversation.created_at))
    )
    return [(conversation, contact) for conversation, contact in session.exec(query).all()]


def open_for_home(
    *, session: Session, owner: str | None = None, lanes: list[str] | None = None, limit: int,
) -> tuple[list[tuple[Conversation, Contact]], int]:
    """Open conversations owned by `owner` (customers waiting longest first), or unclaimed in
    `lanes` (highest lead score first, then oldest); at most `limit`, and how many more there are."""
    if owner is not None:
        inbound, outbound = col(Conversation.last_inbound_at), col(Conversation.last_outbound_at)
        unanswered = and_(inbound.is_not(None), or_(outbound.is_(None), inbound > outbound))
        waiting_since = case((unanswered, inbound), else_=None)
        where: Any = col(Conversation.owner) == owner
        order: tuple[Any, ...] = (case((waiting_since.is_(None), 1), else_=0), waiting_since,
                                  col(Conversation.created_at), col(Conversation.id))
    else:
        where = and_(col(Conversation.owner).is_(None), col(Conversation.lane).in_(lanes or []))
        score = col(Conversation.score)  # hottest first; unscored last; then oldest first
        order = (case((score.is_(None), 1), else_=0), score.desc(), col(Conversation.created_at), col(Conversation.id))
    total = func.count().over()  # counted before LIMIT applies
    query = (
        select(Conversation, Contact, total)
        .join(Contact, col(Contact.id) == col(Conversation.contact_id))
        .where(col(Conversation.status) != "closed", where)
        .order_by(*order)
        .limit(limit)
    )
    rows = session.exec(query).all()
    more = int(rows[0][2]) - len(rows) if rows else 0
    return [(conversation, contact) for conversation, contact, _ in rows], more
