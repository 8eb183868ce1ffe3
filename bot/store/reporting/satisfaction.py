"""Customers' 1–5 ratings (closing the loop) per lane and per rep, for the cohort."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import func, select
from sqlmodel import Session, col

from bot.store.models import Conversation
from bot.store.reporting.rows import Cohort
from bot.store.reporting.sql import cohort_filter


def satisfaction_by(*, session: Session, cohort: Cohort, key: Literal["lane", "owner"]) -> list[tuple[str, int, float]]:
    """(lane or rep, ratings, average) for rated conversations of the cohort, most rated first."""
    column = col(Conversation.lane) if key == "lane" else col(Conversation.owner)
    rows = session.execute(
        select(column, func.count(col(Conversation.satisfaction)), func.avg(col(Conversation.satisfaction)))
        .where(*cohort_filter(cohort), col(Conversation.satisfaction).is_not(None), column.is_not(None))
        .group_by(column)
    ).all()
    found = [(str(name), int(count), round(float(average), 2)) for name, count, average in rows]
    return sorted(found, key=lambda row: (-row[1], row[0]))
