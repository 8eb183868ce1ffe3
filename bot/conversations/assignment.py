"""Giving a conversation an owner automatically: one step for both callers, a new
conversation in a round_robin / least_loaded lane and the timer's reassignment of an
unclaimed one. The choice itself is pure (`bot.routing.assign.choose_owner`); this reads
what it needs (who is away, who owns how many, whose turn it is) and records the pick."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.conversations import timing
from bot.conversations.kinds import HOME
from bot.lanes import Lane, LanesConfig
from bot.routing.assign import AssignDecision, choose_owner
from bot.store import Session, repo
from bot.store.models import Conversation, LaneState


def pick_owner(*, session: Session, lane: Lane, rotate_manual: bool = False) -> AssignDecision:
    """The next owner for the lane (None in the decision when nobody is available); a pick
    moves the lane's turn. `rotate_manual`: a manual lane takes turns too (the timer's
    reassignment does, since nobody claimed)."""
    state = session.get(LaneState, lane.name, with_for_update=True) or LaneState(lane=lane.name)
    decision = choose_owner(
        replace(lane, assign="round_robin") if rotate_manual and lane.assign == "manual" else lane,
        away=repo.away_users(session=session, users=lane.members),
        open_counts=repo.open_counts(session=session, users=lane.members),
        last_assigned=state.last_assigned,
    )
    if decision.owner is not None:
        state.last_assigned = decision.owner
        session.add(state)
    return decision


def give_to(*, session: Session, conversation: Conversation, owner: str, lanes: LanesConfig, now: datetime,
            via: str) -> None:
    """`owner` owns the conversation from `now` (their App Home is refreshed)."""
    conversation.owner, conversation.claimed_at, conversation.status = owner, now, "claimed"
    timing.first_owner(conversation, lanes, now, via=via)
    session.add(conversation)
    repo.queue_job(session=session, kind=HOME, payload={"user": owner}, now=now)
