"""Pacing Slack calls: token buckets per method tier and per channel, fed by Retry-After.

Slack's documented limits (api.slack.com/apis/rate-limits): each Web API method belongs to a
tier (per app and workspace, per minute: Tier 1 = 1, Tier 2 = 20, Tier 3 = 50, Tier 4 = 100,
short bursts tolerated), and chat.postMessage is "special": about one message per second per
channel, short bursts allowed, plus a workspace-wide limit of several hundred a minute.
Beyond them Slack answers HTTP 429 with `Retry-After`.

A bucket is a GCRA (the "virtual scheduling" form of a token bucket): it keeps the
theoretical arrival time `tat` of the next call; a call at time t is allowed when
t >= tat - tolerance, where tolerance = (burst - 1) / rate. Reserving a call moves tat on by
1 / rate, so calls can be booked ahead: a job that must wait long is given a *slot* and comes
back for it, and the slots are handed out in the order the jobs asked (their lease order).
A 429 pauses its bucket until Retry-After for every caller (slots booked before the pause
are void), so one 429 never turns into one per waiting job.

The clock is injected (seconds, monotonic); nothing here sleeps.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace

Key = tuple[str, ...]  # ("method", name) or ("channel", method, channel id)


@dataclass(frozen=True)
class Rate:
    per_second: float
    burst: int = 1

    @classmethod
    def per_minute(cls, count: float, burst: int = 1) -> Rate:
        return cls(count / 60.0, burst)


TIER_1, TIER_2, TIER_3, TIER_4 = Rate.per_minute(1), Rate.per_minute(20, 3), Rate.per_minute(50, 5), Rate.per_minute(100, 8)

# The methods the bot calls, by Slack's documented tier ("special" ones given their usual rate).
METHOD_TIERS: dict[str, Rate] = {
    "chat.postMessage": Rate.per_minute(300, 20),  # workspace-wide: "several hundred per minute"
    "chat.update": TIER_3,
    "chat.postEphemeral": TIER_4,
    "chat.getPermalink": TIER_4,
    "reactions.add": TIER_3,
    "users.info": TIER_4,
    "conversations.info": TIER_3,
    "conversations.members": TIER_4,
    "views.open": TIER_4,
    "views.publish": TIER_4,
    "files.getUploadURLExternal": TIER_4,
    "files.completeUploadExternal": TIER_4,
    "files.info": TIER_4,
}
DEFAULT_TIER = TIER_3
# One post per second per channel; a burst of 3 (Slack tolerates "short bursts"; one token
# under what it allows, so network jitter between us and Slack does not cost a 429).
CHANNEL_POSTS = Rate(1.0, 3)
PER_CHANNEL = frozenset({"chat.postMessage"})


@dataclass(frozen=True)
class SlackLimits:
    methods: dict[str, Rate] = field(default_factory=lambda: dict(METHOD_TIERS))
    default: Rate = DEFAULT_TIER
    channel: Rate = CHANNEL_POSTS

    def scaled(self, factor: float) -> SlackLimits:
        """Every rate times `factor` (bursts kept): for benches that cannot wait Slack's minutes."""
        return replace(self, methods={m: replace(r, per_second=r.per_second * factor) for m, r in self.methods.items()},
                       default=replace(self.default, per_second=self.default.per_second * factor),
                       channel=replace(self.channel, per_second=self.channel.per_second * factor))


class Bucket:
    """One GCRA bucket. Not thread-safe by itself: the Pacer's lock guards it."""

    def __init__(self, rate: Rate) -> None:
        self.interval = 1.0 / rate.per_second
        self.tolerance = (max(1, rate.burst) - 1) * self.interval
        self.tat = float("-inf")
        self.paused_until = float("-inf")

    def earliest(self, now: float) -> float:
        """The earliest time at or after `now` a call may be made."""
        return max(now, self.tat - self.tolerance, self.paused_until)

    def book(self, at: float) -> None:
        """Take the token of a call made at `at` (>= earliest(at))."""
        self.tat = max(self.tat, at) + self.interval

    def pause(self, until: float) -> None:
        """Slack said 429 until `until`: nothing before it, then one call at a time again."""
        self.paused_until = max(self.paused_until, until)
        self.tat = max(self.tat, until + self.tolerance)


