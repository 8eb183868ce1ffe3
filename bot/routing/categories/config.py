"""The triage keys of the lanes file's `[labels]` table as the classifier's `LabelConfig`.

`bot.lanes` parses them (`bot.lanes.labels`: `examples`, `routes` with lane/ping/assign,
`review_below`; `python -m bot check` names each problem's line) onto `LanesConfig.triage`;
`label_config(lanes)` gives them to the classifier. `parse_label_config(mapping)` reads them
from a decoded lanes file alone (problems as `labels.routes.Billing.lane: …`, without lines).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.lanes import LanesConfig
from bot.lanes.labels import (
    DEFAULT_REVIEW_BELOW,
    ROUTE_KEYS,
    TRIAGE_KEYS,
    LabelExamples,
    LabelRoute,
    read_label_keys,
)

__all__ = [
    "DEFAULT_REVIEW_BELOW", "ROUTE_KEYS", "TRIAGE_KEYS", "LabelConfig", "LabelExamples", "LabelRoute",
    "label_config", "parse_label_config",
]


@dataclass(frozen=True)
class LabelConfig:
    routes: tuple[LabelRoute, ...] = ()
    examples: tuple[LabelExamples, ...] = ()
    review_below: float = DEFAULT_REVIEW_BELOW

    def route(self, label: str) -> LabelRoute | None:
        return next((r for r in self.routes if r.label == label), None)

    def example_pairs(self) -> tuple[tuple[str, str], ...]:
        return tuple((text, e.label) for e in self.examples for text in e.texts)


def label_config(lanes: LanesConfig) -> LabelConfig:
    """The parsed lanes file's triage keys (defaults when it has none)."""
    keys = lanes.triage
    return LabelConfig(keys.routes, keys.examples, keys.review_below)


class _Collect:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")


def parse_label_config(
    mapping: Mapping[str, Any], *, labels: Sequence[str] = (), lanes: Sequence[str] = ()
) -> tuple[LabelConfig, list[str]]:
    """The `[labels]` triage keys of the decoded lanes file; label and lane names are checked
    against `labels` / `lanes` when given."""
    check = _Collect()
    keys = read_label_keys(check, mapping.get("labels", {}), labels=labels, lanes=lanes)
    return LabelConfig(keys.routes, keys.examples, keys.review_below), check.problems
