"""The bot's Slack client: every Web API call goes through the Pacer (bot/slack/pacing.py).

One call site: `api_call`, which every `WebClient` method uses. Inside a delivery job
(`with paced_job(job.id):`, set by the worker) a call whose slot is more than `max_wait`
away is not made: `Paced` is raised and the worker puts the job back until its slot, without
counting an attempt (waiting for a token is not a failure). A short wait is slept in the
worker's thread. Only the job's FIRST call may be put back: after a call went through, the
job has done something in Slack (reads such as users.info do not count), so a later call waits in the thread (up to `max_hold`) and
then goes (a 429 then is handled as before). A 429 pauses the channel / method for every
job (Retry-After) and, on a job's first call, puts the job back the same way.
Outside a job (handlers, Bolt) calls take their token but never wait long.
"""

from __future__ import annotations

import contextvars
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.slack.pacing import Pacer

log = logging.getLogger(__name__)

EARLY = 0.05  # seconds: a job put back comes back this much before its slot (the lease takes time)
# Calls that change nothing in Slack: a job that made only these may still be put back.
READS = frozenset({"users.info", "conversations.info", "conversations.members", "chat.getPermalink",
                   "files.info", "auth.test", "files.getUploadURLExternal"})


class Paced(Exception):
    """Not a failure: the job's Slack call has a slot `delay` seconds from now; run it again then."""

    def __init__(self, reason: str, delay: float) -> None:
        super().__init__(reason)
        self.reason = reason
        self.delay = delay


@dataclass
class _JobRun:
    holder: object
    calls: int = 0


_current: contextvars.ContextVar[_JobRun | None] = contextvars.ContextVar("paced_job", default=None)


@contextmanager
def paced_job(holder: object) -> Iterator[None]:
    """Slack calls made inside are a delivery job's (`holder`: its id), which may be put back."""
    token = _current.set(_JobRun(holder))
    try:
        yield
    finally:
        _current.reset(token)


class PacedWebClient(WebClient):
    def __init__(self, *args: Any, pacer: Pacer | None = None, sleep: Callable[[float], None] = time.sleep,
                 max_wait: float = 0.5, max_hold: float = 10.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pacer = pacer
        self.sleep = sleep
        self.max_wait = max_wait
        self.max_hold = max_hold

    def api_call(self, api_method: str, **kwargs: Any) -> SlackResponse:  # type: ignore[override]
        if self.pacer is None:
            return super().api_call(api_method, **kwargs)
        channel = _channel(kwargs)
        run = _current.get()
        first = run is not None and run.calls == 0
        wait = self.pacer.acquire(api_method, channel, holder=run.holder if first and run else None)
        if wait > self.max_wait:
            if first:
                raise Paced(f"{api_method} paced for {wait:.2f}s", max(0.0, wait - EARLY))
            wait = min(wait, self.max_hold) if run is not None else 0.0  # never hold a handler's thread
        if wait > 0:
            self.sleep(wait)
        late = self.pacer.conform(api_method, channel)  # overdue slots do not go back to back
        late = min(late, max(0.0, (self.max_hold if run is not None else self.max_wait) - wait))
        if late > 0:  # the whole hold stays under max_hold, well inside the job's lease
            self.sleep(late)
        try:
            response = super().api_call(api_method, **kwargs)
        except SlackApiError as exc:
            retry_after = _rate_limited(exc)
            if retry_after is None:
                raise
            log.warning("Slack 429 on %s (%s): everyone waits %.1fs", api_method, channel or "-", retry_after)
            self.pacer.pause(api_method, channel, retry_after)
            if first:
                raise Paced(f"{api_method} rate limited for {retry_after:.1f}s", retry_after) from exc
            raise
        if run is not None and api_method not in READS:
            run.calls += 1
        return response


def _channel(kwargs: dict[str, Any]) -> str | None:
    for source in ("json", "data", "params"):
        values = kwargs.get(source)
        if isinstance(values, dict) and values.get("channel"):
            return str(values["channel"])
    return None


def _rate_limited(exc: SlackApiError) -> float | None:
    response = exc.response
    error = response.get("error") if isinstance(response.data, dict) else None
    if response.status_code != 429 and error != "ratelimited":
        return None
    for name, value in (response.headers or {}).items():
        if name.lower() == "retry-after":
            try:
                return max(0.0, float(value if isinstance(value, str) else value[0]))
            except (TypeError, ValueError, IndexError):
                break
    return 30.0
