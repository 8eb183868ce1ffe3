"""The triage keys of the lanes file's `[labels]` table (parsed from the decoded TOML):

```toml
[labels]
names = ["Support request", "Billing", "Bug report", "Paid media"]
review_below = 0.5                      # below this confidence a human picks the label
examples = { "Paid media" = ["ads on snapchat", "حملة إعلانية"] }
routes = { "Billing" = { lane = "billing" }, "Bug report" = { lane = "support", ping = "S0TECH" } }
```

`parse_label_config` returns frozen objects and a list of problems (`labels.routes.Billing.lane:
…`, without line numbers: the lanes parser adds those when it takes these keys over).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

TRIAGE_KEYS = ("examples", "routes", "review_below")
ROUTE_KEYS = ("lane", "ping", "assign")
DEFAULT_REVIEW_BELOW = 0.5


@dataclass(frozen=True)
class LabelRoute:
    label: str
    lane: str
    ping: str | None = None  # a user or user-group id to mention when a conversation gets this label
    assign: str | None = None  # a user id to own it


@dataclass(frozen=True)
class LabelExamples:
    label: str
    texts: tuple[str, ...]


@dataclass(frozen=True)
class LabelConfig:
    routes: tuple[LabelRoute, ...] = ()
    examples: tuple[LabelExamples, ...] = ()
    review_below: float = DEFAULT_REVIEW_BELOW

    def route(self, label: str) -> LabelRoute | None:
        return next((r for r in self.routes if r.label == label), None)

    def example_pairs(self) -> tuple[tuple[str, str], ...]:
        return tuple((text, e.label) for e in self.examples for text in e.texts)


def strip_triage_keys(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the decoded lanes file without the triage keys (for today's `parse_lanes`)."""
    copy = dict(mapping)
    labels = copy.get("labels")
    if isinstance(labels, dict):
        copy["labels"] = {k: v for k, v in labels.items() if k not in TRIAGE_KEYS}
    return copy


def parse_label_config(
    mapping: Mapping[str, Any], *, labels: Sequence[str] = (), lanes: Sequence[str] = ()
) -> tuple[LabelConfig, list[str]]:
    """The `[labels]` triage keys of the decoded lanes file; label and lane names are checked
    against `labels` / `lanes` when given."""
    problems: list[str] = []
    table = mapping.get("labels", {})
    if not isinstance(table, dict):
        return LabelConfig(), []  # the lanes parser reports a bad [labels]
    review = table.get("review_below", DEFAULT_REVIEW_BELOW)
    if isinstance(review, bool) or not isinstance(review, (int, float)) or not 0 <= review <= 1:
        problems.append(f"labels.review_below: expected a number from 0 to 1, got {review!r}")
        review = DEFAULT_REVIEW_BELOW
    examples = _examples(table.get("examples", {}), labels, problems)
    routes = _routes(table.get("routes", {}), labels, lanes, problems)
    return LabelConfig(routes, examples, float(review)), problems


def _examples(value: object, labels: Sequence[str], problems: list[str]) -> tuple[LabelExamples, ...]:
    if not isinstance(value, dict):
        problems.append("labels.examples: expected a table of label = [phrases]")
        return ()
    found = []
    for label, texts in value.items():
        path = f"labels.examples.{_key(label)}"
        if labels and label not in labels:
            problems.append(f"{path}: {label!r} is not in labels.names")
        elif not isinstance(texts, list) or not all(isinstance(t, str) and t.strip() for t in texts):
            problems.append(f"{path}: expected a list of non-empty strings")
        else:
            found.append(LabelExamples(label, tuple(texts)))
    return tuple(found)


def _routes(
    value: object, labels: Sequence[str], lanes: Sequence[str], problems: list[str]
) -> tuple[LabelRoute, ...]:
    if not isinstance(value, dict):
        problems.append("labels.routes: expected a table of label = { lane = … }")
        return ()
    found = []
    for label, route in value.items():
        path = f"labels.routes.{_key(label)}"
        if labels and label not in labels:
            problems.append(f"{path}: {label!r} is not in labels.names")
            continue
        if not isinstance(route, dict):
            problems.append(f"{path}: expected a table like {{ lane = \"support\" }}")
            continue
        for key in route:
            if key not in ROUTE_KEYS:
                problems.append(f"{path}.{key}: unknown key (expected one of {', '.join(ROUTE_KEYS)})")
        lane = route.get("lane")
        if not isinstance(lane, str) or not lane:
            problems.append(f"{path}.lane: required, a lane name")
            continue
        if lanes and lane not in lanes:
            problems.append(f"{path}.lane: unknown lane {lane!r}")
            continue
        extra = {}
        for key in ("ping", "assign"):
            item = route.get(key)
            if item is not None and (not isinstance(item, str) or not item):
                problems.append(f"{path}.{key}: expected a Slack id")
            elif item is not None:
                extra[key] = item
        found.append(LabelRoute(label, lane, **extra))
    return tuple(found)


def _key(label: object) -> str:
    text = str(label)
    return text if text.replace("_", "").isalnum() else f'"{text}"'
