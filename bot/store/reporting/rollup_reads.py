"""The report's reads from the rollups (`bot/store/rollups`): a handful of GROUP BYs over the
rollup rows of the period's local days, never over the conversations; plus the one exact
count the rollups cannot give by themselves (answered within each lane's reply time, which the
lanes file may change)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session, col

from bot.store.models import Conversation as C
from bot.store.models_rollups import BUCKET_COLUMNS, MEASURES, SUMS, report_rollup, report_rollup_hist
from bot.store.reporting.rows import Cohort, Percentiles
from bot.store.reporting.sql import cohort_filter
from bot.store.rollups import buckets
from bot.store.rollups.maintain import kept_zone

GROUP = ("lane", "label", "owner", "outcome", "entry_ref", "ad", "score_band")


@dataclass(frozen=True)
class RollupGroup:
    """Counts of the period's conversations sharing lane, label, owner, outcome, entry ref, ad
    and score band (None: not set); `sums` by name (`SUMS`: n, closed, assigned, unanswered,
    rated, rating_sum, repinged, reassigned, escalated)."""

    lane: str
    label: str | None
    owner: str | None
    outcome: str | None
    entry_ref: str | None
    ad: str | None
    score_band: str | None
    sums: Mapping[str, int]


@dataclass(frozen=True)
class RollupFacts:
    groups: tuple[RollupGroup, ...]
    per_day: Mapping[tuple[date, str | None], int]  # (local day, outcome or None) -> started
    hist: Mapping[tuple[str, str | None, str], tuple[int, ...]]  # (lane, owner, measure) -> bucket counts


def rollup_tz(*, session: Session) -> str | None:
    """The time zone whose local days the rollups count; None when they are not kept."""
    zone = kept_zone(session)
    return None if zone is None else zone.key


def rollup_facts(*, session: Session, first_day: date, last_day: date, lanes: Sequence[str],
                 rep: str | None) -> RollupFacts:
    """The rollups of the local days `first_day`..`last_day`, in `lanes` (empty: all), of `rep`."""
    r, h = report_rollup.c, report_rollup_hist.c
    where = _where(r, first_day, last_day, lanes, rep)
    groups = tuple(
        _group(row) for row in session.execute(
            select(*(r[name] for name in GROUP), *(func.sum(r[name]) for name in SUMS))
            .where(*where).group_by(*(r[name] for name in GROUP))
        ).all()
    )
    per_day = {(day if isinstance(day, date) else date.fromisoformat(day), _none(outcome)): int(n)
               for day, outcome, n in session.execute(
                   select(r.day, r.outcome, func.sum(r.n)).where(*where).group_by(r.day, r.outcome)).all()}
    hist = {(lane, _none(owner), MEASURES[measure]): tuple(int(n) for n in counts)
            for lane, owner, measure, *counts in session.execute(
                select(h.lane, h.owner, h.measure, *(func.sum(h[name]) for name in BUCKET_COLUMNS))
                .where(*_where(h, first_day, last_day, lanes, rep)).group_by(h.lane, h.owner, h.measure)).all()}
    return RollupFacts(groups=groups, per_day=per_day, hist=hist)


def _where(table: Any, first_day: date, last_day: date, lanes: Sequence[str],
           rep: str | None) -> list[ColumnElement[bool]]:
    where = [table.day >= first_day, table.day <= last_day]
    if lanes:
        where.append(table.lane.in_(list(lanes)))
    if rep:
        where.append(table.owner == rep)
    return where


def _group(row: Any) -> RollupGroup:
    lane, label, owner, outcome, entry_ref, ad, band = (_none(value) for value in row[: len(GROUP)])
    return RollupGroup(lane=lane or "", label=label, owner=owner, outcome=outcome, entry_ref=entry_ref, ad=ad,
                       score_band=band, sums=dict(zip(SUMS, map(int, row[len(GROUP):]))))


def _none(value: Any) -> str | None:
    return None if value == "" else str(value)


def histogram_percentiles(counts: Sequence[int]) -> Percentiles:
    """Nearest-rank p50 and p90 from bucket counts (within the buckets' 4.7 %; the count exact)."""
    return Percentiles(*buckets.percentiles(counts))


def add_counts(histograms: Sequence[Sequence[int]]) -> tuple[int, ...]:
    """Bucket counts summed bucket by bucket."""
    return tuple(map(sum, zip(*histograms))) if histograms else ()


def sla_counts(*, session: Session, cohort: Cohort, reply_within: Mapping[str, int],
               facts: RollupFacts) -> tuple[int, int]:
    """(answered, answered within) in lanes that set a reply time, exact: the histogram's buckets
    wholly within each lane's reply time, plus the conversations of the bucket it falls in
    counted one by one (through the (lane, first_reply_work_s) index: a narrow range)."""
    answered = within = 0
    for lane, seconds in reply_within.items():
        counts = add_counts([c for (name, _, m), c in facts.hist.items() if name == lane and m == "first_reply_work_s"])
        if not counts:
            continue
        edge = buckets.bucket_of(seconds)
        answered += sum(counts)
        within += sum(counts[:edge])
        work = col(C.first_reply_work_s)
        within += int(session.execute(
            select(func.count()).where(col(C.lane) == lane, work >= buckets.lowest(edge), work <= seconds,
                                       *cohort_filter(cohort))
        ).scalar_one())
    return answered, within

