"""From signals to a score 0..100, a band and the reasons that moved it.

Two scorers share one interface (`Scorer.contributions` → points per signal):
- `Weights`: score = round(Σ weight × signal), weights summing to 100 (the defaults below);
  a signal's points in the reasons are weight × (value − its neutral value), so a fast
  reply adds, a price objection or hours of silence takes away;
- `TrainedModel` (`train.py`): score = round(100 × P(won)) of a logistic regression over
  the signal values; a signal's points are how far the score moves when that signal goes
  from its training mean to its value here (the rest kept), so reasons stay in points.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from bot.lanes.scoring import BANDS, DEFAULT_WEIGHTS, Thresholds
from bot.routing.scoring.signals import SIGNALS, Message, Signal, compute_signals

# A conversation that says nothing either way: what a signal's points are measured from.
NEUTRAL: Mapping[str, float] = {
    "calendar_intent": 0.0, "intent_keywords": 0.0, "reply_speed": 0.5, "specificity": 0.0,
    "objection": 1.0, "volunteered_info": 0.0, "sentiment": 0.5,
}  # fmt: skip
LABELS = {name: name.replace("_", " ") for name in SIGNALS}


class Scorer(Protocol):
    def score(self, values: Mapping[str, float]) -> int: ...

    def contributions(self, values: Mapping[str, float]) -> dict[str, float]:
        """Points each signal moved the score, from a baseline (negative: it held it back)."""
        ...


@dataclass(frozen=True)
class Weights:
    values: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))

    def score(self, values: Mapping[str, float]) -> int:
        return clamp_score(sum(self.values.get(name, 0.0) * values.get(name, 0.0) for name in SIGNALS))

    def contributions(self, values: Mapping[str, float]) -> dict[str, float]:
        """weight × (value − neutral value): a fast reply adds, an objection takes away."""
        return {name: self.values.get(name, 0.0) * (values.get(name, 0.0) - NEUTRAL[name]) for name in SIGNALS}


def clamp_score(points: float) -> int:
    return max(0, min(100, round(points)))


@dataclass(frozen=True)
class ScoreResult:
    score: int
    band: str
    signals: dict[str, Signal]
    reasons: tuple[str, ...]

    @property
    def values(self) -> dict[str, float]:
        return {name: signal.value for name, signal in self.signals.items()}

    @property
    def summary(self) -> str:
        """`score 82: calendar intent +30 ("bukra 10"), …` for a card."""
        return f"score {self.score}: " + ", ".join(self.reasons)


def score_conversation(
    messages: Sequence[Message], scorer: Scorer | None = None, thresholds: Thresholds = Thresholds()
) -> ScoreResult:
    signals = compute_signals(messages)
    return score_signals(signals, scorer or Weights(), thresholds)


def score_signals(signals: Mapping[str, Signal], scorer: Scorer, thresholds: Thresholds = Thresholds()) -> ScoreResult:
    values = {name: signals[name].value for name in SIGNALS}
    score = scorer.score(values)
    return ScoreResult(score, thresholds.band(score), dict(signals), reasons(signals, scorer.contributions(values)))


def reasons(signals: Mapping[str, Signal], points: Mapping[str, float], top: int = 3) -> tuple[str, ...]:
    """The `top` signals that moved the score most (by points either way, at least 1), biggest first."""
    ranked = sorted(points.items(), key=lambda item: -abs(item[1]))
    return tuple(_reason(name, p, signals[name]) for name, p in ranked[:top] if abs(round(p)) >= 1)


def _reason(name: str, points: float, signal: Signal) -> str:
    sign = "+" if points >= 0 else "−"
    if points < 0 and name not in _DRAGS:  # too little of a good thing: its words would mislead
        return f"{LABELS[name]} {sign}{abs(round(points))} (less than usual)"
    quoted = [e if e.startswith(_FACTS) or '"' in e else f'"{e}"' for e in signal.evidence[:3]]
    return f"{LABELS[name]} {sign}{abs(round(points))}" + (f" ({', '.join(quoted)})" if quoted else "")


_DRAGS = ("objection", "reply_speed", "sentiment")  # signals whose evidence explains a loss of points
_FACTS = ("then objects", "answers in", "no ", "e-mail", "website", "phone", "accepts", "yes to", "+", "-")
