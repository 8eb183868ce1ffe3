"""Where the report's cohort numbers come from: the conversations themselves (`Exact`: counts,
sums and nearest-rank percentiles computed by the database over every cohort conversation) or
the rollups (`Rollups`: a few GROUP BYs over per-day rollup rows; counts exact, percentiles
from histogram buckets, within 4.7 % of the exact ones, see `bot/store/rollups/buckets.py`).

Both answer the same questions in the same plain values (`bot.store.reporting`), so
`bot/reports/queries.py` builds one `Report` from either.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Protocol

from bot.store import Session, reporting
from bot.store.reporting import rollup_reads as rollups
from bot.store.reporting.rollup_reads import RollupGroup

Count = list[tuple[str | None, int]]


class Source(Protocol):
    def totals(self, reply_within: Mapping[str, int]) -> reporting.Totals: ...
    def counts_by(self, key: reporting.Grouping) -> Count: ...
    def follow_through(self) -> dict[str, int]: ...
    def speed(self, measure: reporting.Measure) -> reporting.Speed: ...
    def speed_by_lane(self, measure: reporting.Measure) -> dict[str, reporting.Speed]: ...
    def rep_counts(self) -> list[reporting.RepCounts]: ...
    def outcomes_by_day(self, midnights: Sequence[datetime]) -> dict[int, dict[str | None, int]]: ...
    def satisfaction_by(self, key: str) -> list[tuple[str, int, float]]: ...
    def score_bands(self, qualifying: Sequence[str]) -> list[reporting.BandCounts]: ...


class Exact:
    def __init__(self, session: Session, cohort: reporting.Cohort) -> None:
        self.session, self.cohort = session, cohort

    def totals(self, reply_within: Mapping[str, int]) -> reporting.Totals:
        return reporting.cohort_totals(session=self.session, cohort=self.cohort, reply_within=reply_within)

    def counts_by(self, key: reporting.Grouping) -> Count:
        return reporting.counts_by(session=self.session, cohort=self.cohort, key=key)

    def follow_through(self) -> dict[str, int]:
        return reporting.follow_through(session=self.session, cohort=self.cohort)

    def speed(self, measure: reporting.Measure) -> reporting.Speed:
        return reporting.speed(session=self.session, cohort=self.cohort, measure=measure)

    def speed_by_lane(self, measure: reporting.Measure) -> dict[str, reporting.Speed]:
        return reporting.speed_by_lane(session=self.session, cohort=self.cohort, measure=measure)

    def rep_counts(self) -> list[reporting.RepCounts]:
        return reporting.rep_counts(session=self.session, cohort=self.cohort)

    def outcomes_by_day(self, midnights: Sequence[datetime]) -> dict[int, dict[str | None, int]]:
        return reporting.outcomes_by_day(session=self.session, cohort=self.cohort, day_starts=midnights)

    def satisfaction_by(self, key: str) -> list[tuple[str, int, float]]:
        return reporting.satisfaction_by(session=self.session, cohort=self.cohort,
                                         key="lane" if key == "lane" else "owner")

    def score_bands(self, qualifying: Sequence[str]) -> list[reporting.BandCounts]:
        return reporting.score_bands(session=self.session, cohort=self.cohort, qualifying=qualifying)


class Rollups:
    """The cohort's numbers from the rollups of its local days (`first_day`..`last_day` in the
    time zone the rollups are kept in, which must be the period's)."""

    def __init__(self, session: Session, cohort: reporting.Cohort, facts: rollups.RollupFacts) -> None:
        self.session, self.cohort, self.facts = session, cohort, facts

    def _sum(self, name: str, where: Callable[[RollupGroup], bool] = lambda g: True) -> int:
        return sum(g.sums[name] for g in self.facts.groups if where(g))

    def _by(self, key: Callable[[RollupGroup], str | None], name: str = "n") -> dict[str | None, int]:
        found: Counter[str | None] = Counter()
        for group in self.facts.groups:
            found[key(group)] += group.sums[name]
        return dict(found)

    def _speed(self, measure: reporting.Measure, keep: Callable[[str, str | None], bool]) -> reporting.Speed:
        wall, work = ("claim_s", "claim_work_s") if measure == "claim" else ("first_reply_s", "first_reply_work_s")
        return reporting.Speed(self._percentiles(wall, keep), self._percentiles(work, keep))

    def _percentiles(self, name: str, keep: Callable[[str, str | None], bool]) -> reporting.Percentiles:
        counts = [c for (lane, owner, m), c in self.facts.hist.items() if m == name and keep(lane, owner)]
        return rollups.histogram_percentiles(rollups.add_counts(counts))

    def totals(self, reply_within: Mapping[str, int]) -> reporting.Totals:
        answered, within = rollups.sla_counts(session=self.session, cohort=self.cohort, reply_within=reply_within,
                                              facts=self.facts)
        return reporting.Totals(started=self._sum("n"), auto_assigned=self._sum("assigned"),
                                unanswered=self._sum("unanswered"), sla_answered=answered, sla_within=within)

    def counts_by(self, key: reporting.Grouping) -> Count:
        found = self._by(lambda g: g.ad if key == "ad" else getattr(g, key))
        return [(name, n) for name, n in found.items() if n and not (key == "ad" and name is None)]

    def follow_through(self) -> dict[str, int]:
        return {kind: n for kind in reporting.FOLLOW_THROUGH if (n := self._sum(kind))}

    def speed(self, measure: reporting.Measure) -> reporting.Speed:
        return self._speed(measure, lambda lane, owner: True)

    def speed_by_lane(self, measure: reporting.Measure) -> dict[str, reporting.Speed]:
        found = {lane: self._speed(measure, _in_lane(lane)) for lane in {lane for lane, _, _ in self.facts.hist}}
        return {lane: speed for lane, speed in found.items() if speed.wall.count or speed.work.count}

    def rep_counts(self) -> list[reporting.RepCounts]:
        owned, closed = self._by(lambda g: g.owner), self._by(lambda g: g.owner, "closed")
        open_now = reporting.open_by_owner(session=self.session, lanes=self.cohort.lanes, rep=self.cohort.rep)
        users = {user for user, n in owned.items() if user and n} | set(open_now)
        return [reporting.RepCounts(
            user=user, owned=owned.get(user, 0), closed=closed.get(user, 0),
            median_first_reply_work=self._percentiles("first_reply_work_s", _of_owner(user)).p50,
            open_now=open_now.get(user, 0)) for user in sorted(u for u in users if u)]

    def outcomes_by_day(self, midnights: Sequence[datetime]) -> dict[int, dict[str | None, int]]:
        index = {midnight.date(): i for i, midnight in enumerate(midnights)}
        counts: dict[int, dict[str | None, int]] = defaultdict(dict)
        for (day, outcome), n in self.facts.per_day.items():
            if n and day in index:
                counts[index[day]][outcome] = n
        return dict(counts)

    def satisfaction_by(self, key: str) -> list[tuple[str, int, float]]:
        rated, total = self._by(lambda g: getattr(g, key), "rated"), self._by(lambda g: getattr(g, key), "rating_sum")
        found = [(str(name), n, round(total[name] / n, 2)) for name, n in rated.items() if name is not None and n]
        return sorted(found, key=lambda row: (-row[1], row[0]))

    def score_bands(self, qualifying: Sequence[str]) -> list[reporting.BandCounts]:
        bands: dict[str | None, list[int]] = defaultdict(lambda: [0, 0, 0])
        for g in self.facts.groups:
            row = bands[g.score_band]
            row[0] += g.sums["n"]
            row[1] += g.sums["n"] if g.outcome is not None else 0
            row[2] += g.sums["n"] if g.outcome is not None and g.outcome in qualifying else 0
        return [reporting.BandCounts(band, *row) for band, row in bands.items() if row[0]]



def _in_lane(lane: str) -> Callable[[str, str | None], bool]:
    return lambda other, owner: other == lane


def _of_owner(user: str) -> Callable[[str, str | None], bool]:
    return lambda lane, owner: owner == user
