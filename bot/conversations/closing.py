"""Where a conversation ends up: moved to another lane (a new card there, the old one
marked), or closed with an outcome by a person or a timer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.conversations.changes import (
    Outcome,
    card_of,
    changed,
    lane_of,
    refresh_homes,
    refuse_manage,
    thread_note,
)
from bot.conversations.confirmation import ask as ask_confirmation
from bot.conversations.kinds import CARD, CARD_MOVED, SEND
from bot.lanes import LanesConfig
from bot.slack import card_notes
from bot.store import Session, repo
from bot.store.models import Conversation, Message


def move(*, session: Session, conversation_id: int, user: str, lane_name: str, lanes: LanesConfig,
         now: datetime) -> Outcome:
    conversation = card_of(session=session, conversation_id=conversation_id)
    if conversation is None:
        return Outcome(False, card_notes.GONE)
    source = lane_of(lanes, conversation)
    if conversation.status == "closed":
        return Outcome(False, card_notes.CLOSED)
    if source is None or not lanes.is_lead(user, source):
        return Outcome(False, card_notes.only_leads_move(conversation.lane))
    if not lanes.has_lane(lane_name) or lane_name == conversation.lane:
        return Outcome(False, card_notes.LANE_UNKNOWN)
    target = lanes.lane(lane_name)
    old_channel, old_ts, previous_owner = conversation.channel, conversation.thread_ts, conversation.owner
    conversation.lane, conversation.channel = target.name, target.channel
    conversation.moved_from, conversation.thread_ts, conversation.permalink = conversation.permalink, None, None
    if conversation.owner and not lanes.may_work(conversation.owner, target):
        conversation.owner, conversation.claimed_at, conversation.status = None, None, "unclaimed"
    session.add(conversation)
    data = {"from": source.name, "to": target.name}
    repo.add_event(session=session, kind="moved", at=now, conversation_id=conversation.id, actor=user, data=data)
    if old_ts:
        repo.queue_job(session=session, kind=CARD_MOVED, conversation_id=conversation.id, now=now,
                       payload={"channel": old_channel, "ts": old_ts, "to_lane": target.name})
        thread_note(session, conversation, card_notes.moved_away_note(user, target.name), now,
                    channel=old_channel, thread_ts=old_ts)
    repo.queue_job(session=session, kind=CARD, conversation_id=conversation.id, now=now)
    thread_note(session, conversation, card_notes.moved_here_note(user, source.name), now)
    refresh_homes(session, conversation, {user} | ({previous_owner} if previous_owner else set()), now)
    return Outcome(True, card_notes.moved(target.name))


def can_close(*, session: Session, conversation_id: int, user: str, lanes: LanesConfig) -> Outcome:
    conversation = card_of(session=session, conversation_id=conversation_id)
    if conversation is None:
        return Outcome(False, card_notes.GONE)
    return refuse_manage(lanes, conversation, user, "close it") or Outcome(True, "")


def close(*, session: Session, conversation_id: int, user: str, outcome: str, note: str | None,
          closing_message: str | None, lanes: LanesConfig, now: datetime, confirm: bool = False) -> Outcome:
    allowed = can_close(session=session, conversation_id=conversation_id, user=user, lanes=lanes)
    if not allowed.ok:
        return allowed
    if outcome not in lanes.outcomes:
        return Outcome(False, card_notes.OUTCOME_UNKNOWN)
    conversation = card_of(session=session, conversation_id=conversation_id)
    assert conversation is not None and conversation.id is not None
    if closing_message and closing_message.strip():
        message = Message(conversation_id=conversation.id, direction="out", body=closing_message.strip(),
                          author=user, status="pending", status_at=now, created_at=now)
        session.add(message)
        session.flush()
        repo.queue_job(session=session, kind=SEND, conversation_id=conversation.id, message_id=message.id, now=now)
    close_conversation(session=session, conversation=conversation, actor=user, outcome=outcome, note=note,
                       lanes=lanes, now=now, data={"closing_message": bool(closing_message)})
    if confirm:  # the customer answers Solved (closed for good) or I still need help (reopens)
        ask_confirmation(session=session, conversation=conversation, lanes=lanes, now=now)
    return Outcome(True, card_notes.closed_as(outcome))


def close_conversation(*, session: Session, conversation: Conversation, actor: str, outcome: str,
                       note: str | None, lanes: LanesConfig, now: datetime, data: dict[str, Any] | None = None) -> None:
    """Close without a permission check (the caller decided): a person through `close`, or a timer."""
    previous_owner = conversation.owner
    conversation.status, conversation.open_key = "closed", None
    conversation.outcome, conversation.closed_at, conversation.closed_by = outcome, now, actor
    conversation.next_due_at = conversation.due_kind = None
    session.add(conversation)
    people = {actor} | ({previous_owner} if previous_owner else set())
    changed(session, conversation, "closed", actor, now, {"outcome": outcome, "note": note or None, **(data or {})},
             lanes=lanes,
             refresh={p for p in people if p.startswith(("U", "W"))})
    thread_note(session, conversation, card_notes.closed_note(actor, outcome, note), now)
