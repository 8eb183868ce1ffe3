"""The report's Block Kit: names from customers and ads can mention nobody; durations read
as people say them; an empty period says so."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest

from bot.reports.blocks import duration, report_blocks, report_text
from bot.reports.model import UNKNOWN_OUTCOME, Percentiles, Period, Report, ReportQuery, Sla, Speed, Waiting

UTC = timezone.utc
NOW = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
HOSTILE = "<!channel> <@U0BOSS> <#C0ALL> *bold*"


def a_report(**changes: object) -> Report:
    period = Period(start=datetime(2026, 11, 14, 20, tzinfo=UTC), end=datetime(2026, 11, 21, 20, tzinfo=UTC),
                    first_day=date(2026, 11, 15), last_day=date(2026, 11, 21), label="15–21 Nov 2026", tz="Asia/Dubai")
    report = Report(
        query=ReportQuery(period=period, now=NOW), started=3,
        by_ref=(("pricing", 2), ("(no entry ref)", 1)), by_ad=((HOSTILE, 1),), by_lane=(("sales", 3),),
        outcomes=(("Qualified", 1), ("Non-fit", 0), (UNKNOWN_OUTCOME, 2)), qualified=1, qualifying=("Qualified",),
        claim=Speed(Percentiles(2, 120, 600), Percentiles(2, 60, 600)), auto_assigned=1,
        first_reply=Speed(Percentiles(3, 300, 7200), Percentiles(3, 300, 3600)),
        sla=Sla(answered=3, within=2, unanswered=0), repings=2, reassignments=1, escalations=0,
        open_now=2, unclaimed_now=1,
        oldest_waiting=Waiting(conversation_id=1, contact=HOSTILE, lane="sales", owner=None,
                               since=NOW - timedelta(hours=3), permalink=None),
        people=(),
    )
    return replace(report, **changes)  # type: ignore[arg-type]


def shown(report: Report, **kwargs: object) -> str:
    return json.dumps([block.to_dict() for block in report_blocks(report, public=False, **kwargs)],
                      ensure_ascii=False)


def test_customer_and_ad_text_cannot_mention_anyone() -> None:
    text = shown(a_report())

    assert "<!channel>" not in text and "<@U0BOSS>" not in text and "<#C0ALL>" not in text
    assert "&lt;!channel&gt;" in text  # still readable, just inert


def test_the_numbers_read_as_people_say_them() -> None:
    text = shown(a_report())

    assert "*Time to claim:* 1m / 10m · 2m / 10m" in text
    assert "*First reply:* 5m / 1h 00m · 5m / 2h 00m" in text
    assert "*Within the reply SLA:* 67% (2 of 3)" in text
    assert "*Qualified leads: 1*" in text and "*Still open (outcome unknown):* 2" in text
    assert "for 3h 00m" in text and "Add `public`" in text


def test_an_empty_period_says_so_and_still_shows_what_is_open() -> None:
    report = a_report(started=0)

    text = shown(report)

    assert "No conversations started in 15–21 Nov 2026" in text and "*Right now:* 2 open · 1 unclaimed" in text
    assert "Time to claim" not in text
    assert report_text(report).endswith("no conversations started.")


@pytest.mark.parametrize("seconds, expected", [
    (None, "—"), (0, "0s"), (59, "59s"), (60, "1m"), (3599, "59m"), (3600, "1h 00m"), (5 * 3600 + 300, "5h 05m"),
    (86400 + 7200, "1d 2h"),
])
def test_durations(seconds: int | None, expected: str) -> None:
    assert duration(seconds) == expected


def test_the_oldest_waiting_is_named_by_conversation_never_by_customer() -> None:
    report = a_report(by_ad=(), oldest_waiting=Waiting(conversation_id=7, contact="Ana Souza +971501234567",
                                                       lane="sales", owner=None, since=NOW - timedelta(hours=3),
                                                       permalink="https://x.slack.com/archives/C0SALES/p1"))
    text = shown(report) + report_text(report)

    assert "Ana" not in text and "971501234567" not in text
    assert "conversation #7" in text
