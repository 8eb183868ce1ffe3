"""When to try again. Nothing here sleeps: a delay becomes the job's next attempt time."""

from __future__ import annotations

import http.client
import socket
import urllib.error

import requests
from slack_sdk.errors import SlackApiError

from bot.slack import delivery_notes

MAX_DELAY = 600.0  # seconds: transient failures are retried forever, only slower


class Retry(Exception):
    """Raised by a job that should run again after `delay` seconds."""

    def __init__(self, reason: str, delay: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.delay = delay


class Dead(Retry):
    """Raised by a job that will never succeed by retrying (a permanent error for this job):
    it becomes a dead letter that people are told about; later jobs go on. `quiet`: told
    already (the card this thread post needed is itself dead)."""

    def __init__(self, reason: str, *, error: str, channel: str | None = None, quiet: bool = False) -> None:
        super().__init__(reason)
        self.error, self.channel, self.quiet = error, channel, quiet


class Fault(Retry):
    """Raised when the bot's configuration blocks delivery (a revoked token, the bot not in a
    lane's channel): the jobs it blocks pause, leads are told once, and a probe resumes them."""

    def __init__(self, key: str, *, error: str, action: str, service: str = "Slack") -> None:
        super().__init__(f"{service}: {error} ({key})")
        self.key, self.error, self.action, self.service = key, error, action, service


# Slack's errors by what they mean for a job (anything else is retried with backoff).
SLACK_APP_FAULTS = frozenset({
    "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "missing_scope",
    "team_access_not_granted", "no_permission", "ekm_access_denied", "org_login_required",
    "not_allowed_token_type",
})
SLACK_CHANNEL_FAULTS = frozenset({"not_in_channel"})
SLACK_PERMANENT = frozenset({
    "channel_not_found", "is_archived", "channel_is_archived", "invalid_blocks", "invalid_blocks_format",
    "msg_too_long", "no_text", "too_many_attachments", "invalid_arguments", "invalid_metadata_format",
    "invalid_metadata_schema", "metadata_too_large", "message_not_found", "cant_update_message",
    "edit_window_closed", "restricted_action", "user_not_found", "cannot_dm_bot", "messages_tab_disabled",
    "invalid_thread_ts", "thread_not_found", "duplicate_channel_not_found", "as_user_not_supported",
})


def backoff(attempt: int, *, base: float = 2.0) -> float:
    """2, 4, 8 … seconds, capped at MAX_DELAY."""
    return min(base ** max(1, attempt), MAX_DELAY)


def slack_retry(exc: Exception, channel: str | None = None) -> Retry:
    """Turn a failed Slack call into a Retry (honouring Retry-After on 429 / `ratelimited`),
    a Dead letter or a configuration Fault, by Slack's error."""
    if isinstance(exc, SlackApiError):
        response = exc.response
        error = response.get("error") if isinstance(response.data, dict) else None
        retry_after = _retry_after(response.headers)
        if response.status_code == 429 or error == "ratelimited":
            return Retry(f"Slack rate limit ({error or 429})", retry_after if retry_after is not None else 30.0)
        if error in SLACK_APP_FAULTS:
            needed = response.get("needed") if isinstance(response.data, dict) else None
            return Fault("slack:app", error=error,
                         action=delivery_notes.slack_fault_action(error, needed=str(needed) if needed else None))
        if error in SLACK_CHANNEL_FAULTS and channel:
            return Fault(f"slack:channel:{channel}", error=error,
                         action=delivery_notes.slack_fault_action(error, channel=channel))
        if error in SLACK_PERMANENT:
            return Dead(f"Slack answered {error}", error=error, channel=channel)
        return Retry(f"Slack answered {response.status_code} {error or ''}".strip())
    return Retry(f"Slack unreachable: {type(exc).__name__}: {exc}")


TRANSIENT_NETWORK_ERRORS = (
    urllib.error.URLError, socket.timeout, ConnectionError, http.client.HTTPException,
    requests.RequestException, TimeoutError,
)


def _retry_after(headers: dict[str, object] | None) -> float | None:
    for name, value in (headers or {}).items():
        if name.lower() == "retry-after":
            try:
                return max(0.0, float(value if isinstance(value, str) else value[0]))  # type: ignore[index]
            except (TypeError, ValueError, IndexError):
                return None
    return None
