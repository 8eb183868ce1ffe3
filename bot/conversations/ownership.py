"""Ownership from Slack: claim, release, reassign, label, status and follow-ups (moves and
closes are in `closing`).

Every function checks who may act, changes the conversation in the caller's transaction
(claims with a compare-and-set in SQL), appends an audit event and queues the card's
re-render from the database (so the card shows the last write, not the last click).
Each returns an Outcome whose text is told to the person who acted.
"""

from __future__ import annotations

from datetime import datetime, timezone

from bot.conversations import timing
from bot.conversations.changes import (
    Outcome,
    card_of,
    changed,
    lane_of,
    lane_people,
    refuse_manage,
    refuse_work,
    thread_note,
)
from bot.conversations.schedule import working_day
from bot.conversations.triage import learn_label
from bot.lanes import LanesConfig
from bot.routing.ladder import FOLLOWUP_CHOICES, followup_time
from bot.slack.notes import local_time
from bot.slack import card_notes
from bot.store import Session, repo

__all__ = ["Outcome", "claim", "reassign", "release", "set_followup", "set_label", "set_status"]

SETTABLE_STATUSES = card_notes.STATUS_NAMES

# -- changes ------------------------------------------------------------------------


def claim(*, session: Session, conversation_id: int, user: str, lanes: LanesConfig, now: datetime,
          via: str = "button") -> Outcome:
    conversation = card_of(session=session, conversation_id=conversation_id)
    if conversation is None:
        return Outcome(False, card_notes.GONE)
    refused = refuse_work(lanes, conversation, user, "claim it")
    if refused:
        return refused
    won = repo.take_ownership(session=session, conversation_id=conversation_id, user=user, now=now)
    session.expire(conversation)
    if not won:
        owner = conversation.owner
        if owner == user:
            return Outcome(True, card_notes.ALREADY_YOURS)
        return Outcome(False, card_notes.claimed_by(owner))
    timing.first_owner(conversation, lanes, now, via="person")
    session.add(conversation)
    changed(session, conversation, "claimed", user, now, {"via": via}, lanes=lanes, refresh={user} | lane_people(lanes, conversation))
    return Outcome(True, card_notes.YOURS_NOW)


def release(*, session: Session, conversation_id: int, user: str, lanes: LanesConfig, now: datetime) -> Outcome:
    conversation = card_of(session=session, conversation_id=conversation_id)
    if conversation is None:
        return Outcome(False, card_notes.GONE)
    if conversation.owner is None:
        return Outcome(False, card_notes.NOBODY_OWNS)
    refused = refuse_manage(lanes, conversation, user, "release it")
    if refused:
        return refused
    previous = conversation.owner
    conversation.owner, conversation.claimed_at, conversation.status = None, None, "unclaimed"
    session.add(conversation)
    changed(session, conversation, "released", user, now, {"from": previous}, lanes=lanes,
             refresh={previous, user} | lane_people(lanes, conversation))
    return Outcome(True, card_notes.RELEASED)


def reassign(*, session: Session, conversation_id: int, user: str, to_user: str, lanes: LanesConfig,
             now: datetime) -> Outcome:
    conversation = card_of(session=session, conversation_id=conversation_id)
    if conversation is None:
        return Outcome(False, card_notes.GONE)
    refused = refuse_manage(lanes, conversation, user, "reassign it")
    if refused:
        return refused
    lane = lane_of(lanes, conversation)
    if lane is None or to_user not in lane.members:
        return Outcome(False, card_notes.not_a_member(to_user, conversation.lane))
    previous = conversation.owner
    if previous == to_user:
        return Outcome(True, card_notes.already_owns(to_user))
    conversation.owner, conversation.claimed_at = to_user, now
    timing.first_owner(conversation, lanes, now, via="person")
    if conversation.status == "unclaimed":
        conversation.status = "claimed"
    conversation.reassign_count += 1
    session.add(conversation)
    changed(session, conversation, "reassigned", user, now, {"from": previous, "to": to_user}, lanes=lanes,
             refresh={to_user, user} | ({previous} if previous else set()))
    was = f" (was <@{previous}>)" if previous else ""
    thread_note(session, conversation, card_notes.reassigned_note(user, to_user, was), now)
    return Outcome(True, card_notes.reassigned(to_user))


