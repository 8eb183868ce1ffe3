"""The report from the store's aggregates (`bot.store.reporting`: counts, sums and percentiles
are computed by the database, from the rollups or the conversations, never by loading rows),
put in the lanes file's terms.

Every number is a function of the stored rows, the lanes file and the `ReportQuery`
(period, lanes, rep, now); the definitions are in `bot/reports/model.py`.
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.lanes import LanesConfig
from bot.lanes.scoring import BANDS
from bot.reports.model import (
    NO_REF,
    NOT_SCORED,
    UNKNOWN_OUTCOME,
    Day,
    LaneSpeed,
    Percentiles,
    Report,
    ReportQuery,
    ScoreBand,
    RepRow,
    Sla,
    Speed,
    Waiting,
)
from bot.reports.sources import Exact, Rollups, Source
from bot.store import Session, reporting

log = logging.getLogger(__name__)
_warned: set[str] = set()  # time zones already warned about, once a process


def build_report(session: Session, lanes: LanesConfig, query: ReportQuery, *, exact: bool = False) -> Report:
    """The report; its cohort numbers from the rollups when they are kept in the period's time
    zone (see `bot/reports/sources.py`), else, or with `exact`, from the conversations."""
    assert query.now is not None, "a report needs `now` for what is open now"
    source = source_of(session, query, exact=exact)
    totals = source.totals(reply_seconds(lanes))
    outcomes = dict(source.counts_by("outcome"))
    known = [(name, outcomes.pop(name, 0)) for name in lanes.outcomes]
    unknown = outcomes.pop(None, 0)
    known += sorted(((str(name), count) for name, count in outcomes.items()), key=lambda item: -item[1])
    qualifying = tuple(name for name in lanes.qualifying)
    follow = source.follow_through()
    first_reply_by_lane = {lane: _speed(speed) for lane, speed in source.speed_by_lane("first_reply").items()}
    return Report(
        query=query,
        started=totals.started,
        by_ref=_ranked(source.counts_by("entry_ref"), NO_REF),
        by_ad=_ranked(source.counts_by("ad"), "?"),
        by_lane=_ranked(source.counts_by("lane"), "?"),
        outcomes=tuple(known) + ((UNKNOWN_OUTCOME, unknown),),
        qualified=sum(count for name, count in known if name in qualifying),
        qualifying=qualifying,
        claim=_speed(source.speed("claim")),
        auto_assigned=totals.auto_assigned,
        first_reply=_speed(source.speed("first_reply")),
        sla=Sla(answered=totals.sla_answered, within=totals.sla_within, unanswered=totals.unanswered),
        repings=follow.get("repinged", 0),
        reassignments=follow.get("reassigned", 0),
        escalations=follow.get("escalated", 0),
        open_now=reporting.open_count(session=session, lanes=query.lanes, rep=query.rep),
        unclaimed_now=reporting.unclaimed_count(session=session, lanes=query.lanes),
        oldest_waiting=_waiting(reporting.oldest_waiting(session=session, lanes=query.lanes, rep=query.rep)),
        people=_people(source.rep_counts()),
        lane_speed=tuple(
            LaneSpeed(lane, first_reply_by_lane.get(lane, Speed()))
            for lane in _report_lanes(lanes, query, first_reply_by_lane)
        ),
        per_day=_per_day(source, lanes, query),
        satisfaction_by_lane=tuple(source.satisfaction_by("lane")),
        satisfaction_by_rep=tuple(source.satisfaction_by("owner")),
        score_bands=_score_bands(source, qualifying),
    )


def source_of(session: Session, query: ReportQuery, *, exact: bool = False) -> Source:
    """The rollups when they are kept in the period's time zone (their days are its local days)."""
    cohort = cohort_of(query)
    if exact:
        return Exact(session, cohort)
    kept_in = reporting.rollup_tz(session=session)
    if kept_in != query.period.tz:
        if kept_in is not None and kept_in not in _warned:  # the operator's fix: python -m bot report --rebuild-rollups
            _warned.add(kept_in)
            log.warning("report rollups are kept in %s, the lanes file says %s: reports read every "
                        "conversation until `python -m bot report --rebuild-rollups`", kept_in, query.period.tz)
        return Exact(session, cohort)
    facts = reporting.rollup_facts(session=session, first_day=query.period.first_day,
                                   last_day=query.period.last_day, lanes=query.lanes, rep=query.rep)
    return Rollups(session, cohort, facts)


