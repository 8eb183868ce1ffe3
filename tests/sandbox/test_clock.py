"""The sandbox's clock: real time times a speed, plus jumps."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.sandbox.clock import SpeedClock

START = datetime(2026, 11, 30, 6, 0, tzinfo=timezone.utc)


def test_speed_and_jumps() -> None:
    real = [100.0]
    clock = SpeedClock(START, monotonic=lambda: real[0])
    real[0] += 2
    assert clock.now() == START + timedelta(seconds=2)
    clock.set_speed(60)
    real[0] += 5  # five real seconds at 60×: five minutes
    assert clock.now() == START + timedelta(seconds=2 + 300)
    clock.advance(timedelta(hours=1))
    assert clock.now() == START + timedelta(seconds=302 + 3600)
    clock.set_speed(0)
    real[0] += 100
    assert clock.now() == START + timedelta(seconds=3902) and clock.speed == 0
    with pytest.raises(ValueError):
        clock.set_speed(-1)
