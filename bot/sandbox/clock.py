"""The sandbox's clock: real time, sped up or jumped ahead on request (the page's time control).

The app, its worker and its timers read only `now()`; the timer sweep still runs every real
second, so at 60× a five-minute re-ping comes after five real seconds.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta


class SpeedClock:
    """`now()` = the start + (real seconds since then) × speed + jumps."""

    def __init__(self, start: datetime, *, speed: float = 1.0, monotonic: object = time.monotonic) -> None:
        self._monotonic = monotonic if callable(monotonic) else time.monotonic
        self._lock = threading.Lock()
        self._base = start
        self._since = self._monotonic()
        self._speed = speed

    def now(self) -> datetime:
        with self._lock:
            return self._now_locked()

    def _now_locked(self) -> datetime:
        elapsed = (self._monotonic() - self._since) * self._speed
        return self._base + timedelta(seconds=elapsed)

    @property
    def speed(self) -> float:
        return self._speed

    def set_speed(self, speed: float) -> None:
        """From now on, one real second is `speed` sandbox seconds (0 stops the clock)."""
        if not 0 <= speed <= 100_000:
            raise ValueError("speed must be between 0 and 100000")
        with self._lock:
            self._base, self._since, self._speed = self._now_locked(), self._monotonic(), speed

    def advance(self, delta: timedelta | float) -> datetime:
        """Jump ahead by `delta` (seconds or a timedelta)."""
        step = delta if isinstance(delta, timedelta) else timedelta(seconds=delta)
        with self._lock:
            self._base += step
            return self._now_locked()
