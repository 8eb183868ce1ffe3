"""Whose team a Slack request comes from (Slack Connect puts people of other organisations
in shared channels). Ours is `SLACK_TEAM_ID` when set; else the team Slack delivered the
request for: the envelope's `authorizations[].team_id` (events), `team_id`, or `team.id`
(clicks). The person's own team is `user_team` (events) or `user.team_id` (clicks)."""

from __future__ import annotations

from typing import Any

from bot.conversations.permissions import is_external
from bot.settings import Settings


def our_team(settings: Settings, body: dict[str, Any]) -> str | None:
    if settings.slack_team_id:
        return settings.slack_team_id
    for auth in body.get("authorizations") or []:
        if isinstance(auth, dict) and isinstance(auth.get("team_id"), str) and auth["team_id"]:
            return str(auth["team_id"])
    if isinstance(body.get("team_id"), str) and body["team_id"]:
        return str(body["team_id"])
    team = body.get("team")
    return str(team["id"]) if isinstance(team, dict) and isinstance(team.get("id"), str) else None


def event_is_external(settings: Settings, body: dict[str, Any], event: dict[str, Any]) -> bool:
    user_team = event.get("user_team") or event.get("team")
    return is_external(user_team if isinstance(user_team, str) else None, our_team(settings, body))


def action_is_external(settings: Settings, body: dict[str, Any]) -> bool:
    user = body.get("user") or {}
    user_team = user.get("team_id") if isinstance(user, dict) else None
    return is_external(user_team if isinstance(user_team, str) else None, our_team(settings, body))
