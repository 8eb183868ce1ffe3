"""Values left from `.env.example` and `lanes.example.toml`: they pass the format checks but
reach nobody. Each finding is one line naming the value and what to put there instead."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from bot.lanes import LanesConfig

_PLACEHOLDER_WORDS = ("replace-me", "replace_me", "changeme", "change-me", "your-", "<", "xxxx")
_EXAMPLE_ENV = {
    "TWILIO_ACCOUNT_SID": "AC00000000000000000000000000000000",
    "PUBLIC_URL": "https://wa-bridge.example.com",
}
# The example file's ids are C0/U0/S0 followed by letters only (C0SALES, U0AAA, S0SEO);
# Slack's own ids carry digits (C024BE91L, U061F7AUR).
_EXAMPLE_ID = re.compile(r"^[CGUWS]0[A-Z]{2,}$")

ENV_FIXES = {
    "SLACK_BOT_TOKEN": "the Bot User OAuth Token (xoxb-…) from api.slack.com/apps → your app → OAuth & Permissions",
    "SLACK_SIGNING_SECRET": "the Signing Secret from api.slack.com/apps → your app → Basic Information",
    "TWILIO_ACCOUNT_SID": "the Account SID (AC…) from console.twilio.com → Account info",
    "TWILIO_AUTH_TOKEN": "the Auth Token from console.twilio.com → Account info",
    "PUBLIC_URL": "the https address Slack and Twilio reach this bot at (your domain or a tunnel such as ngrok)",
}


def env_placeholders(env: Mapping[str, str]) -> list[str]:
    """`.env` values still holding the example's placeholders."""
    problems = []
    for name, fix in ENV_FIXES.items():
        value = (env.get(name) or "").strip()
        if not value:
            continue
        lowered = value.lower()
        if any(word in lowered for word in _PLACEHOLDER_WORDS) or _EXAMPLE_ENV.get(name) == value.rstrip("/"):
            problems.append(f"{name}: still the example's placeholder ({_short(value)}): put {fix} there")
    return problems


def lanes_placeholders(lanes: LanesConfig, example_ids: Iterable[str] = ()) -> list[str]:
    """Channel, user and user-group ids that are the example file's, not a workspace's."""
    known = set(example_ids)
    found: dict[str, str] = {}

    def look(value: str | None, where: str) -> None:
        if value and (value in known or _EXAMPLE_ID.match(value)) and value not in found:
            found[value] = where

    workspace = lanes.workspace
    look(workspace.escalation_channel, "workspace escalation_channel")
    for lead in workspace.leads:
        look(lead, "workspace leads")
    for lane in lanes.lanes:
        look(lane.channel, f"lane {lane.name} channel")
        look(lane.mention, f"lane {lane.name} mention")
        for member in (*lane.members, *lane.leads):
            look(member, f"lane {lane.name} members/leads")
    if lanes.weekly_report is not None:
        look(lanes.weekly_report.channel, "weekly_report channel")
    for route in lanes.triage.routes:
        look(route.ping, f'labels route "{route.label}" ping')
        look(route.assign, f'labels route "{route.label}" assign')
    return [f"{where}: {value} is an example id from lanes.example.toml: put your workspace's {_kind(value)} id "
            f"there ({_how(value)})" for value, where in found.items()]


def example_ids(text: str) -> set[str]:
    """Every quoted id in the example lanes file's text."""
    return {match for match in re.findall(r'"([CGUWS]0[A-Z0-9]+)"', text)}


def _kind(value: str) -> str:
    return {"C": "channel", "G": "channel", "S": "user-group"}.get(value[0], "user")


def _how(value: str) -> str:
    kind = _kind(value)
    if kind == "channel":
        return "in Slack, open the channel's details: the id is at the bottom"
    if kind == "user-group":
        return "in Slack, open the group's profile → ⋯ → Copy group ID"
    return "in Slack, open the person's profile → ⋯ → Copy member ID"


def _short(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "…"
