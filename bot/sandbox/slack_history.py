"""Reading back what was posted, and the faults that exactly-once delivery is tested with.

Every chat.postMessage is kept with its ``metadata``; conversations.history (newest first)
and conversations.replies (a thread, oldest first) return it with ``include_all_metadata``.
`after_post` runs a callback between storing a post and answering it (an event that beats
the answer); `hold_answer` holds the answer (a client killed meanwhile never learns of it);
`revoke` makes every authenticated call answer like a revoked token until `reinstate`;
`limit_per_channel` enforces Slack's per-channel rate with 429 and Retry-After.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from bot.sandbox.slack_records import Call, Json, _Fault
from bot.sandbox.slack_records import error as _error
from bot.sandbox.slack_records import ok as _ok


class SlackHistory:
    """Mixed into FakeSlack, which provides `_lock` and `_messages`."""

    _lock: threading.Lock
    _messages: dict[tuple[str, str], Json]

    def _init_history(self) -> None:
        self._revoked: str | None = None
        self._after_post: deque[Callable[[Call], None]] = deque()
        self._hold: dict[str, threading.Event] = {}
        self.holding = threading.Event()
        self._limits: dict[str, ChannelLimit] = {}

    def limit_per_channel(self, method: str = "chat.postMessage", *, per_second: float = 1.0, burst: int = 4,
                          retry_after: int = 1, clock: Callable[[], float] = time.monotonic) -> None:
        """Enforce Slack's per-channel limit on `method` from now on: a token bucket per channel
        (`per_second`, `burst`); a call beyond it answers HTTP 429 ``ratelimited`` with
        ``Retry-After: retry_after`` (recorded in `failed_calls()` with status 429)."""
        with self._lock:
            self._limits[method] = ChannelLimit(per_second, burst, retry_after, clock)

    def _limited(self, method: str, params: Json) -> _Fault | None:
        """Under the lock: the 429 a per-channel limit answers this call with, if any."""
        limit = self._limits.get(method)
        if limit is None or limit.take(str(params.get("channel") or "")):
            return None
        return _Fault(429, "ratelimited", 1, limit.retry_after)

    def revoke(self, error: str = "token_revoked") -> None:
        """Every authenticated call answers ``ok: false`` with `error` until `reinstate()`
        (a revoked token, a deactivated app: ``account_inactive``)."""
        with self._lock:
            self._revoked = error

    def reinstate(self) -> None:
        with self._lock:
            self._revoked = None

    def after_post(self, callback: Callable[[Call], None]) -> None:
        """The next chat.postMessage runs `callback(call)` once Slack has stored the message and
        before it answers: an Events API delivery that beats the Web API's answer."""
        with self._lock:
            self._after_post.append(callback)

    def hold_answer(self, method: str) -> threading.Event:
        """The next `method` call is carried out (the message is stored) but its answer is held
        until the returned event is set; `holding` is set meanwhile. A client killed while
        waiting never learns that Slack accepted the call."""
        release = threading.Event()
        with self._lock:
            self._hold[method] = release
        return release

    def message_at(self, channel: str, ts: str) -> Json | None:
        """The message as Slack now holds it (None once deleted)."""
        return self._messages.get((channel, ts))

    def _revoked_answer(self) -> Json | None:
        return _error(self._revoked) if self._revoked else None

    def _hooks_for(self, method: str, error: str | None) -> tuple[Callable[[Call], None] | None, threading.Event | None]:
        """Taken under the lock: what to run after answering `method` (see after_post, hold_answer)."""
        hook = self._after_post.popleft() if method == "chat.postMessage" and not error and self._after_post else None
        return hook, (self._hold.pop(method, None) if not error else None)

    def _run_hooks(self, call: Call, hook: Callable[[Call], None] | None, hold: threading.Event | None) -> None:
        if hook is not None:
            hook(call)
        if hold is not None:
            self.holding.set()
            hold.wait(30)


def readable(message: Json, p: Json) -> Json:
    """A stored message as conversations.history/replies show it: metadata only with
    include_all_metadata (the bot reads back its own posts' metadata that way)."""
    shown = {k: v for k, v in message.items() if k != "metadata"}
    if str(p.get("include_all_metadata", "")).lower() in ("1", "true") and "metadata" in message:
        shown["metadata"] = message["metadata"]
    return shown


def conversations_history(self: Any, p: Json) -> Json:
    """The channel's top-level messages, newest first, at most `limit` (no paging)."""
    channel = p.get("channel")
    if not channel:
        return _error("channel_not_found")
    limit = int(p.get("limit") or 100)
    found = [m for (c, ts), m in self._messages.items()
             if c == channel and (not m.get("thread_ts") or m.get("thread_ts") == ts)]
    found.sort(key=lambda m: float(m["ts"]), reverse=True)
    return _ok(messages=[readable(m, p) for m in found[:limit]], has_more=len(found) > limit,
               response_metadata={"next_cursor": ""})


def conversations_replies(self: Any, p: Json) -> Json:
    """The thread's parent and replies, oldest first; pages of `limit`, the cursor an offset."""
    channel, ts = p.get("channel"), p.get("ts")
    if not channel or not ts:
        return _error("invalid_arguments")
    if (channel, ts) not in self._messages:
        return _error("thread_not_found")
    found = [m for (c, mts), m in self._messages.items() if c == channel and (mts == ts or m.get("thread_ts") == ts)]
    found.sort(key=lambda m: float(m["ts"]))
    limit = max(int(p.get("limit") or 100), 1)
    start = int(p.get("cursor") or 0)
    page = found[start:start + limit]
    next_cursor = str(start + limit) if start + limit < len(found) else ""
    return _ok(messages=[readable(m, p) for m in page], has_more=bool(next_cursor),
               response_metadata={"next_cursor": next_cursor})


class ChannelLimit:
    """Token buckets per channel, refilled at `per_second` up to `burst` (the lock is held)."""

    def __init__(self, per_second: float, burst: int, retry_after: int, clock: Callable[[], float]) -> None:
        self.per_second, self.burst, self.retry_after, self.clock = per_second, burst, retry_after, clock
        self._buckets: dict[str, tuple[float, float]] = {}  # channel -> (tokens, at)

    def take(self, channel: str) -> bool:
        now = self.clock()
        tokens, at = self._buckets.get(channel, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - at) * self.per_second)
        if tokens < 1.0:
            self._buckets[channel] = (tokens, now)
            return False
        self._buckets[channel] = (tokens - 1.0, now)
        return True


def chat_delete(self: Any, p: Json) -> Json:
    """Deletes one of the bot's own messages (others: ``cant_delete_message``, like a bot token)."""
    key = (p.get("channel", ""), p.get("ts", ""))
    if key not in self._messages:
        return _error("message_not_found")
    if self._messages[key].get("user") != self.bot_user_id:
        return _error("cant_delete_message")
    del self._messages[key]
    return _ok(channel=key[0], ts=key[1])


def files_delete(self: Any, p: Json) -> Json:
    if self._files.pop(p.get("file") or "", None) is None:
        return _error("file_not_found")
    return _ok()
