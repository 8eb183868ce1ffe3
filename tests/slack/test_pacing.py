"""The token buckets (GCRA) of bot/slack/pacing.py, on an injected clock: rates, bursts,
slots booked ahead in the order asked, Retry-After pauses for everyone."""

from __future__ import annotations

import pytest

from bot.slack.pacing import CHANNEL_POSTS, METHOD_TIERS, Pacer, Rate, SlackLimits


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def limits(channel: Rate = Rate(1.0, 3), post_method: Rate = Rate(100.0, 100)) -> SlackLimits:
    return SlackLimits(methods={**METHOD_TIERS, "chat.postMessage": post_method}, channel=channel)


def test_a_channel_allows_its_burst_at_once_then_one_post_per_second(clock: Clock) -> None:
    pacer = Pacer(clock, limits())
    waits = [pacer.acquire("chat.postMessage", "C1") for _ in range(6)]
    assert waits == pytest.approx([0.0, 0.0, 0.0, 1.0, 2.0, 3.0])


def test_channels_are_paced_apart(clock: Clock) -> None:
    pacer = Pacer(clock, limits(channel=Rate(1.0, 1)))
    assert pacer.acquire("chat.postMessage", "C1") == 0.0
    assert pacer.acquire("chat.postMessage", "C2") == 0.0
    assert pacer.acquire("chat.postMessage", "C1") == pytest.approx(1.0)


def test_tokens_come_back_with_time_up_to_the_burst_and_no_more(clock: Clock) -> None:
    pacer = Pacer(clock, limits())
    for _ in range(3):
        pacer.acquire("chat.postMessage", "C1")
    clock.now += 1.0
    assert pacer.acquire("chat.postMessage", "C1") == 0.0
    assert pacer.acquire("chat.postMessage", "C1") == pytest.approx(1.0)
    clock.now += 60.0  # a long quiet spell refills the burst, not a minute's worth
    assert [pacer.acquire("chat.postMessage", "C1") for _ in range(4)] == pytest.approx([0, 0, 0, 1.0])


def test_the_method_tier_limits_calls_across_channels(clock: Clock) -> None:
    pacer = Pacer(clock, limits(post_method=Rate(2.0, 2), channel=Rate(10.0, 10)))
    waits = [pacer.acquire("chat.postMessage", f"C{n}") for n in range(4)]
    assert waits == pytest.approx([0.0, 0.0, 0.5, 1.0])


def test_tier_3_methods_get_fifty_a_minute(clock: Clock) -> None:
    pacer = Pacer(clock)
    waits = [pacer.acquire("chat.update", "C1") for _ in range(7)]
    assert waits[:5] == pytest.approx([0.0] * 5)  # Tier 3's burst
    assert waits[5:] == pytest.approx([60 / 50, 2 * 60 / 50])


def test_a_slot_booked_for_a_job_is_kept_for_it_when_it_comes_back(clock: Clock) -> None:
    pacer = Pacer(clock, limits(channel=Rate(1.0, 1)))
    assert pacer.acquire("chat.postMessage", "C1", holder=1) == 0.0
    assert pacer.acquire("chat.postMessage", "C1", holder=2) == pytest.approx(1.0)
    assert pacer.acquire("chat.postMessage", "C1", holder=3) == pytest.approx(2.0)
    clock.now += 0.95
    assert pacer.acquire("chat.postMessage", "C1", holder=2) == pytest.approx(0.05)  # its own slot, not a new one
    assert pacer.acquire("chat.postMessage", "C1", holder=4) == pytest.approx(2.05)  # after job 3's slot


def test_retry_after_pauses_the_channel_for_every_caller_and_voids_earlier_slots(clock: Clock) -> None:
    pacer = Pacer(clock, limits())
    pacer.acquire("chat.postMessage", "C1", holder=1)
    pacer.pause("chat.postMessage", "C1", 30.0)
    assert pacer.acquire("chat.postMessage", "C1", holder=2) == pytest.approx(30.0)
    assert pacer.acquire("chat.postMessage", "C1") == pytest.approx(31.0)  # one at a time after a pause
    assert pacer.acquire("chat.postMessage", "C2") == 0.0  # other channels go on
    clock.now += 0.5
    assert pacer.acquire("chat.postMessage", "C1", holder=1) >= 29.5  # its slot fell inside the pause


def test_a_pause_of_another_method_pauses_that_method_only(clock: Clock) -> None:
    pacer = Pacer(clock)
    pacer.pause("chat.update", "C1", 10.0)
    assert pacer.waiting("chat.update", "C2") == pytest.approx(10.0)
    assert pacer.waiting("chat.postMessage", "C1") == 0.0


def test_scaled_limits_keep_bursts_and_multiply_rates() -> None:
    scaled = SlackLimits().scaled(20)
    assert scaled.channel == Rate(CHANNEL_POSTS.per_second * 20, CHANNEL_POSTS.burst)
    assert scaled.methods["chat.update"].per_second == pytest.approx(50 / 60 * 20)


def test_overdue_slots_are_not_sent_back_to_back(clock: Clock) -> None:
    pacer = Pacer(clock, limits(channel=Rate(1.0, 1)))
    assert pacer.acquire("chat.postMessage", "C1", holder=0) == 0.0
    assert pacer.conform("chat.postMessage", "C1") == 0.0  # sent at once
    assert [pacer.acquire("chat.postMessage", "C1", holder=n) for n in (1, 2, 3)] == pytest.approx([1.0, 2.0, 3.0])
    clock.now += 5.0  # the worker comes back late for all three
    assert [pacer.acquire("chat.postMessage", "C1", holder=n) for n in (1, 2, 3)] == [0.0, 0.0, 0.0]
    sends = [pacer.conform("chat.postMessage", "C1") for _ in range(3)]
    assert sends == pytest.approx([0.0, 1.0, 2.0])  # still one a second, as sent
