"""The histogram buckets of the report's rollups: the documented error bound holds for every
value up to a week, and percentiles read from buckets stay within it of the exact ones."""

from __future__ import annotations

import math
import random

import pytest

from bot.store.rollups.buckets import BUCKETS, EXACT, bucket_of, lowest, middle, percentiles

BOUND = 0.047  # bot/store/rollups/buckets.py: under 4.7 %


def test_every_value_up_to_a_week_is_shown_within_the_bound() -> None:
    worst = max(abs(middle(bucket_of(v)) - v) / v for v in range(1, 7 * 86400 + 1))
    assert worst < BOUND
    assert all(middle(bucket_of(v)) == v for v in range(EXACT))


def test_buckets_are_contiguous_and_start_where_lowest_says() -> None:
    for bucket in range(1, BUCKETS):
        assert bucket_of(lowest(bucket)) == bucket
        assert bucket_of(lowest(bucket) - 1) == bucket - 1
    assert bucket_of(10**12) == BUCKETS - 1


@pytest.mark.parametrize("seed", range(20))
def test_percentiles_from_buckets_are_within_the_bound_of_nearest_rank(seed: int) -> None:
    rng = random.Random(seed)
    values = [round(rng.lognormvariate(math.log(rng.choice((30, 600, 7200))), rng.uniform(0.3, 2)))
              for _ in range(rng.randint(1, 3000))]
    counts = [0] * BUCKETS
    for v in values:
        counts[bucket_of(v)] += 1
    ordered = sorted(values)
    n = len(values)
    exact = ordered[(n + 1) // 2 - 1], ordered[(9 * n + 9) // 10 - 1]
    found = percentiles(counts)
    assert found[0] == n
    for got, want in zip(found[1:], exact):
        assert got is not None and abs(got - want) <= BOUND * want
