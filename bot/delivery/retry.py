"""When to try again. Nothing here sleeps: a delay becomes the job's next attempt time."""

from __future__ import annotations

import http.client
import socket
import urllib.error

import requests
from slack_sdk.errors import SlackApiError

MAX_DELAY = 600.0  # seconds: retries never stop, they only slow down


class Retry(Exception):
    """Raised by a job that should run again after `delay` seconds."""

    def __init__(self, reason: str, delay: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.delay = delay


def backoff(attempt: int, *, base: float = 2.0) -> float:
    """2, 4, 8 … seconds, capped at MAX_DELAY."""
    return min(base ** max(1, attempt), MAX_DELAY)


def slack_retry(exc: Exception) -> Retry:
    """Turn a failed Slack call into a Retry, honouring Retry-After on 429 / `ratelimited`."""
    if isinstance(exc, SlackApiError):
        response = exc.response
        error = response.get("error") if isinstance(response.data, dict) else None
        retry_after = _retry_after(response.headers)
        if response.status_code == 429 or error == "ratelimited":
            return Retry(f"Slack rate limit ({error or 429})", retry_after if retry_after is not None else 30.0)
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
