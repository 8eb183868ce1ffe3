"""Report measures, taken once when they happen: how long the customer waited for an owner
and for a first reply, in wall time and in working time (the lane's calendar).

Stored on the conversation so reports aggregate them in SQL; working time needs the lanes
file's calendars, which the database does not have.
"""

from __future__ import annotations

from datetime import datetime

from bot.lanes import LanesConfig
from bot.store.models import Conversation


def first_owner(conversation: Conversation, lanes: LanesConfig, now: datetime, *, via: str) -> None:
    """Record how the conversation got its first owner: `person` (a claim, a first reply, a
    lead's reassignment) or `timer` (reassigned after unanswered re-pings) are timed;
    `assigned` (round robin / least loaded on arrival) is only marked."""
    if conversation.first_owned_via is not None:
        return
    conversation.first_owned_via = via
    if via != "assigned":
        conversation.claim_s, conversation.claim_work_s = _waited(conversation, lanes, now)


def first_reply(conversation: Conversation, lanes: LanesConfig, now: datetime) -> None:
    """Record the first rep reply (call before `first_reply_at` is set)."""
    if conversation.first_reply_at is not None:
        return
    conversation.first_reply_s, conversation.first_reply_work_s = _waited(conversation, lanes, now)


def _waited(conversation: Conversation, lanes: LanesConfig, now: datetime) -> tuple[int | None, int | None]:
    start = conversation.created_at
    if start is None:
        return None, None
    wall = max(0, round((now - start).total_seconds()))
    if not lanes.has_lane(conversation.lane):
        return wall, None
    work = lanes.calendar(lanes.lane(conversation.lane)).working_seconds(start, now)
    return wall, max(0, round(work))
