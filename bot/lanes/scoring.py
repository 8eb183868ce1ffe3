"""The `[scoring]` table of the lanes file: weights, thresholds, per-lane overrides.

```toml
[scoring]
weights = { calendar_intent = 30, intent_keywords = 20, reply_speed = 15, specificity = 10,
            objection = 10, volunteered_info = 10, sentiment = 5 }   # must sum to 100
hot = 80
warm = 50
nurture = 20

[scoring.lanes.sales]           # any of weights / hot / warm / nurture, for one lane
weights = { calendar_intent = 40, intent_keywords = 20, reply_speed = 10, specificity = 10,
            objection = 10, volunteered_info = 5, sentiment = 5 }
hot = 85
```

Every key is optional; a `weights` table names all seven signals. Pure (standard library);
`bot.routing.scoring` turns these plain values into scorers. The signal names are kept here
because this package imports nothing above it (a test checks they match the scorer's).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

SIGNAL_NAMES = (
    "calendar_intent", "intent_keywords", "reply_speed", "specificity", "objection",
    "volunteered_info", "sentiment",
)  # fmt: skip
DEFAULT_WEIGHTS: Mapping[str, float] = {
    "calendar_intent": 30, "intent_keywords": 20, "reply_speed": 15, "specificity": 10,
    "objection": 10, "volunteered_info": 10, "sentiment": 5,
}  # fmt: skip
BANDS = ("hot", "warm", "nurture", "cold")
_KEYS = ("weights", "hot", "warm", "nurture", "lanes")
_LANE_KEYS = ("weights", "hot", "warm", "nurture")


@dataclass(frozen=True)
class Thresholds:
    hot: int = 80
    warm: int = 50
    nurture: int = 20

    def band(self, score: int) -> str:
        if score >= self.hot:
            return "hot"
        if score >= self.warm:
            return "warm"
        if score >= self.nurture:
            return "nurture"
        return "cold"


@dataclass(frozen=True)
class Scoring:
    """The lanes file's scoring settings as plain values (weights by signal name)."""

    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    thresholds: Thresholds = field(default_factory=Thresholds)
    lane_weights: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    lane_thresholds: Mapping[str, Thresholds] = field(default_factory=dict)

    def weights_for(self, lane: str | None) -> Mapping[str, float]:
        return self.lane_weights.get(lane, self.weights) if lane is not None else self.weights

    def thresholds_for(self, lane: str | None) -> Thresholds:
        return self.lane_thresholds.get(lane, self.thresholds) if lane is not None else self.thresholds


def read_scoring(table: object, lane_names: Collection[str] | None = None) -> tuple[Scoring, list[tuple[str, str]]]:
    """The settings (defaults where a value is wrong) and every problem as (key path, message)."""
    problems: list[tuple[str, str]] = []
    if table is None:
        return Scoring(), problems
    if not isinstance(table, dict):
        return Scoring(), [("scoring", f"expected a table, got {type(table).__name__}")]
    problems += [(f"scoring.{key}", f"unknown key (known: {', '.join(_KEYS)})") for key in table if key not in _KEYS]
    weights = _weights(table.get("weights"), "scoring.weights", problems)
    thresholds = _thresholds(table, "scoring", Thresholds(), problems)
    lane_weights: dict[str, Mapping[str, float]] = {}
    lane_thresholds: dict[str, Thresholds] = {}
    raw_lanes = table.get("lanes", {})
    if not isinstance(raw_lanes, dict):
        problems.append(("scoring.lanes", f"expected a table of lanes, got {type(raw_lanes).__name__}"))
        raw_lanes = {}
    for lane, body in raw_lanes.items():
        path = f"scoring.lanes.{lane}"
        if lane_names is not None and lane not in lane_names:
            problems.append((path, f"no lane called {lane!r}"))
        if not isinstance(body, dict):
            problems.append((path, f"expected a table, got {type(body).__name__}"))
            continue
        problems += [(f"{path}.{key}", f"unknown key (known: {', '.join(_LANE_KEYS)})")
                     for key in body if key not in _LANE_KEYS]
        if "weights" in body:
            lane_weights[lane] = _weights(body["weights"], f"{path}.weights", problems)
        if any(key in body for key in ("hot", "warm", "nurture")):
            lane_thresholds[lane] = _thresholds(body, path, thresholds, problems)
    return Scoring(weights, thresholds, lane_weights, lane_thresholds), problems


def _thresholds(table: dict[str, Any], path: str, base: Thresholds, problems: list[tuple[str, str]]) -> Thresholds:
    values = {}
    for key in ("hot", "warm", "nurture"):
        default = getattr(base, key)
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            problems.append((f"{path}.{key}", f"expected a whole number 0..100, got {value!r}"))
            value = default
        values[key] = value
    thresholds = Thresholds(**values)
    if not thresholds.hot > thresholds.warm > thresholds.nurture:
        problems.append((f"{path}.hot", f"need hot > warm > nurture, got {values['hot']}/"
                                        f"{values['warm']}/{values['nurture']}"))
        return base
    return thresholds


def _weights(raw: Any, path: str, problems: list[tuple[str, str]]) -> Mapping[str, float]:
    if raw is None:
        return dict(DEFAULT_WEIGHTS)
    if not isinstance(raw, dict):
        problems.append((path, f"expected a table like {{ calendar_intent = 30, … }}, got {type(raw).__name__}"))
        return dict(DEFAULT_WEIGHTS)
    before = len(problems)
    names = ", ".join(SIGNAL_NAMES)
    problems += [(f"{path}.{key}", f"unknown signal (known: {names})") for key in raw if key not in SIGNAL_NAMES]
    problems += [(f"{path}.{name}", "missing") for name in SIGNAL_NAMES if name not in raw]
    for key, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            problems.append((f"{path}.{key}", f"expected a number ≥ 0, got {value!r}"))
    if len(problems) == before:
        total = sum(raw.values())
        if abs(total - 100) > 1e-9:
            problems.append((path, f"weights must sum to 100, got {total:g}"))
    if len(problems) > before:
        return dict(DEFAULT_WEIGHTS)
    return {name: float(raw[name]) for name in SIGNAL_NAMES}
