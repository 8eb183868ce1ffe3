"""The report as SQL aggregates: counts, sums and nearest-rank percentiles are computed by the
database (window functions, on SQLite and PostgreSQL alike), never by loading rows.

Every number is a function of the stored rows, the lanes file and the `ReportQuery`
(period, lanes, rep, now); the definitions are in `bot/reports/model.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Integer, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session
from sqlmodel import col

from bot.lanes import LanesConfig
from bot.reports.model import (
    NO_REF, UNKNOWN_OUTCOME, Day, LaneSpeed, Percentiles, RepRow, Report, ReportQuery, Sla, Speed, Waiting,
)
from bot.store.models import Contact, Conversation, Event, Message, UTCDateTime

C = Conversation
FOLLOW_THROUGH = ("repinged", "reassigned", "escalated")
_ALL = "*"


def build_report(session: Session, lanes: LanesConfig, query: ReportQuery) -> Report:
    assert query.now is not None, "a report needs `now` for what is open now"
    cohort = cohort_filter(query)
    totals = _totals(session, lanes, cohort)
    outcomes = dict(_grouped(session, C.outcome, cohort))
    known = [(name, outcomes.pop(name, 0)) for name in lanes.outcomes]
    unknown = outcomes.pop(None, 0)
    known += sorted(((str(name), count) for name, count in outcomes.items()), key=lambda item: -item[1])
    qualifying = tuple(name for name in lanes.qualifying)
    follow: dict[str, int] = dict(
        session.execute(  # type: ignore[arg-type]
            select(col(Event.kind), func.count())
            .join(C, col(C.id) == col(Event.conversation_id))
            .where(*cohort, col(Event.kind).in_(FOLLOW_THROUGH))
            .group_by(Event.kind)
        ).all()
    )
    first_reply_by_lane = _speed_by(session, cohort, col(C.first_reply_s), col(C.first_reply_work_s), col(C.lane))
    return Report(
        query=query,
        started=totals["started"],
        by_ref=_ranked(_grouped(session, C.entry_ref, cohort), NO_REF),
        by_ad=_ranked(_grouped(session, ad_name(), cohort, ad_name().is_not(None)), "?"),
        by_lane=_ranked(_grouped(session, C.lane, cohort), "?"),
        outcomes=tuple(known) + ((UNKNOWN_OUTCOME, unknown),),
        qualified=sum(count for name, count in known if name in qualifying),
        qualifying=qualifying,
        claim=_speed_by(session, cohort, col(C.claim_s), col(C.claim_work_s)).get(_ALL, Speed()),
        auto_assigned=totals["auto_assigned"],
        first_reply=_speed_by(session, cohort, col(C.first_reply_s), col(C.first_reply_work_s)).get(_ALL, Speed()),
        sla=Sla(answered=totals["sla_answered"], within=totals["sla_within"], unanswered=totals["unanswered"]),
        repings=follow.get("repinged", 0),
        reassignments=follow.get("reassigned", 0),
        escalations=follow.get("escalated", 0),
        open_now=_count(session, *_now_filter(query), col(C.status) != "closed"),
        unclaimed_now=_count(session, *_lane_filter(query), col(C.status) != "closed", col(C.owner).is_(None)),
        oldest_waiting=_oldest_waiting(session, query),
        people=_people(session, query, cohort),
        lane_speed=tuple(
            LaneSpeed(lane, first_reply_by_lane.get(lane, Speed()))
            for lane in _report_lanes(lanes, query, first_reply_by_lane)
        ),
        per_day=_per_day(session, lanes, query, cohort),
    )


def cohort_filter(query: ReportQuery) -> list[ColumnElement[bool]]:
    """The conversations the report is about: started in the period, in its lanes, owned by its rep."""
    period = query.period
    where = [col(C.created_at) >= period.start, col(C.created_at) < period.end, *_lane_filter(query)]
    if query.rep:
        where.append(col(C.owner) == query.rep)
    return where


def _lane_filter(query: ReportQuery) -> list[ColumnElement[bool]]:
    return [col(C.lane).in_(query.lanes)] if query.lanes else []


def _now_filter(query: ReportQuery) -> list[ColumnElement[bool]]:
    return [*_lane_filter(query), *([col(C.owner) == query.rep] if query.rep else [])]


def _totals(session: Session, lanes: LanesConfig, cohort: list[ColumnElement[bool]]) -> dict[str, int]:
    sla = sla_seconds(lanes)
    answered = and_(col(C.first_reply_work_s).is_not(None), sla.is_not(None))
    row = session.execute(
        select(
            func.count().label("started"),
            count_if(col(C.first_owned_via) == "assigned").label("auto_assigned"),
            count_if(col(C.first_reply_at).is_(None)).label("unanswered"),
            count_if(answered).label("sla_answered"),
            count_if(and_(answered, col(C.first_reply_work_s) <= sla)).label("sla_within"),
        ).where(*cohort)
    ).one()
    return {key: int(value or 0) for key, value in row._mapping.items()}


def count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.sum(case((condition, 1), else_=0))


def sla_seconds(lanes: LanesConfig) -> ColumnElement[Any]:
    """Each lane's `reply_within` in seconds, NULL where a lane sets none."""
    whens = [(col(C.lane) == lane.name, int(lane.reply_within.total_seconds()))
             for lane in lanes.lanes if lane.reply_within is not None]
    return case(*whens, else_=None) if whens else literal(None, Integer())


