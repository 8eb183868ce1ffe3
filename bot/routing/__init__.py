"""Pure routing: which lane (and label) a new conversation goes to, and why.

No I/O and no clock reads; imports only the standard library and `bot.lanes` types.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot.lanes import LanesConfig
from bot.routing.entry import find_entry_ref
from bot.routing.triage import triage

if TYPE_CHECKING:
    from bot.routing.categories import Triager

__all__ = ["RouteDecision", "by_sender", "route"]


@dataclass(frozen=True)
class RouteDecision:
    lane: str
    label: str | None
    entry_ref: str | None
    reasons: tuple[str, ...]
    confidence: float | None = None  # the classifier's, when it chose the label
    needs_review: bool = False  # below `review_below`: a person should pick the label
    ping: str | None = None  # the label's route: a user or user group to ping on arrival
    assign: str | None = None  # the label's route: the user who owns it on arrival

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def route(text: str, lanes: LanesConfig, triager: Triager | None = None, *, to: str | None = None) -> RouteDecision:
    """Entry point ref in the text, else the lane that alone owns `to` (the number the customer
    wrote to), else (with a `triager`) the classifier's label and its route, else the lane with
    the most keyword hits, else the default lane. The label is computed (and shown) whatever
    decides the lane.

    With a triager the lane keywords stay a signal: when the label is unsure (needs review) or
    has no route (no `[labels] routes` entry, entry point or lane named like it) and keywords
    hit a lane, that lane is used."""
    decision = _classified(text, lanes, triager) if triager is not None else _unclassified(text, lanes)
    return by_sender(decision, lanes, to)


def by_sender(decision: RouteDecision, lanes: LanesConfig, to: str | None) -> RouteDecision:
    """A number owned by exactly one lane sends a conversation there, unless an entry ref decided.
    A label route's ping and assign stay only when its lane is that lane (they belong to it)."""
    owners = lanes.lanes_for_sender(to)
    if decision.entry_ref is not None or len(owners) != 1 or to is None:
        return decision
    lane = owners[0].name
    reason = f"written to {to.removeprefix('whatsapp:')}, the {lane} lane's number → {lane}"
    same = decision.lane == lane
    return replace(decision, lane=lane, reasons=(reason, *decision.reasons),
                   ping=decision.ping if same else None, assign=decision.assign if same else None)


def _unclassified(text: str, lanes: LanesConfig) -> RouteDecision:
    ref = find_entry_ref(text, (entry.ref for entry in lanes.entry_points))
    if ref is not None:
        entry = lanes.entry_point(ref)
        reasons = [f'entry point "{entry.ref}" (ref in message)']
        if entry.label is not None:
            reasons.append(f'label "{entry.label}" from entry point "{entry.ref}"')
        return RouteDecision(entry.lane, entry.label, entry.ref, tuple(reasons))
    hits = triage(text, lanes.lanes)
    if hits is not None:
        quoted = ", ".join(f'"{keyword}"' for keyword in hits.keywords)
        return RouteDecision(hits.lane, None, None, (f"keywords: {quoted} → {hits.lane}",))
    default = lanes.workspace.default_lane
    return RouteDecision(default, None, None, (f"no entry ref or keyword: default lane {default}",))


def _classified(text: str, lanes: LanesConfig, triager: Triager) -> RouteDecision:
    from bot.routing.categories import lane_for_label

    result = triager.classify(text, lanes)
    lane, reasons = result.lane, list(result.reasons)
    unrouted = not lane_for_label(result.label, lanes, triager.config).routed
    if result.entry_ref is None and (result.needs_review or unrouted):
        hits = triage(text, lanes.lanes)
        if hits is not None and hits.lane != lane:
            lane = hits.lane
            quoted = ", ".join(f'"{keyword}"' for keyword in hits.keywords)
            why = "unsure label" if result.needs_review else f'no route for "{result.label}"'
            reasons.append(f"{why}, lane keywords decide: {quoted} → {lane}")
    return RouteDecision(lane, result.label, result.entry_ref, tuple(reasons), result.confidence,
                         result.needs_review, result.ping, result.assign)
