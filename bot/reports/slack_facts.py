"""What Slack says about the lanes, for readiness: who is in each lane's channel, and whether
each lane member is an active person.

`gather_facts(client, lanes)` calls `auth.test` (the bot's own id), `conversations.members`
(paginated) for each lane channel and `users.info` for each distinct lane member. It never
raises: a Slack error leaves that fact unknown and adds a problem line; once Slack can't
be reached or refuses the token, the remaining calls are skipped.
"""

from __future__ import annotations

import logging
from collections.abc import Collection

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.lanes import LanesConfig
from bot.reports.readiness import SlackFacts, UserStatus

log = logging.getLogger(__name__)

PAGE_SIZE = 200  # conversations.members: Slack recommends at most 200 per page
_FATAL = frozenset({"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"})


class _Unreachable(Exception):
    """Slack can't be reached, or refuses the token: asking again is pointless."""


def gather_facts(client: WebClient, lanes: LanesConfig, *, only: Collection[str] | None = None,
                 page_size: int = PAGE_SIZE) -> SlackFacts:
    """Channel members and member statuses for every lane (or those named in `only`)."""
    chosen = [lane for lane in lanes.lanes if only is None or lane.name in only]
    channels: dict[str, frozenset[str] | None] = dict.fromkeys((lane.channel for lane in chosen), None)
    users: dict[str, UserStatus] = dict.fromkeys((m for lane in chosen for m in lane.members), "unknown")
    problems: list[str] = []
    bot_user: str | None = None
    try:
        bot_user = _bot_user(client, problems)
        for channel in channels:
            channels[channel] = _channel_members(client, channel, page_size, problems)
        for user in users:
            users[user] = _user_status(client, user, problems)
    except _Unreachable as exc:
        problems.append(str(exc))
    return SlackFacts(channel_members=channels, users=users, bot_user=bot_user, problems=tuple(problems))


def _bot_user(client: WebClient, problems: list[str]) -> str | None:
    try:
        user = client.auth_test().get("user_id")
    except SlackApiError as exc:
        _api_problem(exc, "auth.test", "the bot", problems)
        return None
    except (SlackClientError, OSError) as exc:
        raise _unreachable(client, exc) from None
    return user if isinstance(user, str) else None


def _channel_members(client: WebClient, channel: str, page_size: int, problems: list[str]) -> frozenset[str] | None:
    members: set[str] = set()
    cursor: str | None = None
    seen: set[str] = set()
    try:
        while True:
            response = client.conversations_members(channel=channel, limit=page_size, cursor=cursor)
            members.update(m for m in response.get("members") or [] if isinstance(m, str))
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor or cursor in seen:
                return frozenset(members)
            seen.add(cursor)
    except SlackApiError as exc:
        _api_problem(exc, "conversations.members", channel, problems)
    except (SlackClientError, OSError) as exc:
        raise _unreachable(client, exc) from None
    return None


def _user_status(client: WebClient, user: str, problems: list[str]) -> UserStatus:
    try:
        answer = client.users_info(user=user).get("user") or {}
    except SlackApiError as exc:
        if exc.response.get("error") == "user_not_found":
            return "not_found"
        _api_problem(exc, "users.info", user, problems)
        return "unknown"
    except (SlackClientError, OSError) as exc:
        raise _unreachable(client, exc) from None
    if answer.get("deleted"):
        return "deleted"
    if answer.get("is_bot") or answer.get("is_app_user"):
        return "bot"
    return "active"


def _api_problem(exc: SlackApiError, method: str, target: str, problems: list[str]) -> None:
    error = str(exc.response.get("error") or f"HTTP {exc.response.status_code}")
    if error in _FATAL:
        raise _Unreachable(f"Slack answered {error} for {method}: check SLACK_BOT_TOKEN") from None
    needed = exc.response.get("needed")
    hint = f" (the app needs the `{needed}` scope)" if error == "missing_scope" and needed else ""
    log.info("readiness: Slack answered %s for %s %s", error, method, target)
    problems.append(f"Slack answered {error} for {target} ({method}){hint}")


def _unreachable(client: WebClient, exc: Exception) -> _Unreachable:
    log.info("readiness: cannot reach Slack at %s: %s", client.base_url, exc)
    return _Unreachable(f"couldn't reach Slack at {client.base_url}: {exc}")
