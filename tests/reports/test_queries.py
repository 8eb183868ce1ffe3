"""The report's numbers, computed in SQL, on hand-built rows with answers worked out by hand
(on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session

from bot.lanes import LanesConfig, parse_lanes
from bot.reports.model import NO_REF, UNKNOWN_OUTCOME, Percentiles, Period, ReportQuery
from bot.reports.queries import build_report
from bot.store.db import Database
from bot.store.models import Contact, Conversation, Event, Message
from tests.conftest import LANES

UTC = timezone.utc
NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)  # Sun 22 Nov, 12:00 in Dubai


def _at(day: int, hour: int, minute: int = 0, second: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, second, tzinfo=UTC)


def week(tz: str = "Asia/Dubai", first: date = date(2026, 11, 15), last: date = date(2026, 11, 21)) -> Period:
    zone = ZoneInfo(tz)
    return Period(
        start=datetime.combine(first, time(0), tzinfo=zone).astimezone(UTC),
        end=datetime.combine(last + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC),
        first_day=first, last_day=last, label="15–21 Nov 2026", tz=tz,
    )


@pytest.fixture
def report_lanes() -> LanesConfig:
    data: dict[str, Any] = {**LANES, "lanes": [dict(lane) for lane in LANES["lanes"]]}
    data["lanes"][0]["reply_within"] = "10m"  # sales
    return parse_lanes(data)


def _conversation(session: Session, n: int, lane: str, created: datetime, **fields: Any) -> Conversation:
    contact = Contact(wa_id=f"+97150000000{n}", phone_e164=f"+97150000000{n}", profile_name=f"Customer {n}",
                      created_at=created)
    session.add(contact)
    session.flush()
    closed = "outcome" in fields
    conversation = Conversation(
        contact_id=contact.id, open_key=None if closed else contact.id, lane=lane, channel=f"C0{lane.upper()}",
        thread_ts=f"1700000000.00000{n}", created_at=created, last_inbound_at=created,
        status="closed" if closed else fields.pop("status", "unclaimed"), **fields,
    )
    session.add(conversation)
    session.flush()
    session.add(Message(conversation_id=conversation.id, direction="in", body="hi", created_at=created))
    return conversation


def _events(session: Session, conversation: Conversation, *kinds: str) -> None:
    for kind in kinds:
        session.add(Event(conversation_id=conversation.id, kind=kind, at=conversation.created_at, actor="timer"))


def build_week(session: Session) -> None:
    """The week the tests below work out by hand (also used by tests/reports/test_rollup_report.py)."""
    c1 = _conversation(session, 1, "sales", _at(15, 6), entry_ref="pricing", owner="U0AAA",
                       first_owned_via="person", claim_s=120, claim_work_s=120, first_reply_s=300,
                       first_reply_work_s=300, first_reply_at=_at(15, 6, 5), outcome="Qualified")
    c2 = _conversation(session, 2, "sales", _at(16, 7), entry_ref="pricing", owner="U0BBB",
                       referral={"Headline": "Winter promo", "SourceId": "123"},
                       first_owned_via="person", claim_s=600, claim_work_s=600, first_reply_s=1200,
                       first_reply_work_s=1200, first_reply_at=_at(16, 7, 20), outcome="Non-fit")
    c3 = _conversation(session, 3, "billing", _at(17, 10), owner="U0CCC", status="waiting",
                       first_owned_via="assigned", first_reply_s=3600, first_reply_work_s=1800,
                       first_reply_at=_at(17, 11), last_outbound_at=_at(17, 11))
    c4 = _conversation(session, 4, "support", _at(20, 19), referral={"SourceId": "999"})
    session.add(Message(conversation_id=c4.id, direction="in", body="hello?", created_at=_at(20, 20)))
    c4.last_inbound_at = _at(20, 20)
    c5 = _conversation(session, 5, "sales", _at(10, 8), owner="U0AAA", status="claimed")  # before the period
    c6 = _conversation(session, 6, "sales", _at(21, 19, 59, 59), owner="U0AAA", first_owned_via="person",
                       claim_s=60, claim_work_s=0, first_reply_s=100, first_reply_work_s=0,
                       first_reply_at=_at(21, 20, 1, 39), outcome="Qualified")
    _conversation(session, 7, "sales", _at(21, 20), outcome="Non-fit")  # the period's end: excluded
    _events(session, c4, "repinged", "repinged", "escalated")
    _events(session, c2, "reassigned", "claimed", "labelled")
    _events(session, c5, "repinged")  # not in the cohort
    _events(session, c1, "claimed")
    _events(session, c3, "assigned")
    del c6


@pytest.fixture
def week_of_conversations(db: Database) -> Database:
    db.transaction(build_week)
    return db


def _report(db: Database, config: LanesConfig, **query: Any):  # type: ignore[no-untyped-def]
    query.setdefault("period", week())
    return db.read(lambda session: build_report(session, config, ReportQuery(now=NOW, **query)))


def test_sources_outcomes_and_speed_of_a_week(week_of_conversations: Database, report_lanes: LanesConfig) -> None:
    report = _report(week_of_conversations, report_lanes)

    assert report.started == 5
    assert report.by_ref == ((NO_REF, 3), ("pricing", 2))
    assert report.by_ad == (("999", 1), ("Winter promo", 1))
    assert report.by_lane == (("sales", 3), ("billing", 1), ("support", 1))
    assert report.outcomes == (("Qualified", 2), ("Non-fit", 1), ("Resolved", 0), ("No response", 0),
                               (UNKNOWN_OUTCOME, 2))
    assert report.qualified == 2 and report.qualifying == ("Qualified",)
    # Claims by people: 60, 120, 600 s (wall); 0, 120, 600 (working). The auto-assigned one apart.
    assert report.claim.wall == Percentiles(3, 120, 600)
    assert report.claim.work == Percentiles(3, 120, 600)
    assert report.auto_assigned == 1
    # First replies: 100, 300, 1200, 3600 s (wall); 0, 300, 1200, 1800 (working).
    assert report.first_reply.wall == Percentiles(4, 300, 3600)
    assert report.first_reply.work == Percentiles(4, 300, 1800)
    # Only sales sets reply_within (600 s): 300 and 0 within, 1200 not; one cohort conversation unanswered.
    assert (report.sla.answered, report.sla.within, report.sla.unanswered) == (3, 2, 1)
    assert (report.repings, report.reassignments, report.escalations) == (2, 1, 1)


def test_now_items_ignore_the_period(week_of_conversations: Database, report_lanes: LanesConfig) -> None:
    report = _report(week_of_conversations, report_lanes)

    assert report.open_now == 3 and report.unclaimed_now == 1
    assert report.oldest_waiting is not None
    assert report.oldest_waiting.contact == "Customer 5" and report.oldest_waiting.since == _at(10, 8)
    assert report.oldest_waiting.owner == "U0AAA"


def test_people_and_days(week_of_conversations: Database, report_lanes: LanesConfig) -> None:
    report = _report(week_of_conversations, report_lanes)

    assert [(r.user, r.owned, r.closed, r.median_first_reply, r.open_now) for r in report.people] == [
        ("U0AAA", 2, 2, 0, 1), ("U0CCC", 1, 0, 1800, 1), ("U0BBB", 1, 1, 1200, 0),
    ]
    totals = {day.day.day: dict(day.by_outcome) for day in report.per_day}
    assert sorted(totals) == [15, 16, 17, 18, 19, 20, 21]
    assert totals[15]["Qualified"] == 1 and totals[16]["Non-fit"] == 1
    assert totals[17][UNKNOWN_OUTCOME] == 1 and totals[20][UNKNOWN_OUTCOME] == 1  # 23:00 in Dubai
    assert totals[21]["Qualified"] == 1 and sum(day.total for day in report.per_day) == report.started
    speed = {lane.lane: lane.first_reply for lane in report.lane_speed}
    assert list(speed) == ["sales", "billing", "support"]
    assert speed["sales"].work == Percentiles(3, 300, 1200) and speed["billing"].wall == Percentiles(1, 3600, 3600)
    assert speed["support"].work == Percentiles()


def test_a_rep_and_a_lane_narrow_the_report(week_of_conversations: Database, report_lanes: LanesConfig) -> None:
    mine = _report(week_of_conversations, report_lanes, rep="U0AAA")
    assert mine.started == 2 and mine.qualified == 2 and mine.open_now == 1
    assert mine.oldest_waiting is not None and mine.oldest_waiting.contact == "Customer 5"

    billing = _report(week_of_conversations, report_lanes, lanes=("billing",))
    assert billing.started == 1 and billing.open_now == 1 and billing.unclaimed_now == 0
    assert billing.oldest_waiting is None  # answered after the customer's last message
    assert billing.by_lane == (("billing", 1),) and [s.lane for s in billing.lane_speed] == ["billing"]


def test_an_empty_period_is_empty(week_of_conversations: Database, report_lanes: LanesConfig) -> None:
    report = _report(week_of_conversations, report_lanes, period=week(first=date(2026, 1, 1), last=date(2026, 1, 7)))

    assert report.empty and report.started == 0
    assert report.first_reply.wall == Percentiles() and report.people[0].owned == 0  # open work still listed
    assert report.open_now == 3 and all(day.total == 0 for day in report.per_day)


def test_days_follow_the_time_zone_across_a_dst_change(db: Database, report_lanes: LanesConfig) -> None:
    # London leaves summer time at 01:00 UTC on 25 Oct 2026: that local day is 25 hours long.
    db.transaction(lambda s: [
        _conversation(s, 1, "sales", _at(24, 23, 30, month=10)),  # 00:30 BST on the 25th
        _conversation(s, 2, "sales", _at(25, 23, 30, month=10)),  # 23:30 GMT on the 25th
        _conversation(s, 3, "sales", _at(26, 0, 0, month=10)),  # 00:00 GMT on the 26th
    ])
    period = week("Europe/London", date(2026, 10, 25), date(2026, 10, 26))
    report = _report(db, report_lanes, period=period)

    assert [(day.day.day, day.total) for day in report.per_day] == [(25, 2), (26, 1)]
