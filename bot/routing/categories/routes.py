"""Label → lane, pure. In order: an explicit route in the lanes file (`[labels] routes`);
else an entry point whose `label` is the label → its lane; else a lane whose name matches
the label after folding ("Billing" → "billing", "Arabic SEO" → "arabic_seo"); else the
workspace's default lane."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.lanes import LanesConfig
from bot.routing.categories.config import LabelConfig
from bot.routing.normalize import normalize


@dataclass(frozen=True)
class LaneChoice:
    lane: str
    reason: str
    ping: str | None = None
    assign: str | None = None
    routed: bool = True  # False: the label has no route, this is the workspace's default lane


def lane_for_label(label: str, lanes: LanesConfig, config: LabelConfig | None = None) -> LaneChoice:
    route = config.route(label) if config is not None else None
    if route is not None and lanes.has_lane(route.lane):
        return LaneChoice(route.lane, f'route for "{label}" in the lanes file → {route.lane}', route.ping, route.assign)
    entry = next((e for e in lanes.entry_points if e.label == label), None)
    if entry is not None:
        return LaneChoice(entry.lane, f'entry point "{entry.ref}" carries "{label}" → {entry.lane}')
    wanted = lane_key(label)
    lane = next((lane for lane in lanes.lanes if lane_key(lane.name) == wanted), None)
    if lane is not None:
        return LaneChoice(lane.name, f'lane "{lane.name}" is named like "{label}"')
    default = lanes.workspace.default_lane
    return LaneChoice(default, f'no route for "{label}": default lane {default}', routed=False)


def lane_key(name: str) -> str:
    """`Arabic SEO`, `arabic-seo` and `arabic_seo` all fold to `arabic_seo`."""
    return "_".join(re.findall(r"\w+", normalize(name).replace("_", " ")))
