"""What a rep's App Home shows, read from the store: their open conversations and the
unclaimed ones in their lanes, each list capped, with a count of what did not fit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from bot.conversations.availability import is_away
from bot.lanes import LanesConfig
from bot.store.models import Contact, Conversation

LIST_LIMIT = 20  # items per list; 2 × 20 items keep the Home tab well under Slack's 100 blocks


@dataclass(frozen=True)
class HomeItem:
    conversation_id: int
    contact_name: str | None  # untrusted: the customer's WhatsApp profile name
    contact_number: str  # E.164, or WhatsApp's own id (untrusted too)
    lane: str
    status: str
    score: int | None
    permalink: str | None  # of the card; None until the card is posted
    waiting_since: datetime | None  # the customer's last message, when we have not answered it


@dataclass(frozen=True)
class HomeData:
    away: bool
    mine: list[HomeItem] = field(default_factory=list)
    unclaimed: list[HomeItem] = field(default_factory=list)
    mine_more: int = 0  # open conversations of the user beyond `mine`
    unclaimed_more: int = 0
    lanes: tuple[str, ...] = ()  # the lanes whose unclaimed conversations the user sees


def home_data(*, session: Session, user: str, lanes: LanesConfig, now: datetime, limit: int = LIST_LIMIT) -> HomeData:
    """The Home of `user` as stored: away or not, their open conversations (the longest
    unanswered first, then the ones waiting on nobody, oldest first) and the unclaimed open
    ones in the lanes they may work (oldest first). Each list holds at most `limit` items.

    `now` is part of the call for symmetry with the renderer; the lists do not depend on it
    (waiting times are worded from `now` by `bot.slack.home.render_home`).
    """
    del now
    lane_names = tuple(lane.name for lane in lanes.lanes_of(user))
    waiting = _waiting_since()
    mine, mine_more = _items(
        session,
        col(Conversation.owner) == user,
        order=(case((waiting.is_(None), 1), else_=0), waiting, col(Conversation.created_at), col(Conversation.id)),
        limit=limit,
    )
    unclaimed: list[HomeItem] = []
    unclaimed_more = 0
    if lane_names:
        unclaimed, unclaimed_more = _items(
            session,
            and_(col(Conversation.owner).is_(None), col(Conversation.lane).in_(lane_names)),
            order=(col(Conversation.created_at), col(Conversation.id)),
            limit=limit,
        )
    return HomeData(
        away=is_away(session=session, user=user),
        mine=mine, unclaimed=unclaimed, mine_more=mine_more, unclaimed_more=unclaimed_more, lanes=lane_names,
    )


def _waiting_since() -> ColumnElement[Any]:
    """The customer's last inbound time when it is later than our last outbound, else NULL."""
    inbound, outbound = col(Conversation.last_inbound_at), col(Conversation.last_outbound_at)
    unanswered = and_(inbound.is_not(None), or_(outbound.is_(None), inbound > outbound))
    return case((unanswered, inbound), else_=None)


def _items(
    session: Session, where: ColumnElement[bool], *, order: tuple[Any, ...], limit: int
) -> tuple[list[HomeItem], int]:
    """Open conversations matching `where`, in `order`, at most `limit`, and how many more."""
    total = func.count().over()  # counted before LIMIT applies
    query = (
        select(Conversation, Contact, total)
        .join(Contact, col(Contact.id) == col(Conversation.contact_id))
        .where(col(Conversation.status) != "closed", where)
        .order_by(*order)
        .limit(limit)
    )
    rows = session.exec(query).all()
    items = [_item(conversation, contact) for conversation, contact, _ in rows]
    more = int(rows[0][2]) - len(items) if rows else 0
    return items, more


def _item(conversation: Conversation, contact: Contact) -> HomeItem:
    assert conversation.id is not None
    inbound, outbound = conversation.last_inbound_at, conversation.last_outbound_at
    unanswered = inbound is not None and (outbound is None or inbound > outbound)
    return HomeItem(
        conversation_id=conversation.id,
        contact_name=contact.profile_name,
        contact_number=contact.phone_e164 or contact.wa_id,
        lane=conversation.lane,
        status=conversation.status,
        score=conversation.score,
        permalink=conversation.permalink,
        waiting_since=inbound if unanswered else None,
    )
