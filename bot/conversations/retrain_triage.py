"""Retraining triage from the team's labels (`python -m bot retrain --triage`).

Every label a person sets is a `triage_example` (bot.conversations.triage.learn_label); an export
of past chats can add lines (`--triage-from`). A retrain fits on the seed set, the lanes file's
examples and the kept examples outside the held-out part, scores the current and the new model on
the held-out conversations (per-label precision and recall) and adopts the new one only when it
labels more of them right. The adopted model's bytes are stored; every process loads the newest.

Held out: a fixed quarter of the examples, chosen by a hash of the text, so they never train a
model and the before/after comparison stays fair from one retrain to the next.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.conversations.triage import current_triager
from bot.lanes import LanesConfig
from bot.routing.categories import Triager, build, label_config, labels_of
from bot.store import Session, repo

HELD_OUT_EVERY = 4  # one example in four is held out


@dataclass(frozen=True)
class LabelScore:
    label: str
    support: int  # held-out examples with this label
    precision: float | None  # None: the model never gave this label
    recall: float | None  # None: no held-out example has it


@dataclass(frozen=True)
class Scores:
    correct: int
    total: int
    labels: tuple[LabelScore, ...]

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class RetrainReport:
    examples: int  # kept examples with a label of the lanes file
    imported: int
    held_out: int
    before: Scores | None
    after: Scores | None
    adopted: bool
    version: int | None
    why: str
    skipped: tuple[str, ...] = field(default=())  # imported labels not in the lanes file


def is_held_out(text: str) -> bool:
    return hashlib.sha256(text.strip().encode("utf-8")).digest()[0] % HELD_OUT_EVERY == 0


def retrain(*, session: Session, lanes: LanesConfig, imported: Iterable[tuple[str, str]] = (),
            now: datetime) -> RetrainReport:
    labels = labels_of(lanes)
    added, skipped = 0, set()
    for text, label in imported:
        if label not in labels:
            skipped.add(label)
            continue
        repo.keep_example(session=session, conversation_id=None, text=text, label=label, by=None, source="import",
                          now=now)
        added += 1
    session.flush()
    pairs = [(text, label) for text, label in repo.triage_examples(session=session) if label in labels]
    test = [pair for pair in pairs if is_held_out(pair[0])]
    train = tuple(pair for pair in pairs if not is_held_out(pair[0]))
    base = dict(examples=len(pairs), imported=added, held_out=len(test), skipped=tuple(sorted(skipped)))
    if not test:
        return RetrainReport(**base, before=None, after=None, adopted=False, version=None,  # type: ignore[arg-type]
                             why="no held-out labelled conversations yet: label more conversations first")
    current = current_triager(session=session, lanes=lanes)
    candidate = build(labels, label_config(lanes), train)
    before, after = score(current, test, lanes), score(candidate, test, lanes)
    if candidate.model is None or after.correct <= before.correct:
        return RetrainReport(**base, before=before, after=after, adopted=False, version=None,  # type: ignore[arg-type]
                             why="the new model is not better on the held-out conversations: kept the current one")
    version = repo.store_triage_model(session=session, data=candidate.model.to_bytes(), now=now, report={
        "held_out": len(test), "before": before.accuracy, "after": after.accuracy, "examples": len(pairs)})
    return RetrainReport(**base, before=before, after=after, adopted=True, version=version,  # type: ignore[arg-type]
                         why="better on the held-out conversations: adopted")


def score(triager: Triager, test: Sequence[tuple[str, str]], lanes: LanesConfig) -> Scores:
    guesses = [(triager.classify(text, lanes).label, label) for text, label in test]
    names = sorted({label for _, label in test} | {guess for guess, _ in guesses})
    rows = []
    for name in names:
        given = sum(1 for guess, _ in guesses if guess == name)
        actual = sum(1 for _, label in guesses if label == name)
        hits = sum(1 for guess, label in guesses if guess == label == name)
        rows.append(LabelScore(name, actual, hits / given if given else None, hits / actual if actual else None))
    return Scores(sum(1 for guess, label in guesses if guess == label), len(guesses), tuple(rows))
