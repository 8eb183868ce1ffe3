"""Pure routing: which lane (and label) a new conversation goes to, and why.

No I/O and no clock reads; imports only the standard library and `bot.lanes` types.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.lanes import LanesConfig
from bot.routing.entry import find_entry_ref
from bot.routing.triage import triage

__all__ = ["RouteDecision", "route"]


@dataclass(frozen=True)
class RouteDecision:
    lane: str
    label: str | None
    entry_ref: str | None
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def route(text: str, lanes: LanesConfig) -> RouteDecision:
    """Entry point ref in the text, else the lane with the most keyword hits, else the default lane."""
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
