"""The lanes file's `[scoring]` settings as scorers: `Weights` per lane and the thresholds.

The table itself is read and checked in `bot.lanes.scoring` (with the rest of the lanes
file, so `python -m bot check` names its lines); `ScoringConfig.of(lanes.scoring)` turns
those plain values into what the scorer uses. `parse_scoring` / `check_scoring` read a
bare decoded `[scoring]` table, problems as `key: message` strings.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from bot.lanes.scoring import Scoring, Thresholds, read_scoring
from bot.routing.scoring.model import Weights


@dataclass(frozen=True)
class ScoringConfig:
    weights: Weights = field(default_factory=Weights)
    thresholds: Thresholds = field(default_factory=Thresholds)
    lane_weights: Mapping[str, Weights] = field(default_factory=dict)
    lane_thresholds: Mapping[str, Thresholds] = field(default_factory=dict)

    def weights_for(self, lane: str | None) -> Weights:
        return self.lane_weights.get(lane, self.weights) if lane is not None else self.weights

    def thresholds_for(self, lane: str | None) -> Thresholds:
        return self.lane_thresholds.get(lane, self.thresholds) if lane is not None else self.thresholds

    @classmethod
    def of(cls, scoring: Scoring) -> ScoringConfig:
        return cls(
            Weights(dict(scoring.weights)), scoring.thresholds,
            {lane: Weights(dict(w)) for lane, w in scoring.lane_weights.items()}, dict(scoring.lane_thresholds),
        )  # fmt: skip


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
    scoring, problems = read_scoring(table, lane_names)
    return ScoringConfig.of(scoring), [f"{path}: {message}" for path, message in problems]
