"""The report's aggregates: counts, sums and nearest-rank percentiles computed by the database,
never by loading rows. Each function takes `session` and plain values (a `Cohort`, lane
names, a rep, each lane's reply time in seconds, local midnights) and returns plain values."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select
from sqlmodel import Session, col

from bot.store.models import Contact, Conversation, Event, Message, UTCDateTime
from bot.store.reporting.rows import (
    FOLLOW_THROUGH,
    Cohort,
    RepCounts,
    Speed,
    Totals,
    Waiting,
)
from bot.store.reporting.sql import (
    ALL,
    ad_name,
    cohort_filter,
    count_if,
    is_open,
    now_filter,
    percentiles,
    sla_seconds,
    speed_by,
)

C = Conversation
Measure = Literal["claim", "first_reply"]
Grouping = Literal["outcome", "entry_ref", "lane", "ad"]
_MEASURES = {"claim": (C.claim_s, C.claim_work_s), "first_reply": (C.first_reply_s, C.first_reply_work_s)}


def cohort_totals(*, session: Session, cohort: Cohort, reply_within: Mapping[str, int]) -> Totals:
    """Started, auto-assigned, unanswered, and answered within / out of the lanes' reply times
    (`reply_within`: lane name -> seconds of working time, only lanes that set one)."""
    sla = sla_seconds(reply_within)
    answered = and_(col(C.first_reply_work_s).is_not(None), sla.is_not(None))
    row = session.execute(
        select(
            func.count().label("started"),
            count_if(col(C.first_owned_via) == "assigned").label("auto_assigned"),
            count_if(col(C.first_reply_at).is_(None)).label("unanswered"),
            count_if(answered).label("sla_answered"),
            count_if(and_(answered, col(C.first_reply_work_s) <= sla)).label("sla_within"),
        ).where(*cohort_filter(cohort))
    ).one()
    return Totals(**{key: int(value or 0) for key, value in row._mapping.items()})


def counts_by(*, session: Session, cohort: Cohort, key: Grouping) -> list[tuple[str | None, int]]:
    """Cohort conversations per outcome, entry ref, lane (None: not set) or ad (only those from an ad)."""
    column: Any = ad_name() if key == "ad" else col(getattr(C, key))
    extra = [column.is_not(None)] if key == "ad" else []
    rows = session.execute(select(column, func.count()).where(*cohort_filter(cohort), *extra).group_by(column)).all()
    return [(None if name is None else str(name), int(count)) for name, count in rows]


def follow_through(*, session: Session, cohort: Cohort) -> dict[str, int]:
    """Re-pings, reassignments and escalations of the cohort, by event kind (kinds with none left out)."""
    rows = session.execute(
        select(col(Event.kind), func.count())
        .join(C, col(C.id) == col(Event.conversation_id))
        .where(*cohort_filter(cohort), col(Event.kind).in_(FOLLOW_THROUGH))
        .group_by(Event.kind)
    ).all()
    return {str(kind): int(count) for kind, count in rows}


def speed(*, session: Session, cohort: Cohort, measure: Measure) -> Speed:
    """Time to claim or to first reply over the cohort, in wall and working seconds."""
    wall, work = _MEASURES[measure]
    return speed_by(session, cohort_filter(cohort), col(wall), col(work)).get(ALL, Speed())


def speed_by_lane(*, session: Session, cohort: Cohort, measure: Measure) -> dict[str, Speed]:
    """`speed` per lane, for the lanes with at least one value."""
    wall, work = _MEASURES[measure]
    return speed_by(session, cohort_filter(cohort), col(wall), col(work), col(C.lane))


def open_count(*, session: Session, lanes: Sequence[str], rep: str | None) -> int:
    """Conversations not closed now, in `lanes` (empty: all), owned by `rep` when given."""
    return _count(session, *now_filter(lanes, rep), is_open())


def unclaimed_count(*, session: Session, lanes: Sequence[str]) -> int:
    """Conversations not closed and owned by nobody now, in `lanes` (empty: all)."""
    return _count(session, *now_filter(lanes, None), is_open(), col(C.owner).is_(None))


def _count(session: Session, *where: ColumnElement[bool]) -> int:
    return int(session.execute(select(func.count()).select_from(C).where(*where)).scalar_one())


def oldest_waiting(*, session: Session, lanes: Sequence[str], rep: str | None) -> Waiting | None:
    """The open conversation whose customer has waited longest for an answer: since their first
    message after our last reply.

    Not computed for every open conversation: that time is after our last reply and never
    before the conversation began (customers' messages are stored as they arrive, into a
    conversation opened then or earlier), so the conversation with the earliest such bound
    gives an upper limit, and only conversations whose bound is within it can be the answer."""
    since = (
        select(func.min(Message.created_at))
        .where(col(Message.conversation_id) == col(C.id), col(Message.direction) == "in",
               or_(col(C.last_outbound_at).is_(None), col(Message.created_at) > col(C.last_outbound_at)))
        .correlate(C)
        .scalar_subquery()
    )
    bound = func.coalesce(col(C.last_outbound_at), col(C.created_at))
    waiting = [*now_filter(lanes, rep), is_open(), col(C.last_inbound_at).is_not(None),
               or_(col(C.last_outbound_at).is_(None), col(C.last_inbound_at) > col(C.last_outbound_at))]
    first = session.execute(select(col(C.id)).where(*waiting).order_by(bound, col(C.id)).limit(1)).scalar()
    if first is None:
        return None
    limit = session.execute(select(since).where(col(C.id) == first)).scalar()
    within = [bound <= limit] if limit is not None else []
    found = [(_aware(at), conversation_id) for conversation_id, at in session.execute(
        select(col(C.id), since).where(*waiting, *within)).all() if at is not None]
    best = min(found, default=None)
    if best is None:
        return None
    conversation = session.get_one(C, best[1])
    contact = session.get_one(Contact, conversation.contact_id)
    return Waiting(conversation_id=best[1], profile_name=contact.profile_name, phone_e164=contact.phone_e164,
                   wa_id=contact.wa_id, lane=conversation.lane, owner=conversation.owner, since=best[0],
                   permalink=conversation.permalink)


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=timezone.utc)


def open_by_owner(*, session: Session, lanes: Sequence[str], rep: str | None) -> dict[str, int]:
    """Conversations open now per owner, in `lanes` (empty: all), of `rep` when given. Grouped
    by lane and owner, the order of the index over open conversations, then added up here."""
    found: dict[str, int] = {}
    for _, owner, count in session.execute(
        select(col(C.lane), col(C.owner), func.count())
        .where(*now_filter(lanes, rep), is_open(), col(C.owner).is_not(None))
        .group_by(col(C.lane), col(C.owner))
    ).all():
        found[str(owner)] = found.get(str(owner), 0) + int(count)
    return found


def rep_counts(*, session: Session, cohort: Cohort) -> list[RepCounts]:
    """Per person: cohort conversations owned and closed, their median working-time first reply,
    and what they have open now (in the cohort's lanes); anyone with either."""
    where = cohort_filter(cohort)
    owned = {
        owner: (int(count), int(closed or 0))
        for owner, count, closed in session.execute(
            select(col(C.owner), func.count(), count_if(col(C.status) == "closed"))
            .where(*where, col(C.owner).is_not(None)).group_by(C.owner)
        ).all()
    }
    open_now = open_by_owner(session=session, lanes=cohort.lanes, rep=cohort.rep)
    medians = percentiles(session, col(C.first_reply_work_s), [*where, col(C.owner).is_not(None)], col(C.owner))
    return [
        RepCounts(user=user, owned=owned.get(user, (0, 0))[0], closed=owned.get(user, (0, 0))[1],
                  median_first_reply_work=medians[user].p50 if user in medians else None,
                  open_now=int(open_now.get(user, 0)))
        for user in {str(user) for user in set(owned) | set(open_now) if user}
    ]


def outcomes_by_day(*, session: Session, cohort: Cohort,
                    day_starts: Sequence[datetime]) -> dict[int, dict[str | None, int]]:
    """Cohort conversations per day and outcome (None: open): {day index: {outcome: count}}, days
    with none left out. `day_starts` are the local midnights (aware) of the period's days, in order.

    The day of a row is found by comparing `created_at` with them in a binary search of CASEs, so
    days follow the workspace's time zone and its DST changes, at about log2(days) comparisons a row."""
    key = _day_index(list(day_starts), 0, len(day_starts)).label("i")
    rows = session.execute(
        select(key, col(C.outcome), func.count()).where(*cohort_filter(cohort)).group_by(key, col(C.outcome))
    ).all()
    counts: dict[int, dict[str | None, int]] = {}
    for i, outcome, count in rows:
        counts.setdefault(int(i), {})[outcome] = int(count)
    return counts


def _day_index(bounds: list[datetime], lo: int, hi: int) -> ColumnElement[Any]:
    """The i with bounds[i] <= created_at (< bounds[i + 1]), for rows already inside the period."""
    if hi - lo == 1:
        return literal(lo)
    mid = (lo + hi) // 2
    return case((col(C.created_at) < literal(bounds[mid], UTCDateTime()), _day_index(bounds, lo, mid)),
                else_=_day_index(bounds, mid, hi))
