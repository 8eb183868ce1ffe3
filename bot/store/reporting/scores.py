"""The cohort's lead-score bands against outcomes: per band, how many, how many closed with an
outcome, and how many of those qualified. One GROUP BY, the same on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, false, func, select
from sqlmodel import Session, col

from bot.store.models import Conversation as C
from bot.store.reporting.rows import Cohort
from bot.store.reporting.sql import cohort_filter, count_if


@dataclass(frozen=True)
class BandCounts:
    band: str | None  # None: never scored (no customer message since scoring began)
    count: int
    closed: int  # with an outcome
    qualified: int


def score_bands(*, session: Session, cohort: Cohort, qualifying: Sequence[str]) -> list[BandCounts]:
    band = col(C.score_band)
    outcome = col(C.outcome)
    qualified = and_(outcome.is_not(None), outcome.in_(list(qualifying))) if qualifying else false()
    rows = session.execute(
        select(band, func.count(), count_if(outcome.is_not(None)), count_if(qualified))
        .where(*cohort_filter(cohort)).group_by(band)
    ).all()
    return [BandCounts(None if b is None else str(b), int(n), int(k or 0), int(q or 0)) for b, n, k, q in rows]
