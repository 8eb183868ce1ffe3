"""Ownership from Slack: claim, release, reassign, label, status, move and close.

Every function checks who may act, changes the conversation in the caller's transaction
(claims with a compare-and-set in SQL), appends an audit event and queues the card's
re-render from the database (so the card shows the last write, not the last click).
Each returns an Outcome whose text is told to the person who acted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from bot.store import Session

from bot.conversations.kinds import CARD, CARD_MOVED, CARD_UPDATE, HOME, NOTE, SEND
from bot.lanes import Lane, LanesConfig
from bot.slack.notes import local_time
from bot.slack.text import escape_mrkdwn
from bot.store import repo
from bot.conversations import timing
from bot.store.models import Conversation, Message
from bot.routing.ladder import FOLLOWUP_CHOICES, followup_time
from bot.conversations.schedule import reschedule, working_day

SETTABLE_STATUSES = {"claimed": "Claimed", "waiting": "Waiting for customer", "followup": "Follow-up needed"}


@dataclass(frozen=True)
class Outcome:
    ok: bool
    text: str


def card_of(*, session: Session, conversation_id: int) -> Conversation | None:
    return session.get(Conversation, conversation_id)


def card_at(*, session: Session, channel: str, ts: str) -> Conversation | None:
    """The conversation whose current card is the message (channel, ts)."""
    return repo.card_at(session=session, channel=channel, ts=ts)


# -- who may act --------------------------------------------------------------------


def _lane(lanes: LanesConfig, conversation: Conversation) -> Lane | None:
    return lanes.lane(conversation.lane) if lanes.has_lane(conversation.lane) else None


def _refuse_work(lanes: LanesConfig, conversation: Conversation, user: str, what: str) -> Outcome | None:
    lane = _lane(lanes, conversation)
    if conversation.status == "closed":
        return Outcome(False, "This conversation is closed.")
    if lane is None or not lanes.may_work(user, lane):
        return Outcome(False, f"Only members and leads of the *{escape_mrkdwn(conversation.lane)}* lane can {what}.")
    return None


def _refuse_manage(lanes: LanesConfig, conversation: Conversation, user: str, what: str) -> Outcome | None:
    lane = _lane(lanes, conversation)
    if conversation.status == "closed":
        return Outcome(False, "This conversation is closed.")
    if conversation.owner == user or (lane is not None and lanes.is_lead(user, lane)):
        return None
    owner = f"its owner (<@{conversation.owner}>)" if conversation.owner else "its owner"
    return Outcome(False, f"Only {owner} or a lead of the *{escape_mrkdwn(conversation.lane)}* lane can {what}.")


# -- changes ------------------------------------------------------------------------


def claim(*, session: Session, conversation_id: int, user: str, lanes: LanesConfig, now: datetime,
          via: str = "button") -> Outcome:
    conversation = card_of(session=session, conversation_id=conversation_id)
    if conversation is None:
        return Outcome(False, "This conversation no longer exists.")
    refused = _refuse_work(lanes, conversation, user, "claim it")
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
    _changed(session, conversation, "claimed", user, now, {"via": via}, lanes=lanes, refresh={user} | _lane_people(lanes, conversation))
    return Outcome(True, "You own this conversation now.")


def release(*, session: Session, conversation_id: int, user: str, lanes: LanesConfig, now: datetime) -> Outcome:
    conversation = card_of(session=session, conversation_id=conversation_id)
    if conversation is None:
        return Outcome(False, "This conversation no longer exists.")
    if conversation.owner is None:
        return Outcome(False, "Nobody owns this conversation.")
    refused = _refuse_manage(lanes, conversation, user, "release it")
    if refused:
        return refused
    previous = conversation.owner
    conversation.owner, conversation.claimed_at, conversation.status = None, None, "unclaimed"
    session.add(conversation)
    _changed(session, conversation, "released", user, now, {"from": previous}, lanes=lanes,
             refresh={previous, user} | _lane_people(lanes, conversation))
    return Outcome(True, "Released: it is unclaimed again.")


def reassign(*, session: Session, conversation_id: int, user: str, to_user: str, lanes: LanesConfig,
             now: datetime) -> Outcome:
    conversation = card_of(session=session, conversation_id=conversation_id)
    if conversation is None:
        return Outcome(False, "This conversation no longer exists.")
    refused = _refuse_manage(lanes, conversation, user, "reassign it")
    if refused:
        return refused
    lane = _lane(lanes, conversation)
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
    _changed(session, conversation, "reassigned", user, now, {"from": previous, "to": to_user}, lanes=lanes,
             refresh={to_user, user} | ({previous} if previous else set()))
    was = f" (was <@{previous}>)" if previous else ""
    _note(session, conversation, f":arrows_counterclockwise: <@{user}> reassigned this to <@{to_user}>{was}.", now)
    return Outcome(True, f"Reassigned to <@{to_user}>.")


def set_label(*, session: Session, conversation_id: int, user: str, label: str, lanes: LanesConfig,
              now: datetime) -> Outcome:
    conversation = card_of(session=session, conversation_id=conversation_id)
    if conversation is None:
        return Outcome(False, "This conversation no longer exists.")
    refused = _refuse_work(lanes, conversation, user, "label it")
    if refused:
        return refused
    if label not in lanes.labels:
        return Outcome(False, "That label is not in the lanes file.")
    if conversation.label == label:
        return Outcome(True, f"Already labelled *{escape_mrkdwn(label)}*.")
    previous = conversation.label
    conversation.label = label
    session.add(conversation)
    _changed(session, conversation, "labelled", user, now, {"from": previous, "to": label}, lanes=lanes)
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
    refused = _refuse_manage(lanes, conversation, user, "change its status")
    if refused:
        return refused
    if conversation.status == status:
        return Outcome(True, f"Already *{SETTABLE_STATUSES[status]}*.")
    previous = conversation.status
    conversation.status = status
    session.add(conversation)
    _changed(session, conversation, "status_changed", user, now, {"from": previous, "to": status}, lanes=lanes)
    return Outcome(True, f"Status: *{SETTABLE_STATUSES[status]}*.")


def set_followup(*, session: Session, conversation_id: int, user: str, choice: str, lanes: LanesConfig,
                 now: datetime) -> Outcome:
    """"Remind me": status Follow-up needed, and the owner is pinged when it is due."""
    conversation = card_of(session=session, conversation_id=conversation_id)
    if conversation is None:
        return Outcome(False, "This conversation no longer exists.")
    if conversation.owner is None and conversation.status != "closed":
        return Outcome(False, "Claim it first: follow-ups are for the owner.")
    refused = _refuse_manage(lanes, conversation, user, "set a follow-up")
    if refused:
        return refused
    lane = _lane(lanes, conversation)
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
    _changed(session, conversation, "followup_set", user, now, {"from": previous, "at": at.isoformat()},
             lanes=lanes)
    return Outcome(True, f"Follow-up set: {words}.")


def move(*, session: Session, conversation_id: int, user: str, lane_name: str, lanes: LanesConfig,
         now: datetime) -> Outcome:
    conversation = card_of(session=session, conversation_id=conversation_id)
    if conversation is None:
        return Outcome(False, "This conversation no longer exists.")
    source = _lane(lanes, conversation)
    if conversation.status == "closed":
        return Outcome(False, "This conversation is closed.")
    if source is None or not lanes.is_lead(user, source):
        return Outcome(False, f"Only a lead of the *{escape_mrkdwn(conversation.lane)}* lane can move it.")
    if not lanes.has_lane(lane_name) or lane_name == conversation.lane:
        return Outcome(False, "Choose another lane from the lanes file.")
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
        _note(session, conversation, f":truck: <@{user}> moved this conversation to the *{escape_mrkdwn(target.name)}* "
              "lane; it continues there.", now, channel=old_channel, thread_ts=old_ts)
    repo.queue_job(session=session, kind=CARD, conversation_id=conversation.id, now=now)
    _note(session, conversation, f":truck: Moved here from *{escape_mrkdwn(source.name)}* by <@{user}>.", now)
    _refresh_homes(session, conversation, {user} | ({previous_owner} if previous_owner else set()), now)
    return Outcome(True, f"Moved to *{escape_mrkdwn(target.name)}*.")


def can_close(*, session: Session, conversation_id: int, user: str, lanes: LanesConfig) -> Outcome:
    conversation = card_of(session=session, conversation_id=conversation_id)
    if conversation is None:
        return Outcome(False, "This conversation no longer exists.")
    return _refuse_manage(lanes, conversation, user, "close it") or Outcome(True, "")


def close(*, session: Session, conversation_id: int, user: str, outcome: str, note: str | None,
          closing_message: str | None, lanes: LanesConfig, now: datetime) -> Outcome:
    allowed = can_close(session=session, conversation_id=conversation_id, user=user, lanes=lanes)
    if not allowed.ok:
        return allowed
    if outcome not in lanes.outcomes:
        return Outcome(False, "Choose an outcome from the lanes file.")
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
    return Outcome(True, f"Closed as *{escape_mrkdwn(outcome)}*.")


def close_conversation(*, session: Session, conversation: Conversation, actor: str, outcome: str,
                       note: str | None, lanes: LanesConfig, now: datetime, data: dict[str, Any] | None = None) -> None:
    """Close without a permission check (the caller decided): a person through `close`, or a timer."""
    previous_owner = conversation.owner
    conversation.status, conversation.open_key = "closed", None
    conversation.outcome, conversation.closed_at, conversation.closed_by = outcome, now, actor
    conversation.next_due_at = conversation.due_kind = None
    session.add(conversation)
    people = {actor} | ({previous_owner} if previous_owner else set())
    _changed(session, conversation, "closed", actor, now, {"outcome": outcome, "note": note or None, **(data or {})},
             lanes=lanes,
             refresh={p for p in people if p.startswith(("U", "W"))})
    extra = "".join(f"\n>{escape_mrkdwn(line)}" for line in note.strip().splitlines()) if note else ""
    who = f"<@{actor}>" if actor.startswith(("U", "W")) else actor
    _note(session, conversation, f":lock: Closed by {who} — *{escape_mrkdwn(outcome)}*{extra}", now)


# -- what every change queues -------------------------------------------------------


def _changed(session: Session, conversation: Conversation, kind: str, actor: str, now: datetime,
             data: dict[str, Any], *, lanes: LanesConfig, refresh: set[str] | None = None) -> None:
    repo.add_event(session=session, kind=kind, at=now, conversation_id=conversation.id, actor=actor, data=data)
    repo.queue_job(session=session, kind=CARD_UPDATE, conversation_id=conversation.id, now=now)
    reschedule(session=session, conversation=conversation, lanes=lanes, now=now)
    _refresh_homes(session, conversation, refresh or set(), now)


def _lane_people(lanes: LanesConfig, conversation: Conversation) -> set[str]:
    """Everyone whose "Unclaimed in my lanes" lists this conversation."""
    lane = _lane(lanes, conversation)
    return set(lane.members) | set(lane.leads) | set(lanes.workspace.leads) if lane else set()


def _refresh_homes(session: Session, conversation: Conversation, users: set[str], now: datetime) -> None:
    for user in sorted(u for u in users if u):
        repo.queue_job(session=session, kind=HOME, payload={"user": user}, now=now)


def _note(session: Session, conversation: Conversation, text: str, now: datetime, **where: str) -> None:
    repo.queue_job(session=session, kind=NOTE, conversation_id=conversation.id, payload={"text": text, **where},
                   now=now)
