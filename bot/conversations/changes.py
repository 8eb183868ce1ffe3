"""What every change to a conversation from Slack shares: the Outcome told to the person
who acted, who may act, and what each change queues (audit event, card re-render, due
times, the App Homes that list it, notes in the thread)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.conversations.kinds import CARD_UPDATE, HOME, NOTE
from bot.conversations.schedule import reschedule
from bot.lanes import Lane, LanesConfig
from bot.slack import card_notes
from bot.store import Session, repo
from bot.store.models import Conversation


@dataclass(frozen=True)
class Outcome:
    ok: bool
    text: str


def card_of(*, session: Session, conversation_id: int) -> Conversation | None:
    return session.get(Conversation, conversation_id)


def lane_of(lanes: LanesConfig, conversation: Conversation) -> Lane | None:
    return lanes.lane(conversation.lane) if lanes.has_lane(conversation.lane) else None


def refuse_work(lanes: LanesConfig, conversation: Conversation, user: str, what: str) -> Outcome | None:
    lane = lane_of(lanes, conversation)
    if conversation.status == "closed":
        return Outcome(False, card_notes.CLOSED)
    if lane is None or not lanes.may_work(user, lane):
        return Outcome(False, card_notes.only_workers(conversation.lane, what))
    return None


def refuse_manage(lanes: LanesConfig, conversation: Conversation, user: str, what: str) -> Outcome | None:
    lane = lane_of(lanes, conversation)
    if conversation.status == "closed":
        return Outcome(False, card_notes.CLOSED)
    if conversation.owner == user or (lane is not None and lanes.is_lead(user, lane)):
        return None
    return Outcome(False, card_notes.only_managers(conversation.owner, conversation.lane, what))


def changed(session: Session, conversation: Conversation, kind: str, actor: str, now: datetime,
             data: dict[str, Any], *, lanes: LanesConfig, refresh: set[str] | None = None) -> None:
    repo.add_event(session=session, kind=kind, at=now, conversation_id=conversation.id, actor=actor, data=data)
    repo.queue_job(session=session, kind=CARD_UPDATE, conversation_id=conversation.id, now=now)
    reschedule(session=session, conversation=conversation, lanes=lanes, now=now)
    refresh_homes(session, conversation, refresh or set(), now)


def lane_people(lanes: LanesConfig, conversation: Conversation) -> set[str]:
    """Everyone whose "Unclaimed in my lanes" lists this conversation."""
    lane = lane_of(lanes, conversation)
    return set(lane.members) | set(lane.leads) | set(lanes.workspace.leads) if lane else set()


def refresh_homes(session: Session, conversation: Conversation, users: set[str], now: datetime) -> None:
    for user in sorted(u for u in users if u):
        repo.queue_job(session=session, kind=HOME, payload={"user": user}, now=now)


def thread_note(session: Session, conversation: Conversation, text: str, now: datetime, **where: str) -> None:
    repo.queue_job(session=session, kind=NOTE, conversation_id=conversation.id, payload={"text": text, **where},
                   now=now)
