"""The lanes file examples and helpers the lanes parsing tests share."""

from __future__ import annotations

import copy
import tomllib
from typing import Any

import pytest

from bot.errors import ConfigError
from bot.lanes import LanesConfig, parse_lanes

CONTRACT_EXAMPLE = """\
[workspace]
timezone = "Asia/Dubai"             # IANA name; business hours and reports use it
business_hours = "Sun-Thu 09:00-18:00"
default_lane = "support"            # where a conversation goes when nothing matches
escalation_channel = "C0ESCALATE"   # Slack channel id for escalations
note_prefix = "note:"               # a thread reply starting with this stays internal

[[lanes]]
name = "sales"
channel = "C0SALES"                 # Slack channel id; one channel per lane
members = ["U0AAA", "U0BBB"]        # Slack user ids who may claim here
mention = "S0SALES"                 # optional user group id pinged on re-pings
assign = "round_robin"              # manual | round_robin | least_loaded
claim_within = "5m"                 # unclaimed longer than this: re-ping
repings = 2                         # after this many re-pings: `then`
then = "reassign"                   # reassign | escalate
reply_within = "15m"                # claimed, customer waiting longer than this: remind owner
keywords = ["price", "quote", "proposal", "سعر", "عرض سعر"]

[[lanes]]
name = "support"
channel = "C0SUPPORT"

[[entry_points]]
ref = "pricing"                     # appears in the preset text as "ref: pricing" (also [ref:pricing], #pricing)
page = "https://example.com/pricing"
preset = "Hi, I'd like a quote (ref: pricing)"
lane = "sales"
label = "Paid media"

[labels]
names = ["Support request", "Billing", "Churn risk", "Feature request", "Bug report", "No action needed", \
"Paid media", "Arabic SEO", "Tender readiness"]

[outcomes]
names = ["Qualified", "Proposal fit", "Follow-up due", "Missing context", "Non-fit", "Resolved", "No response"]
"""

BASE: dict[str, Any] = tomllib.loads(CONTRACT_EXAMPLE)


def base() -> dict[str, Any]:
    return copy.deepcopy(BASE)


def problems_of(data: dict[str, Any], source: str | None = None) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_lanes(data, source=source)
    return caught.value.problems


def problems_in(text: str) -> list[str]:
    return problems_of(tomllib.loads(text), source=text)


def line_of(text: str, needle: str, occurrence: int = 0) -> int:
    """1-based number of the `occurrence`-th line of `text` containing `needle`."""
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return lines[occurrence]


def set_at(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    target = data
    for key in path[:-1]:
        target = target[key]
    if isinstance(target, list) and path[-1] == len(target):
        target.append(value)
    else:
        target[path[-1]] = value


def delete_at(data: dict[str, Any], path: tuple[Any, ...]) -> None:
    target = data
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]


DELETE = object()


def check_rule(path: tuple[Any, ...], value: Any, expected: str | None) -> None:
    """Set (or delete) the value at `path` in the contract example: it parses, or a problem starts with `expected`."""
    data = base()
    if value is DELETE:
        delete_at(data, path)
    else:
        set_at(data, path, value)

    if expected is None:
        assert isinstance(parse_lanes(data), LanesConfig)
    else:
        problems = problems_of(data)
        assert any(problem.startswith(expected) for problem in problems), problems
