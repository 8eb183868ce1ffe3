"""SQL pieces the report and the export share: the cohort filter, conditional counts, each
lane's reply time as a CASE, the ad name and nearest-rank percentiles (window functions, on
SQLite and PostgreSQL alike)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Integer, case, func, literal, literal_column, or_, select
from sqlmodel import Session, col

from bot.store.models import Conversation
from bot.store.reporting.rows import Cohort, Percentiles, Speed

C = Conversation
ALL = "*"  # the key of an ungrouped result


def cohort_filter(cohort: Cohort) -> list[ColumnElement[bool]]:
    """The conversations the report is about: started in the period, in its lanes, owned by its rep."""
    where = [col(C.created_at) >= cohort.start, col(C.created_at) < cohort.end, *lane_filter(cohort.lanes)]
    if cohort.rep:
        where.append(col(C.owner) == cohort.rep)
    return where


def lane_filter(lanes: Sequence[str]) -> list[ColumnElement[bool]]:
    return [col(C.lane).in_(lanes)] if lanes else []


def now_filter(lanes: Sequence[str], rep: str | None) -> list[ColumnElement[bool]]:
    return [*lane_filter(lanes), *([col(C.owner) == rep] if rep else [])]


def is_open() -> ColumnElement[bool]:
    """Not closed, with 'closed' written into the SQL: as a bound parameter SQLite could not
    tell that the partial index over open conversations (ix_conversation_open) applies."""
    return col(C.status) != literal_column("'closed'")


def count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.sum(case((condition, 1), else_=0))


def sla_seconds(reply_within: Mapping[str, int]) -> ColumnElement[Any]:
    """Each lane's reply time in seconds (`reply_within`: lane name -> seconds), NULL for other lanes."""
    whens = [(col(C.lane) == lane, seconds) for lane, seconds in reply_within.items()]
    return case(*whens, else_=None) if whens else literal(None, Integer())


def ad_name() -> ColumnElement[Any]:
    """A click-to-WhatsApp ad by its headline, else its source id (NULL: not from an ad; the
    JSON column keeps a missing referral as JSON null, so test this, not the column)."""
    referral = col(C.referral)
    return func.coalesce(referral["Headline"].as_string(), referral["SourceId"].as_string())


def speed_by(session: Session, where: Sequence[ColumnElement[bool]], wall: Any, work: Any,
             group: Any = None) -> dict[str, Speed]:
    walls = percentiles(session, wall, where, group)
    works = percentiles(session, work, where, group)
    return {key: Speed(walls.get(key, Percentiles()), works.get(key, Percentiles())) for key in walls | works}


def percentiles(session: Session, value: Any, where: Sequence[ColumnElement[bool]],
                group: Any = None) -> dict[str, Percentiles]:
    """Nearest-rank p50 and p90 of `value` (NULLs left out), per `group` or overall (key "*").

    The p-th percentile of n values is the value at rank ceil(p·n) in ascending order:
    rank (n + 1) // 2 for p50 and (9n + 9) // 10 for p90, computed with window functions.
    """
    key = group if group is not None else literal(ALL)
    ranked = select(
        key.label("g"), value.label("v"),
        func.row_number().over(partition_by=group, order_by=value).label("rn"),
        func.count().over(partition_by=group).label("n"),
    ).where(*where, value.is_not(None)).subquery()
    p50_rank, p90_rank = (ranked.c.n + 1) // 2, (ranked.c.n * 9 + 9) // 10
    rows = session.execute(
        select(ranked.c.g, ranked.c.n, ranked.c.v, ranked.c.rn == p50_rank, ranked.c.rn == p90_rank)
        .where(or_(ranked.c.rn == p50_rank, ranked.c.rn == p90_rank))
    ).all()
    found: dict[str, dict[str, int]] = {}
    for g, n, v, is_p50, is_p90 in rows:
        entry = found.setdefault(str(g), {"n": int(n)})
        if is_p50:
            entry["p50"] = int(v)
        if is_p90:
            entry["p90"] = int(v)
    return {g: Percentiles(e["n"], e.get("p50"), e.get("p90")) for g, e in found.items()}
