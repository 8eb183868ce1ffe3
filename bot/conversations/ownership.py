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
    Outcome, card_of, changed, lane_of, lane_people, refresh_homes, refuse_manage, refuse_work, thread_note,
)
from bot.conversations.schedule import working_day
from bot.lanes import LanesConfig
from bot.routing.ladder import FOLLOWUP_CHOICES, followup_time
from bot.slack.notes import local_time
from bot.slack.text import escape_mrkdwn
from bot.store import Session, repo

__all__ = ["Outcome", "claim", "reassign", "release", "set_followup", "set_label", "set_status"]

SETTABLE_STATUSES = {"claimed": "Claimed", "waiting": "Waiting for customer", "followup": "Follow-up needed"}

# -- changes ------------------------------------------------------------------------


def claim(*, session: Session, conversation_id: int, user: str, lanes: LanesConfig, now: datetime,
          via: str = "button") -> Outcome:
    conversation = card_of(session=session, conversation_id=conversation_id)
    if conversation is None:
        return Outcome(False, "This conversation no longer exists.")
    refused = refuse_work(lanes, conversation, user, "claim it")
    if refused:
        return refused
    won = repo.take_ownership(session=session, conversation_id=conversation_id, user=user, now=now)
    session.expire(conversation)
    if not won:
        owner = conversation.owner
        if owner == user:
            return Outcome(True, "You already own this conversation.")
        return Outcome(False, f"Already claimed by <@{owner}>." if owner else "This conversation is closed.")
    timing.first_owner(conversation, lanes, now, via="person")
    session.add(conversation)
    changed(session, conversation, "claimed", user, now, {"via": via}, lanes=lanes, refresh={user} | lane_people(lanes, conversation))
    return Outcome(True, "You own this conversation now.")


def release(*, session: Session, conversation_id: int, user: str, lanes: LanesConfig, now: datetime) -> Outcome:
    conversation = card_of(session=session, conversation_id=conversation_id)
    if conversation is None:
        return Outcome(False, "This conversation no longer exists.")
    if conversation.owner is None:
        return Outcome(False, "Nobody owns this conversation.")
    refused = refuse_manage(lanes, conversation, user, "release it")
    if refused:
        return refused
    previous = conversation.owner
    conversation.owner, conversation.claimed_at, conversation.status = None, None, "unclaimed"
    session.add(conversation)
    changed(session, conversation, "released", user, now, {"from": previous}, lanes=lanes,
             refresh={previous, user} | lane_people(lanes, conversation))
    return Outcome(True, "Released: it is unclaimed again.")


def reassign(*, session: Session, conversation_id: int, user: str, to_user: str, lanes: LanesConfig,
             now: datetime) -> Outcome:
    conversation = card_of(session=session, conversation_id=conversation_id)
    if conversation is None:
        return Outcome(False, "This conversation no longer exists.")
    refused = refuse_manage(lanes, conversation, user, "reassign it")
    if refused:
        return refused
    lane = lane_of(lanes, conversation)
    if lane is None or to_user not in lane.members:
        return Outcome(False, f"<@{to_user}> is not a member of the *{escape_mrkdwn(conversation.lane)}* lane.")
    previous = conversation.owner
    if previous == to_user:
        return Outcome(True, f"<@{to_user}> already owns it.")
    conversation.owner, conversation.claimed_at = to_user, now
    timing.first_owner(conversation, lanes, now, via="person")
    if conversation.status == "unclaimed":
        conversation.status = "claimed"
    conversation.reassign_count += 1
    session.add(conversation)
    changed(session, conversation, "reassigned", user, now, {"from": previous, "to": to_user}, lanes=lanes,
             refresh={to_user, user} | ({previous} if previous else set()))
    was = f" (was <@{previous}>)" if previous else ""
    thread_note(session, conversation, f":arrows_counterclockwise: <@{user}> reassigned this to <@{to_user}>{was}.", now)
    return Outcome(True, f"Reassigned to <@{to_user}>.")


def set_label(*, session: Session, conversation_id: int, user: str, label: str, lanes: LanesConfig,
              now: datetime) -> Outcome:
    conversation = card_of(session=session, conversation_id=conversation_id)
    if conversation is None:
        return Outcome(False, "This conversation no longer exists.")
    refused = refuse_work(lanes, conversation, user, "label it")
    if refused:
        return refused
    if label not in lanes.labels:
        return Outcome(False, "That label is not in the lanes file.")
    if conversation.label == label:
        return Outcome(True, f"Already labelled *{escape_mrkdwn(label)}*.")
    previous = conversation.label
    conversation.label = label
    session.add(conversation)
    changed(session, conversation, "labelled", user, now, {"from": previous, "to": label}, lanes=lanes)
    return Outcome(True, f"Labelled *{escape_mrkdwn(label)}*.")


def set_status(*, session: Session, conversation_id: int, user: str, status: str, lanes: LanesConfig,
               now: datetime) -> Outcome:
    conversation = card_of(session=session, conversation_id=conversation_id)
    if conversation is None:
        return Outcome(False, "This conversation no longer exists.")
    if status not in SETTABLE_STATUSES:
        return Outcome(False, "That status cannot be chosen here.")
    if conversation.owner is None and conversation.status != "closed":
        return Outcome(False, "Claim it first: only an owned conversation has that status.")
    refused = refuse_manage(lanes, conversation, user, "change its status")
    if refused:
        return refused
    if conversation.status == status:
        return Outcome(True, f"Already *{SETTABLE_STATUSES[status]}*.")
    previous = conversation.status
    conversation.status = status
    session.add(conversation)
    changed(session, conversation, "status_changed", user, now, {"from": previous, "to": status}, lanes=lanes)
    return Outcome(True, f"Status: *{SETTABLE_STATUSES[status]}*.")


def set_followup(*, session: Session, conversation_id: int, user: str, choice: str, lanes: LanesConfig,
                 now: datetime) -> Outcome:
    """"Remind me": status Follow-up needed, and the owner is pinged when it is due."""
    conversation = card_of(session=session, conversation_id=conversation_id)
    if conversation is None:
        return Outcome(False, "This conversation no longer exists.")
    if conversation.owner is None and conversation.status != "closed":
        return Outcome(False, "Claim it first: follow-ups are for the owner.")
    refused = refuse_manage(lanes, conversation, user, "set a follow-up")
    if refused:
        return refused
    lane = lane_of(lanes, conversation)
    if choice.startswith("at:"):  # a custom time from the card's date-time picker (Unix seconds)
        seconds = choice[3:]
        at = datetime.fromtimestamp(int(seconds), tz=timezone.utc) if seconds.isdigit() else None
        if at is not None and at <= now:
            return Outcome(False, "Choose a time in the future.")
        words = f"on {local_time(at, lanes.workspace.timezone)}" if at else ""
    else:
        at = followup_time(choice, now=now, tz=lanes.workspace.timezone,
                           is_working_day=working_day(lanes, lane) if lane else (lambda _day: True))
        words = FOLLOWUP_CHOICES.get(choice, "")
    if at is None:
        return Outcome(False, "Choose one of the offered times.")
    previous = conversation.status
    conversation.status, conversation.followup_at = "followup", at
    session.add(conversation)
    changed(session, conversation, "followup_set", user, now, {"from": previous, "at": at.isoformat()},
             lanes=lanes)
    return Outcome(True, f"Follow-up set: {words}.")
