"""Weights learnt from outcomes: logistic regression over the seven signal values.

The fitted model scores as round(100 × P(won)). That keeps what logistic regression is
good at, a calibrated probability (a "hot ≥ 80" lead then wins about four times in five
when the training set is like the traffic), where rescaling the coefficients into weights
summing to 100 would keep the ranking but lose the calibration and drop any signal whose
coefficient came out negative. Reasons stay in points (see `model.py`).

Fitting needs scikit-learn, imported inside `fit` only, so scoring never loads it; a fitted
model is a few numbers, stored as a small JSON blob (`to_json` / `from_json`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.routing.scoring.model import BANDS, Scorer, Thresholds, clamp_score
from bot.routing.scoring.signals import SIGNALS

FORMAT = "lead-score-logreg/1"


@dataclass(frozen=True)
class TrainedModel:
    coefficients: Mapping[str, float]
    intercept: float
    means: Mapping[str, float]  # training means: the baseline a signal's points are measured from
    trained_on: int = 0

    def probability(self, values: Mapping[str, float]) -> float:
        z = self.intercept + sum(c * values.get(name, 0.0) for name, c in self.coefficients.items())
        return 1 / (1 + math.exp(-max(-60.0, min(60.0, z))))

    def score(self, values: Mapping[str, float]) -> int:
        return clamp_score(100 * self.probability(values))

    def contributions(self, values: Mapping[str, float]) -> dict[str, float]:
        here = 100 * self.probability(values)
        points = {}
        for name in SIGNALS:
            baseline = {**values, name: self.means.get(name, 0.0)}
            points[name] = here - 100 * self.probability(baseline)
        return points

    def to_json(self) -> str:
        return json.dumps({
            "format": FORMAT, "signals": list(SIGNALS),
            "coefficients": [round(self.coefficients.get(n, 0.0), 6) for n in SIGNALS],
            "intercept": round(self.intercept, 6), "means": [round(self.means.get(n, 0.0), 6) for n in SIGNALS],
            "trained_on": self.trained_on,
        }, separators=(",", ":"))  # fmt: skip

    @classmethod
    def from_json(cls, blob: str | bytes) -> TrainedModel:
        data = json.loads(blob)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} model")
        names = data["signals"]
        return cls(
            dict(zip(names, map(float, data["coefficients"]))), float(data["intercept"]),
            dict(zip(names, map(float, data["means"]))), int(data.get("trained_on", 0)),
        )  # fmt: skip


def fit(values: Sequence[Mapping[str, float]], won: Sequence[bool], c: float = 1.0) -> TrainedModel:
    """Logistic regression (L2, `c` as scikit-learn's C) on signal values → outcome."""
    if len(values) != len(won) or not values:
        raise ValueError("need as many outcomes as conversations, and at least one")
    if len(set(won)) < 2:
        raise ValueError("need both won and lost conversations to train")
    from sklearn.linear_model import LogisticRegression  # lazily: scoring never needs it

    rows = [[v.get(name, 0.0) for name in SIGNALS] for v in values]
    model = LogisticRegression(C=c, max_iter=1000).fit(rows, [int(w) for w in won])
    means = {name: sum(row[i] for row in rows) / len(rows) for i, name in enumerate(SIGNALS)}
    return TrainedModel(
        dict(zip(SIGNALS, map(float, model.coef_[0]))), float(model.intercept_[0]), means, len(rows)
    )


def auc(scores: Sequence[float], won: Sequence[bool]) -> float:
    """Area under the ROC curve (Mann-Whitney, ties count half); 0.5 when one class is missing."""
    pos = [s for s, w in zip(scores, won) if w]
    neg = [s for s, w in zip(scores, won) if not w]
    if not pos or not neg:
        return 0.5
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


@dataclass(frozen=True)
class BandRow:
    band: str
    count: int
    won: int

    @property
    def share_won(self) -> float | None:
        return self.won / self.count if self.count else None


def calibration(scores: Sequence[int], won: Sequence[bool], thresholds: Thresholds = Thresholds()) -> tuple[BandRow, ...]:
    """Share won per band, hot first."""
    rows = {band: [0, 0] for band in BANDS}
    for score, w in zip(scores, won):
        row = rows[thresholds.band(score)]
        row[0] += 1
        row[1] += int(w)
    return tuple(BandRow(band, n, k) for band, (n, k) in rows.items())


@dataclass(frozen=True)
class Decision:
    adopt: bool
    auc_before: float
    auc_after: float
    calibration_before: tuple[BandRow, ...]
    calibration_after: tuple[BandRow, ...]
    reason: str


def compare(
    before: Scorer, after: Scorer, held_out: Sequence[Mapping[str, float]], won: Sequence[bool],
    thresholds: Thresholds = Thresholds(), min_gain: float = 0.0,
) -> Decision:
    """Adopt `after` only if its AUC on the held-out conversations beats `before`'s by more than `min_gain`."""
    old = [before.score(v) for v in held_out]
    new = [after.score(v) for v in held_out]
    auc_old, auc_new = auc(old, won), auc(new, won)
    adopt = auc_new > auc_old + min_gain
    verdict = "adopt" if adopt else "keep the current weights"
    reason = f"held-out AUC {auc_old:.3f} → {auc_new:.3f} on {len(held_out)} conversations: {verdict}"
    return Decision(adopt, auc_old, auc_new, calibration(old, won, thresholds), calibration(new, won, thresholds), reason)
