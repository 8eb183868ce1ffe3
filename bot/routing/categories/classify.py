"""Triage one message: label, confidence, reasons and lane.

Order: an entry-point ref in the text decides lane and label; else a decisive rule
(`rules.RuleMatch.decisive`); else a lanes-file example phrase found whole in the message;
else the model (which is also fitted on those examples). The lane then comes from `routes.lane_for_label`.
Below `review_below` the result asks a human to pick the label (`needs_review`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from bot.lanes import LanesConfig
from bot.routing.categories.config import LabelConfig
from bot.routing.categories.model import TriageModel
from bot.routing.categories.routes import lane_for_label
from bot.routing.categories.rules import BUILT_IN, SUPPORT, match
from bot.routing.categories.text import fold
from bot.routing.entry import find_entry_ref

RULE_CONFIDENCE = 0.95
EXAMPLE_WEIGHT = 3


@dataclass(frozen=True)
class TriageResult:
    label: str
    confidence: float  # 0..1
    reasons: tuple[str, ...]
    lane: str
    needs_review: bool = False
    entry_ref: str | None = None
    ping: str | None = None  # from the label's route, if any
    assign: str | None = None


class Triager:
    """A fitted classifier for one label set; `classify` is pure and takes a few ms."""

    def __init__(self, model: TriageModel | None, labels: Sequence[str], config: LabelConfig) -> None:
        self.model, self.labels, self.config = model, tuple(labels), config
        known = set(model.labels) if model is not None else set()
        self.untrained = tuple(label for label in self.labels if label not in known)
        self.phrases = tuple(
            (re.compile(rf"(?<!\w){re.escape(fold(text))}(?!\w)"), text, label)
            for text, label in config.example_pairs() if label in self.labels and fold(text)
        )

    def classify(self, text: str, lanes: LanesConfig) -> TriageResult:
        ref = find_entry_ref(text, (e.ref for e in lanes.entry_points))
        if ref is not None:
            entry = lanes.entry_point(ref)
            reasons = [f'entry point "{entry.ref}" (ref in message) → {entry.lane}']
            label = entry.label
            if label is None:
                label, confidence, more, _ = self._decide(text)
                reasons += more
            else:
                reasons.append(f'label "{label}" from entry point "{entry.ref}"')
                confidence = 1.0
            route = self.config.route(label)
            return TriageResult(label, confidence, tuple(reasons), entry.lane, False, entry.ref,
                                route.ping if route else None, route.assign if route else None)
        label, confidence, reasons, review = self._decide(text)
        choice = lane_for_label(label, lanes, self.config)
        reasons.append(choice.reason)
        return TriageResult(label, confidence, tuple(reasons), choice.lane, review, None, choice.ping, choice.assign)

    def _decide(self, text: str) -> tuple[str, float, list[str], bool]:
        folded = fold(text)
        rules = match(text, folded)
        decided = rules.decisive(self.labels)
        if decided is not None:
            return decided[0], RULE_CONFIDENCE, [decided[1]], False
        for pattern, example, label in self.phrases:
            if pattern.search(folded):
                return label, RULE_CONFIDENCE, [f'lanes-file example "{example}" of "{label}" is in the message'], False
        if self.model is None:
            fallback = SUPPORT if SUPPORT in self.labels else self.labels[0]
            return fallback, 0.0, ["no trained model for these labels: a human should pick the label"], True
        guess = self.model.predict(text, folded, rules)
        reasons = [f'model: "{guess.label}" ({guess.confidence:.0%})']
        if guess.evidence:
            reasons.append("deciding features: " + ", ".join(guess.evidence))
        if guess.nearest:
            reasons.append(f'closest example: "{guess.nearest[:80]}"')
        review = guess.confidence < self.config.review_below
        if review:
            reasons.append(f"confidence below {self.config.review_below:.2f}: a human should pick the label")
        if self.untrained:
            names = ", ".join(f'"{n}"' for n in self.untrained)
            reasons.append(f"{names}: no seed data or examples, only entry points can give them")
        return guess.label, guess.confidence, reasons, review


def labels_of(lanes: LanesConfig) -> tuple[str, ...]:
    return lanes.labels or BUILT_IN


def build(
    labels: Sequence[str],
    config: LabelConfig | None = None,
    train: Iterable[tuple[str, str]] = (),
    *,
    replace_seed: bool = False,
) -> Triager:
    """A triager for `labels`, fitted on the seed set (unless `replace_seed`), the lanes file's
    examples and `train`; pairs whose label is not in `labels` are left out. Cached per input."""
    config = config or LabelConfig()
    # A lanes file gives a few examples per label: each counts as EXAMPLE_WEIGHT seed lines.
    pairs = (() if replace_seed else seed()) + config.example_pairs() * EXAMPLE_WEIGHT + tuple(train)
    wanted = set(labels)
    kept = tuple(pair for pair in pairs if pair[1] in wanted)
    return Triager(_fit(kept), labels, config)


@lru_cache(maxsize=8)
def _fit(pairs: tuple[tuple[str, str], ...]) -> TriageModel | None:
    if len({label for _, label in pairs}) < 2:
        return None
    return TriageModel.fit([t for t, _ in pairs], [label for _, label in pairs])


@lru_cache(maxsize=1)
def seed() -> tuple[tuple[str, str], ...]:
    """The shipped training set: `seed.jsonl`, lines `{"text": …, "label": …}`."""
    data = resources.files(__package__).joinpath("seed.jsonl").read_text(encoding="utf-8")
    rows = (json.loads(line) for line in data.splitlines() if line.strip())
    return tuple((row["text"], row["label"]) for row in rows)


def triage(text: str, lanes: LanesConfig, config: LabelConfig | None = None) -> TriageResult:
    """Classify `text` with the seed-trained model for the lanes file's labels."""
    return build(labels_of(lanes), config).classify(text, lanes)