def _grouped(session: Session, key: Any, cohort: list[ColumnElement[bool]],
             *extra: ColumnElement[bool]) -> list[tuple[Any, int]]:
    rows = session.execute(select(key, func.count()).where(*cohort, *extra).group_by(key)).all()
    return [(name, int(count)) for name, count in rows]


def _ranked(rows: list[tuple[Any, int]], none_as: str) -> tuple[tuple[str, int], ...]:
    named = [(none_as if name is None else str(name), count) for name, count in rows]
    return tuple(sorted(named, key=lambda item: (-item[1], item[0])))


def ad_name() -> ColumnElement[Any]:
    """A click-to-WhatsApp ad by its headline, else its source id (NULL: not from an ad; the
    JSON column keeps a missing referral as JSON null, so test this, not the column)."""
    referral = col(C.referral)
    return func.coalesce(referral["Headline"].as_string(), referral["SourceId"].as_string())


def _count(session: Session, *where: ColumnElement[bool]) -> int:
    return int(session.execute(select(func.count()).select_from(C).where(*where)).scalar_one())


def _speed_by(session: Session, cohort: list[ColumnElement[bool]], wall: Any, work: Any,
              group: Any = None) -> dict[str, Speed]:
    walls = percentiles(session, wall, cohort, group)
    works = percentiles(session, work, cohort, group)
    return {key: Speed(walls.get(key, Percentiles()), works.get(key, Percentiles())) for key in walls | works}


def percentiles(session: Session, value: Any, where: Sequence[ColumnElement[bool]],
                group: Any = None) -> dict[str, Percentiles]:
    """Nearest-rank p50 and p90 of `value` (NULLs left out), per `group` or overall (key "*").

    The p-th percentile of n values is the value at rank ceil(p·n) in ascending order:
    rank (n + 1) // 2 for p50 and (9n + 9) // 10 for p90, computed with window functions.
    """
    key = group if group is not None else literal(_ALL)
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


def _oldest_waiting(session: Session, query: ReportQuery) -> Waiting | None:
    """The open conversation whose customer has waited longest for an answer: since their first
    message after our last reply."""
    since = (
        select(func.min(Message.created_at))
        .where(col(Message.conversation_id) == col(C.id), col(Message.direction) == "in",
               or_(col(C.last_outbound_at).is_(None), col(Message.created_at) > col(C.last_outbound_at)))
        .correlate(C)
        .scalar_subquery()
    )
    waiting = (
        select(col(C.id).label("id"), since.label("since"))
        .where(*_now_filter(query), col(C.status) != "closed", col(C.last_inbound_at).is_not(None),
               or_(col(C.last_outbound_at).is_(None), col(C.last_inbound_at) > col(C.last_outbound_at)))
        .subquery()
    )
    row = session.execute(
        select(waiting.c.id, waiting.c.since).where(waiting.c.since.is_not(None))
        .order_by(waiting.c.since, waiting.c.id).limit(1)
    ).first()
    if row is None:
        return None
    conversation = session.get_one(C, row.id)
    contact = session.get_one(Contact, conversation.contact_id)
    at = row.since if row.since.tzinfo else row.since.replace(tzinfo=timezone.utc)
    return Waiting(conversation_id=row.id, contact=contact.profile_name or contact.phone_e164 or contact.wa_id,
                   lane=conversation.lane, owner=conversation.owner, since=at, permalink=conversation.permalink)


