"""Who gets a new conversation, for lanes that assign on arrival (pure).

round_robin: the next member after the last one assigned, in the lanes file's order.
least_loaded: the member with the fewest open conversations (ties: round-robin order).
Members marked away, and members at the lane's `max_open`, are skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.lanes import Lane


@dataclass(frozen=True)
class AssignDecision:
    owner: str | None
    reason: str


def choose_owner(
    lane: Lane, *, away: frozenset[str] | set[str], open_counts: Mapping[str, int], last_assigned: str | None
) -> AssignDecision:
    if lane.assign == "manual":
        return AssignDecision(None, "manual lane: waiting for a claim")
    order = _after(lane.members, last_assigned)
    skipped_away = [m for m in order if m in away]
    full = [m for m in order if m not in away and lane.max_open and open_counts.get(m, 0) >= lane.max_open]
    eligible = [m for m in order if m not in away and m not in full]
    if not eligible:
        why = ", ".join(filter(None, [f"away: {len(skipped_away)}" if skipped_away else "",
                                      f"at max_open: {len(full)}" if full else ""]))
        return AssignDecision(None, f"no member available ({why or 'no members'}): waiting for a claim")
    if lane.assign == "least_loaded":
        owner = min(eligible, key=lambda m: open_counts.get(m, 0))  # min keeps the first of equals
        return AssignDecision(owner, f"least loaded: {open_counts.get(owner, 0)} open")
    return AssignDecision(eligible[0], "round robin")


def _after(members: tuple[str, ...], last: str | None) -> list[str]:
    """Members in order, starting after `last` (from the top if `last` is not a member)."""
    if last not in members:
        return list(members)
    start = members.index(last) + 1
    return list(members[start:] + members[:start])
