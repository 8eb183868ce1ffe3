"""Due times in the database: `reschedule` after every change, `sweep` when they come.

The sweep takes due conversations with `FOR UPDATE SKIP LOCKED` (PostgreSQL; SQLite
serialises writers) and applies each step in that same transaction, so a step fires
once however many processes sweep, and a restart continues the ladder from the rows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta

from bot.lanes import Lane, LanesConfig
from bot.lanes.hours import Calendar, parse_hours
from bot.routing.ladder import Due, TimerState, first_due
from bot.store import Session, repo
from bot.store.models import Conversation

log = logging.getLogger(__name__)


def calendar_of(lanes: LanesConfig, lane: Lane, owner: str | None = None, band: str | None = None) -> Calendar:
    """The working-hours calendar SLA clocks count in: the owner's own hours and time zone
    when they have some ([members.U…]), else the lane's, else the workspace's."""
    calendar = lanes.calendar(lane, member=owner)
    if lane.after_hours_pings or (lane.after_hours_hot and band == "hot"):  # opted in: around the clock
        return Calendar(tz=calendar.tz, weekly=parse_hours("24/7"))
    return calendar


def close_after_of(lane: Lane, band: str | None) -> timedelta:
    """How long a conversation waits for the customer before the nudge: half as long for a cold lead."""
    return lane.close_after / 2 if band == "cold" else lane.close_after


def working_day(lanes: LanesConfig, lane: Lane) -> Callable[[date], bool]:
    """Whether a local date has working hours for the lane."""
    calendar = calendar_of(lanes, lane)
    return lambda day: bool(calendar.windows(day))


def state_of(conversation: Conversation) -> TimerState:
    return TimerState(status=conversation.status, owner=conversation.owner, ping_count=conversation.ping_count,
                      last_inbound_at=conversation.last_inbound_at, last_outbound_at=conversation.last_outbound_at,
                      followup_at=conversation.followup_at)


def set_due(conversation: Conversation, due: Due | None) -> None:
    conversation.next_due_at, conversation.due_kind = (due.at, due.kind) if due else (None, None)


def reschedule(*, session: Session, conversation: Conversation, lanes: LanesConfig, now: datetime) -> None:
    """Recompute the conversation's next due item after a change (a claim, a reply, …)."""
    if not lanes.has_lane(conversation.lane):
        set_due(conversation, None)
    else:
        lane = lanes.lane(conversation.lane)
        if conversation.owner is not None:
            conversation.ping_count = 0  # a new owner starts a fresh ladder
        calendar = calendar_of(lanes, lane, conversation.owner, conversation.score_band)
        set_due(conversation, first_due(state_of(conversation), lane, calendar, now=now,
                                        close_after=close_after_of(lane, conversation.score_band)))
    session.add(conversation)


def due_now(*, session: Session, now: datetime, limit: int, lock: bool) -> list[Conversation]:
    """Conversations whose due time has come, oldest first (uses the next_due_at index)."""
    return repo.due_now(session=session, now=now, limit=limit, lock=lock)
