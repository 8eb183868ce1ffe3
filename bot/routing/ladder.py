"""The escalation ladder as pure decisions (no I/O, no clock): given a conversation's
state, its lane, a working-hours calendar and `now`, what happens now and what is due next.

Due kinds: "claim" (unclaimed past claim_within: re-ping, then reassign or escalate),
"reply" (customer waiting past reply_within: remind the owner), "reply_escalate" (one
more period: escalate), "no_response" (waiting for the customer past close_after: nudge
the owner), "close" (a day after the nudge: close as "No response").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.lanes import Lane

NUDGE_GRACE = timedelta(days=1)
DEFAULT_CLOSE_AFTER = timedelta(days=7)


class WorkingTime(Protocol):
    def add_working(self, t: datetime, seconds: float) -> datetime: ...


FOLLOWUP_CHOICES = {"1h": "In 1 hour", "tomorrow": "Tomorrow 09:00", "next_working_day": "Next working day 09:00"}


def followup_time(choice: str, *, now: datetime, tz: str, is_working_day: Callable[[date], bool]) -> datetime | None:
    """When a "Remind me" choice falls, in the team's time zone; None for an unknown choice."""
    if choice == "1h":
        return now + timedelta(hours=1)
    zone = ZoneInfo(tz)
    day = now.astimezone(zone).date() + timedelta(days=1)
    if choice == "next_working_day":
        for _ in range(14):
            if is_working_day(day):
                break
            day += timedelta(days=1)
    elif choice != "tomorrow":
        return None
    return datetime.combine(day, time(9, 0), tzinfo=zone).astimezone(now.tzinfo)


class AlwaysOpen:
    """A calendar with no closed hours."""

    def add_working(self, t: datetime, seconds: float) -> datetime:
        return t + timedelta(seconds=seconds)


@dataclass(frozen=True)
class TimerState:
    status: str
    owner: str | None
    ping_count: int
    last_inbound_at: datetime | None
    last_outbound_at: datetime | None
    followup_at: datetime | None = None


@dataclass(frozen=True)
class Due:
    kind: str
    at: datetime


@dataclass(frozen=True)
class Step:
    action: str  # "reping", "reassign", "escalate", "remind", "nudge", "close", "none"
    reason: str


def customer_waiting(state: TimerState) -> bool:
    inbound, outbound = state.last_inbound_at, state.last_outbound_at
    return inbound is not None and (outbound is None or inbound > outbound)


def first_due(state: TimerState, lane: Lane, calendar: WorkingTime, *, now: datetime,
              close_after: timedelta = DEFAULT_CLOSE_AFTER) -> Due | None:
    """The next due item for a conversation that just changed."""
    if state.status == "closed":
        return None
    if state.owner is None:
        if lane.claim_within is None:
            return None
        return Due("claim", calendar.add_working(now, lane.claim_within.total_seconds()))
    candidates = []
    if state.status == "followup" and state.followup_at is not None:
        candidates.append(Due("followup", state.followup_at))
    if state.status == "waiting" and state.last_outbound_at is not None and not customer_waiting(state):
        candidates.append(Due("no_response", state.last_outbound_at + close_after))
    if customer_waiting(state) and lane.reply_within is not None and state.last_inbound_at is not None:
        candidates.append(Due("reply", calendar.add_working(state.last_inbound_at, lane.reply_within.total_seconds())))
    return min(candidates, key=lambda due: due.at) if candidates else None


def on_due(kind: str, state: TimerState, lane: Lane, calendar: WorkingTime, *, now: datetime,
           close_after: timedelta = DEFAULT_CLOSE_AFTER) -> tuple[Step, Due | None]:
    """What to do now that `kind` is due, and what is due after it."""
    if state.status == "closed":
        return Step("none", "closed"), None
    again = first_due(state, lane, calendar, now=now, close_after=close_after)
    if kind == "claim":
        if state.owner is not None or state.status == "closed" or lane.claim_within is None:
            return Step("none", "no longer unclaimed"), again
        if state.ping_count < lane.repings:
            period = lane.claim_within.total_seconds()
            return (Step("reping", f"unclaimed; re-ping {state.ping_count + 1} of {lane.repings}"),
                    Due("claim", calendar.add_working(now, period)))
        return Step(lane.then, f"unclaimed after {lane.repings} re-ping(s)"), None
    if kind == "reply":
        if not customer_waiting(state) or state.owner is None or lane.reply_within is None:
            return Step("none", "customer no longer waiting"), again
        return (Step("remind", "customer waiting past reply_within"),
                Due("reply_escalate", calendar.add_working(now, lane.reply_within.total_seconds())))
    if kind == "reply_escalate":
        if not customer_waiting(state) or state.owner is None:
            return Step("none", "customer no longer waiting"), again
        return Step("escalate", "customer still waiting after a reminder"), None
    if kind == "followup":
        if state.status != "followup" or state.followup_at is None or state.owner is None:
            return Step("none", "no follow-up set"), again
        rest = first_due(TimerState(state.status, state.owner, state.ping_count, state.last_inbound_at,
                                    state.last_outbound_at, None), lane, calendar, now=now, close_after=close_after)
        return Step("followup", "follow-up due"), rest
    if kind == "no_response":
        if state.status != "waiting" or customer_waiting(state):
            return Step("none", "customer answered"), again
        return Step("nudge", f"no answer from the customer for {close_after.days} day(s)"), Due("close", now + NUDGE_GRACE)
    if kind == "close":
        if state.status != "waiting" or customer_waiting(state):
            return Step("none", "customer answered"), again
        return Step("close", "no answer from the customer after a nudge"), None
    return Step("none", f"unknown due kind {kind!r}"), again
