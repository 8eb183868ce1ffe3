"""The `[scoring]` table of the lanes file: weights, thresholds, per-lane weights.

```toml
[scoring]
weights = { calendar_intent = 30, intent_keywords = 20, reply_speed = 15, specificity = 10,
            objection = 10, volunteered_info = 10, sentiment = 5 }   # must sum to 100
hot = 80
warm = 50
nurture = 20

[scoring.lanes.sales]
weights = { calendar_intent = 40, intent_keywords = 20, reply_speed = 10, specificity = 10,
            objection = 10, volunteered_info = 5, sentiment = 5 }
```

Every key is optional; a `weights` table names all seven signals. Problems come back as
strings naming the key (`scoring.weights: …`), all of them at once.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.routing.scoring.model import DEFAULT_WEIGHTS, Thresholds, Weights
from bot.routing.scoring.signals import SIGNALS

_KEYS = ("weights", "hot", "warm", "nurture", "lanes")
_LANE_KEYS = ("weights",)


@dataclass(frozen=True)
class ScoringConfig:
    weights: Weights = field(default_factory=Weights)
    thresholds: Thresholds = field(default_factory=Thresholds)
    lane_weights: Mapping[str, Weights] = field(default_factory=dict)

    def weights_for(self, lane: str | None) -> Weights:
        return self.lane_weights.get(lane, self.weights) if lane is not None else self.weights


class ScoringConfigError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def parse_scoring(table: object, lane_names: Collection[str] | None = None) -> ScoringConfig:
    """`table` is the decoded `[scoring]` table (None: defaults). Raises ScoringConfigError."""
    config, problems = check_scoring(table, lane_names)
    if problems:
        raise ScoringConfigError(problems)
    return config


def check_scoring(table: object, lane_names: Collection[str] | None = None) -> tuple[ScoringConfig, list[str]]:
    """The config (defaults where a value is wrong) and every problem, as `key: message`."""
    problems: list[str] = []
    if table is None:
        return ScoringConfig(), problems
    if not isinstance(table, dict):
        return ScoringConfig(), [f"scoring: expected a table, got {type(table).__name__}"]
    problems += [f"scoring.{key}: unknown key (known: {', '.join(_KEYS)})" for key in table if key not in _KEYS]
    weights = _weights(table.get("weights"), "scoring.weights", problems)
    values = {}
    for key, default in (("hot", 80), ("warm", 50), ("nurture", 20)):
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            problems.append(f"scoring.{key}: expected a whole number 0..100, got {value!r}")
            value = default
        values[key] = value
    thresholds = Thresholds(**values)
    if not thresholds.hot > thresholds.warm > thresholds.nurture:
        problems.append(f"scoring.hot/warm/nurture: need hot > warm > nurture, got {values['hot']}/"
                        f"{values['warm']}/{values['nurture']}")
        thresholds = Thresholds()
    lanes: dict[str, Weights] = {}
    raw_lanes = table.get("lanes", {})
    if not isinstance(raw_lanes, dict):
        problems.append(f"scoring.lanes: expected a table of lanes, got {type(raw_lanes).__name__}")
        raw_lanes = {}
    for lane, body in raw_lanes.items():
        path = f"scoring.lanes.{lane}"
        if lane_names is not None and lane not in lane_names:
            problems.append(f"{path}: no lane called {lane!r}")
        if not isinstance(body, dict):
            problems.append(f"{path}: expected a table, got {type(body).__name__}")
            continue
        problems += [f"{path}.{key}: unknown key (known: weights)" for key in body if key not in _LANE_KEYS]
        if "weights" in body:
            lanes[lane] = _weights(body["weights"], f"{path}.weights", problems)
    return ScoringConfig(weights, thresholds, lanes), problems


def _weights(raw: Any, path: str, problems: list[str]) -> Weights:
    if raw is None:
        return Weights()
    if not isinstance(raw, dict):
        problems.append(f"{path}: expected a table like {{ calendar_intent = 30, … }}, got {type(raw).__name__}")
        return Weights()
    before = len(problems)
    problems += [f"{path}.{key}: unknown signal (known: {', '.join(SIGNALS)})" for key in raw if key not in SIGNALS]
    problems += [f"{path}.{name}: missing" for name in SIGNALS if name not in raw]
    for key, value in raw.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            problems.append(f"{path}.{key}: expected a number ≥ 0, got {value!r}")
    if len(problems) == before:
        total = sum(raw.values())
        if abs(total - 100) > 1e-9:
            problems.append(f"{path}: weights must sum to 100, got {total:g}")
    if len(problems) > before:
        return Weights(dict(DEFAULT_WEIGHTS))
    return Weights({name: float(raw[name]) for name in SIGNALS})