def set_label(*, session: Session, conversation_id: int, user: str, label: str, lanes: LanesConfig,
              now: datetime) -> Outcome:
    conversation = card_of(session=session, conversation_id=conversation_id)
    if conversation is None:
        return Outcome(False, card_notes.GONE)
    refused = refuse_work(lanes, conversation, user, "label it")
    if refused:
        return refused
    if label not in lanes.labels:
        return Outcome(False, card_notes.LABEL_UNKNOWN)
    learn_label(session=session, conversation=conversation, label=label, user=user, now=now)  # triage data
    if conversation.label == label:
        return Outcome(True, card_notes.already_labelled(label))
    previous = conversation.label
    conversation.label = label
    session.add(conversation)
    changed(session, conversation, "labelled", user, now, {"from": previous, "to": label}, lanes=lanes)
    return Outcome(True, card_notes.labelled(label))


def set_status(*, session: Session, conversation_id: int, user: str, status: str, lanes: LanesConfig,
               now: datetime) -> Outcome:
    conversation = card_of(session=session, conversation_id=conversation_id)
    if conversation is None:
        return Outcome(False, card_notes.GONE)
    if status not in SETTABLE_STATUSES:
        return Outcome(False, card_notes.STATUS_UNKNOWN)
    if conversation.owner is None and conversation.status != "closed":
        return Outcome(False, card_notes.CLAIM_FOR_STATUS)
    refused = refuse_manage(lanes, conversation, user, "change its status")
    if refused:
        return refused
    if conversation.status == status:
        return Outcome(True, card_notes.already_status(status))
    previous = conversation.status
    conversation.status = status
    session.add(conversation)
    changed(session, conversation, "status_changed", user, now, {"from": previous, "to": status}, lanes=lanes)
    return Outcome(True, card_notes.status_set(status))


def set_followup(*, session: Session, conversation_id: int, user: str, choice: str, lanes: LanesConfig,
                 now: datetime) -> Outcome:
    """"Remind me": status Follow-up needed, and the owner is pinged when it is due."""
    conversation = card_of(session=session, conversation_id=conversation_id)
    if conversation is None:
        return Outcome(False, card_notes.GONE)
    if conversation.owner is None and conversation.status != "closed":
        return Outcome(False, card_notes.CLAIM_FOR_FOLLOWUP)
    refused = refuse_manage(lanes, conversation, user, "set a follow-up")
    if refused:
        return refused
    lane = lane_of(lanes, conversation)
    if choice.startswith("at:"):  # a custom time from the card's date-time picker (Unix seconds)
        seconds = choice[3:]
        at = datetime.fromtimestamp(int(seconds), tz=timezone.utc) if seconds.isdigit() else None
        if at is not None and at <= now:
            return Outcome(False, card_notes.FOLLOWUP_IN_PAST)
        words = f"on {local_time(at, lanes.workspace.timezone)}" if at else ""
    else:
        at = followup_time(choice, now=now, tz=lanes.workspace.timezone,
                           is_working_day=working_day(lanes, lane) if lane else (lambda _day: True))
        words = FOLLOWUP_CHOICES.get(choice, "")
    if at is None:
        return Outcome(False, card_notes.FOLLOWUP_UNKNOWN)
    previous = conversation.status
    conversation.status, conversation.followup_at = "followup", at
    session.add(conversation)
    changed(session, conversation, "followup_set", user, now, {"from": previous, "at": at.isoformat()},
             lanes=lanes)
    return Outcome(True, card_notes.followup_set(words))