def _score_bands(source: Source, qualifying: tuple[str, ...]) -> tuple[ScoreBand, ...]:
    """Hot, warm, nurture, cold, then never scored; empty when nothing in the cohort has a score."""
    rows = {row.band: row for row in source.score_bands(qualifying)}
    if not any(band is not None for band in rows):
        return ()
    order = [*BANDS, None]
    return tuple(ScoreBand(band or NOT_SCORED, rows[band].count, rows[band].closed, rows[band].qualified)
                 for band in order if band in rows)


def cohort_of(query: ReportQuery) -> reporting.Cohort:
    """The conversations the report is about: started in the period, in its lanes, owned by its rep."""
    return reporting.Cohort(start=query.period.start, end=query.period.end, lanes=query.lanes, rep=query.rep)


def reply_seconds(lanes: LanesConfig) -> dict[str, int]:
    """Each lane's `reply_within` in seconds, for the lanes that set one."""
    return {lane.name: int(lane.reply_within.total_seconds()) for lane in lanes.lanes if lane.reply_within is not None}


def _ranked(rows: list[tuple[str | None, int]], none_as: str) -> tuple[tuple[str, int], ...]:
    named = [(none_as if name is None else str(name), count) for name, count in rows]
    return tuple(sorted(named, key=lambda item: (-item[1], item[0])))


def _percentiles(found: reporting.Percentiles) -> Percentiles:
    return Percentiles(found.count, found.p50, found.p90)


def _speed(found: reporting.Speed) -> Speed:
    return Speed(_percentiles(found.wall), _percentiles(found.work))


def _waiting(found: reporting.Waiting | None) -> Waiting | None:
    if found is None:
        return None
    return Waiting(conversation_id=found.conversation_id, contact=found.profile_name or found.phone_e164 or found.wa_id,
                   lane=found.lane, owner=found.owner, since=found.since, permalink=found.permalink)


def _people(counts: list[reporting.RepCounts]) -> tuple[RepRow, ...]:
    rows = [RepRow(user=c.user, owned=c.owned, closed=c.closed, median_first_reply=c.median_first_reply_work,
                   open_now=c.open_now) for c in counts]
    return tuple(sorted(rows, key=lambda row: (-row.owned, -row.open_now, row.user)))


def _report_lanes(lanes: LanesConfig, query: ReportQuery, seen: dict[str, Speed]) -> list[str]:
    names = list(query.lanes) if query.lanes else [lane.name for lane in lanes.lanes]
    return names + sorted(name for name in seen if name not in names and not query.lanes)


def _per_day(source: Source, lanes: LanesConfig, query: ReportQuery) -> tuple[Day, ...]:
    """Conversations started per local day (the workspace's time zone, DST included), by outcome."""
    period = query.period
    zone = ZoneInfo(period.tz)
    days = [period.first_day + timedelta(days=i) for i in range(period.days)]
    midnights = [datetime.combine(day, time(0), tzinfo=zone) for day in days]
    counts = source.outcomes_by_day(midnights)
    extra = sorted({o for by in counts.values() for o in by if o is not None and o not in lanes.outcomes})
    names = [*lanes.outcomes, *extra]
    return tuple(
        Day(day, tuple((name, counts.get(i, {}).get(name, 0)) for name in names)
            + ((UNKNOWN_OUTCOME, counts.get(i, {}).get(None, 0)),))
        for i, day in enumerate(days)
    )
