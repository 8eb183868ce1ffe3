"""The histogram buckets of the report's time measures (seconds, integers ≥ 0).

Buckets 0 to 63 hold the seconds 0 to 63 exactly; bucket b ≥ 64 holds [64·R^(b-64),
64·R^(b-63)) with R = 1.08, up to the last bucket (BUCKETS - 1, from about 3.1 years), which
holds everything longer. A percentile read from the buckets is the bucket of the nearest-rank
percentile (the counts are exact, so it is the right bucket), shown as the bucket's geometric
middle rounded to a second. Its relative error is at most √R − 1 = 3.9 % plus the rounding
(under 0.8 % from 64 s): under 4.7 %, below the 5 % the report promises, and none below 64 s.
`tests/store/test_rollup_buckets.py` checks the bound on every value up to a week.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from bot.store.models_rollups import BUCKETS

RATIO = 1.08
EXACT = 64
_LOG = math.log(RATIO)


def bucket_of(seconds: int) -> int:
    if seconds < EXACT:
        return max(0, seconds)
    # The small nudge keeps exact powers of R in the bucket they start.
    return min(BUCKETS - 1, EXACT + int(math.floor(math.log(seconds / EXACT) / _LOG + 1e-9)))


def lowest(bucket: int) -> int:
    """The smallest number of seconds in `bucket`."""
    if bucket < EXACT:
        return bucket
    seconds = math.ceil(EXACT * RATIO ** (bucket - EXACT))
    while bucket_of(seconds - 1) >= bucket:
        seconds -= 1
    while bucket_of(seconds) < bucket:
        seconds += 1
    return seconds


def middle(bucket: int) -> int:
    """The value a percentile in `bucket` is shown as."""
    return bucket if bucket < EXACT else round(EXACT * RATIO ** (bucket - EXACT + 0.5))


def percentiles(counts: Sequence[int]) -> tuple[int, int | None, int | None]:
    """(count, p50, p90) of a histogram: nearest rank, rank ceil(p·n), as the exact reports."""
    n = sum(counts)
    if n <= 0:
        return 0, None, None
    return n, _at_rank(counts, (n + 1) // 2), _at_rank(counts, (9 * n + 9) // 10)


def _at_rank(counts: Sequence[int], rank: int) -> int:
    seen = 0
    for bucket, count in enumerate(counts):
        seen += count
        if seen >= rank:
            return middle(bucket)
    return middle(len(counts) - 1)
