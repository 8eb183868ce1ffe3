"""The triage keys of the lanes file's `[labels]` table: examples, routes by label, review_below.

```toml
[labels]
names = ["Support request", "Billing", "Bug report", "Paid media"]
review_below = 0.5                      # below this confidence a human picks the label
examples = { "Paid media" = ["ads on snapchat", "حملة إعلانية"] }
routes = { "Billing" = { lane = "billing" }, "Bug report" = { lane = "support", ping = "S0TECH" } }
```

Read through `bot.lanes.checks.Checker` (so `python -m bot check` names each problem's
line); `bot.routing.categories` turns these into its `LabelConfig`. Standard library only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from bot.lanes.model import (
    DEFAULT_REVIEW_BELOW,
    USER_GROUP_ID,
    USER_ID,
    LabelExamples,
    LabelKeys,
    LabelRoute,
)

__all__ = ["DEFAULT_REVIEW_BELOW", "ROUTE_KEYS", "TRIAGE_KEYS", "LabelExamples", "LabelKeys", "LabelRoute",
           "read_label_keys"]

TRIAGE_KEYS = ("examples", "routes", "review_below")
ROUTE_KEYS = ("lane", "ping", "assign")


class Problems(Protocol):
    def add(self, path: str, message: str) -> None: ...


def read_label_keys(
    check: Problems, table: object, *, labels: Sequence[str] = (), lanes: Sequence[str] = ()
) -> LabelKeys:
    """The triage keys of the `[labels]` table (decoded); label and lane names are checked
    against `labels` / `lanes` when given. Every problem goes to `check.add(path, message)`."""
    if not isinstance(table, dict):
        return LabelKeys()  # the lanes parser reports a bad [labels]
    review = table.get("review_below", DEFAULT_REVIEW_BELOW)
    if isinstance(review, bool) or not isinstance(review, (int, float)) or not 0 <= review <= 1:
        check.add("labels.review_below", f"expected a number from 0 to 1, got {review!r}")
        review = DEFAULT_REVIEW_BELOW
    examples = _examples(check, table.get("examples", {}), labels)
    routes = _routes(check, table.get("routes", {}), labels, lanes)
    return LabelKeys(routes, examples, float(review))


def _examples(check: Problems, value: object, labels: Sequence[str]) -> tuple[LabelExamples, ...]:
    if not isinstance(value, dict):
        check.add("labels.examples", "expected a table of label = [phrases]")
        return ()
    found = []
    for label, texts in value.items():
        path = f"labels.examples.{_key(label)}"
        if labels and label not in labels:
            check.add(path, f"{label!r} is not in labels.names")
        elif not isinstance(texts, list) or not all(isinstance(t, str) and t.strip() for t in texts):
            check.add(path, "expected a list of non-empty strings")
        else:
            found.append(LabelExamples(label, tuple(texts)))
    return tuple(found)


def _routes(check: Problems, value: object, labels: Sequence[str], lanes: Sequence[str]) -> tuple[LabelRoute, ...]:
    if not isinstance(value, dict):
        check.add("labels.routes", "expected a table of label = { lane = … }")
        return ()
    found = []
    for label, route in value.items():
        path = f"labels.routes.{_key(label)}"
        if labels and label not in labels:
            check.add(path, f"{label!r} is not in labels.names")
            continue
        if not isinstance(route, dict):
            check.add(path, "expected a table like { lane = \"support\" }")
            continue
        for key in route:
            if key not in ROUTE_KEYS:
                check.add(f"{path}.{key}", f"unknown key (expected one of {', '.join(ROUTE_KEYS)})")
        lane = route.get("lane")
        if not isinstance(lane, str) or not lane:
            check.add(f"{path}.lane", "required, a lane name")
            continue
        if lanes and lane not in lanes:
            check.add(f"{path}.lane", f"unknown lane {lane!r}")
            continue
        extra: dict[str, Any] = {}
        for key in ("ping", "assign"):
            item = route.get(key)
            if item is not None and (not isinstance(item, str) or not item):
                check.add(f"{path}.{key}", "expected a Slack id")
            elif item is not None and not _is_id(key, item):
                what = "user or user-group" if key == "ping" else "user"
                check.add(f"{path}.{key}", f"not a Slack {what} id: {item!r}")
            elif item is not None:
                extra[key] = item
        found.append(LabelRoute(label, lane, **extra))
    return tuple(found)


def _is_id(key: str, value: str) -> bool:
    return bool(USER_ID.fullmatch(value) or (key == "ping" and USER_GROUP_ID.fullmatch(value)))


def _key(label: object) -> str:
    text = str(label)
    return text if text.replace("_", "").isalnum() else f'"{text}"'