class Pacer:
    """Per-process buckets, shared by every thread. `acquire` books the earliest slot for a
    call and says how long to wait for it; `pause` applies a Retry-After to every caller."""

    def __init__(self, clock: Callable[[], float], limits: SlackLimits | None = None, *, near: float = 1.0) -> None:
        self.clock = clock
        self.near = near
        self.limits = limits or SlackLimits()
        self._lock = threading.Lock()
        self._buckets: dict[Key, Bucket] = {}
        self._sent: dict[Key, Bucket] = {}  # by the time calls are actually sent (see `conform`)
        self._slots: dict[tuple[object, Key], tuple[float, bool]] = {}  # (at, shared buckets booked)  # booked ahead for a job: (job id, key)

    def keys(self, method: str, channel: str | None) -> list[Key]:
        keys: list[Key] = [("method", method)]
        if method in PER_CHANNEL and channel:
            keys.append(("channel", method, channel))
        return keys

    def acquire(self, method: str, channel: str | None = None, *, holder: object = None) -> float:
        """Book the earliest slot for one call of `method` (to `channel`) and return the seconds
        to wait for it (0.0: go now). With `holder` (a job id) the slot is kept for it: when it
        asks again for the same call it gets that slot back, unless a 429 since voided it.

        The most specific bucket (the channel's, for chat.postMessage) books ahead; the
        method's workspace-wide bucket is booked only once the call is near (within `near`
        seconds), so a channel's backlog never holds up posts to other channels."""
        keys = self.keys(method, channel)
        own, shared = self._bucket(keys[-1]), [self._bucket(key) for key in keys[:-1]]
        with self._lock:
            now = self.clock()
            slot = self._slots.pop((holder, keys[-1]), None) if holder is not None else None
            if slot is not None and any(self._bucket(key).paused_until > slot[0] for key in keys):
                slot = None  # a 429 since it was booked: it is void
            if slot is None:
                at = own.earliest(now)
                own.book(at)
                slot = (at, False)
            at, shared_booked = slot
            if not shared_booked and at - now <= self.near:
                at = max([at, *(bucket.earliest(at) for bucket in shared)])
                for bucket in shared:
                    bucket.book(at)
                slot = (at, True)
            if holder is not None and at > now:
                self._slots[(holder, keys[-1])] = slot
                self._prune(now)
            return max(0.0, at - now)

    def conform(self, method: str, channel: str | None = None) -> float:
        """Just before a call is sent: the seconds to wait still so that the calls, as actually
        sent, keep the rate. Slots are booked ahead; a worker running late (a busy machine)
        would otherwise send several overdue slots back to back, beyond Slack's burst."""
        key = self.keys(method, channel)[-1]
        with self._lock:
            now = self.clock()
            sent = self._sent.get(key)
            if sent is None:
                sent = self._sent[key] = Bucket(self._rate(key))
            at = max(now, sent.tat - sent.tolerance, self._bucket(key).paused_until)
            sent.book(at)
            return max(0.0, at - now)

    def release(self, method: str, channel: str | None = None, *, holder: object) -> None:
        """Forget the slot `holder` booked (it will not come back for it)."""
        with self._lock:
            self._slots.pop((holder, self.keys(method, channel)[-1]), None)

    def pause(self, method: str, channel: str | None, seconds: float) -> None:
        """A 429 with Retry-After `seconds`: the channel (per-channel methods) or else the method waits."""
        keys = self.keys(method, channel)
        with self._lock:
            until = self.clock() + seconds
            self._bucket(keys[-1]).pause(until)
            if keys[-1] in self._sent:
                self._sent[keys[-1]].pause(until)

    def waiting(self, method: str, channel: str | None = None) -> float:
        """Seconds until a call could go now (without booking it)."""
        with self._lock:
            now = self.clock()
            return max(self._bucket(key).earliest(now) for key in self.keys(method, channel)) - now

    def _bucket(self, key: Key) -> Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = Bucket(self._rate(key))
        return bucket

    def _rate(self, key: Key) -> Rate:
        return self.limits.channel if key[0] == "channel" else self.limits.methods.get(key[1], self.limits.default)

    def _prune(self, now: float) -> None:
        if len(self._slots) > 10_000:  # jobs that never came back (taken by another process)
            for held, slot in list(self._slots.items()):
                if slot[0] < now - 60:
                    del self._slots[held]