def _people(session: Session, query: ReportQuery, cohort: list[ColumnElement[bool]]) -> tuple[RepRow, ...]:
    owned = {
        owner: (int(count), int(closed or 0))
        for owner, count, closed in session.execute(
            select(col(C.owner), func.count(), count_if(col(C.status) == "closed"))
            .where(*cohort, col(C.owner).is_not(None)).group_by(C.owner)
        ).all()
    }
    open_now: dict[str | None, int] = dict(session.execute(  # type: ignore[arg-type]
        select(col(C.owner), func.count())
        .where(*_now_filter(query), col(C.status) != "closed", col(C.owner).is_not(None)).group_by(C.owner)
    ).all())
    medians = percentiles(session, col(C.first_reply_work_s), [*cohort, col(C.owner).is_not(None)], col(C.owner))
    rows = [
        RepRow(user=user, owned=owned.get(user, (0, 0))[0], closed=owned.get(user, (0, 0))[1],
               median_first_reply=medians[user].p50 if user in medians else None, open_now=int(open_now.get(user, 0)))
        for user in {str(user) for user in set(owned) | set(open_now) if user}
    ]
    return tuple(sorted(rows, key=lambda row: (-row.owned, -row.open_now, row.user)))


def _report_lanes(lanes: LanesConfig, query: ReportQuery, seen: dict[str, Speed]) -> list[str]:
    names = list(query.lanes) if query.lanes else [lane.name for lane in lanes.lanes]
    return names + sorted(name for name in seen if name not in names and not query.lanes)


def _per_day(session: Session, lanes: LanesConfig, query: ReportQuery,
             cohort: list[ColumnElement[bool]]) -> tuple[Day, ...]:
    """Conversations started per local day, by outcome. The day of a row is found by comparing
    `created_at` with the period's local midnights (in UTC) in a binary search of CASEs, so days
    follow the workspace's time zone and its DST changes, at about log2(days) comparisons a row."""
    period = query.period
    zone = ZoneInfo(period.tz)
    days = [period.first_day + timedelta(days=i) for i in range(period.days)]
    bounds = [datetime.combine(day, time(0), tzinfo=zone) for day in days]
    key = _day_index(bounds, 0, len(days)).label("i")
    rows = session.execute(
        select(key, col(C.outcome), func.count()).where(*cohort).group_by(key, col(C.outcome))
    ).all()
    counts: dict[int, dict[str | None, int]] = {}
    for i, outcome, count in rows:
        counts.setdefault(int(i), {})[outcome] = int(count)
    extra = sorted({o for by in counts.values() for o in by if o is not None and o not in lanes.outcomes})
    names = [*lanes.outcomes, *extra]
    return tuple(
        Day(day, tuple((name, counts.get(i, {}).get(name, 0)) for name in names)
            + ((UNKNOWN_OUTCOME, counts.get(i, {}).get(None, 0)),))
        for i, day in enumerate(days)
    )


def _day_index(bounds: list[datetime], lo: int, hi: int) -> ColumnElement[Any]:
    """The i with bounds[i] <= created_at (< bounds[i + 1]), for rows already inside the period."""
    if hi - lo == 1:
        return literal(lo)
    mid = (lo + hi) // 2
    return case((col(C.created_at) < literal(bounds[mid], UTCDateTime()), _day_index(bounds, lo, mid)),
                else_=_day_index(bounds, mid, hi))
