"""The weekly report: last full week (Sun–Sat for a Sun–Thu team), posted once at the lanes
file's day and time in its channel, with the chart in the thread."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, time, timezone

import pytest

from bot.lanes import WeeklyReport
from bot.timers.weekly_report import due_week, send_weekly_report
from tests.builders import as_processes, inbound_form, signed_twilio_post

UTC = timezone.utc


@pytest.fixture
def lanes(lanes):  # type: ignore[no-untyped-def]
    return replace(lanes, weekly_report=WeeklyReport(day=6, at=time(9, 0), channel="C0LEADS"))  # Sunday 09:00


def test_last_week_is_the_full_week_before_the_post(lanes):  # type: ignore[no-untyped-def]
    assert due_week(lanes, datetime(2026, 11, 22, 4, 59, tzinfo=UTC)) is None  # 08:59; the last post was a week ago
    week = due_week(lanes, datetime(2026, 11, 22, 5, 0, tzinfo=UTC))  # Sunday 09:00 in Dubai
    assert (week.first_day, week.last_day) == (date(2026, 11, 15), date(2026, 11, 21))
    assert week.start == datetime(2026, 11, 14, 20, 0, tzinfo=UTC) and week.end == datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
    assert week.label == "last week (15–21 Nov 2026)"
    assert due_week(lanes, datetime(2026, 11, 23, 6, 0, tzinfo=UTC)) is None  # over a day late: skipped
    monday_team = replace(lanes, workspace=replace(lanes.workspace, business_hours="Mon-Fri 09:00-17:00"))
    week = due_week(monday_team, datetime(2026, 11, 22, 5, 0, tzinfo=UTC))
    assert (week.first_day, week.last_day) == (date(2026, 11, 9), date(2026, 11, 15))


def test_the_weekly_report_is_posted_once_with_its_chart(client, deps, worker, fake_slack, clock):
    clock.set(datetime(2026, 11, 18, 6, 0, tzinfo=UTC))  # Wednesday of the week reported
    signed_twilio_post(client, "/twilio/whatsapp", inbound_form("price?"))
    worker.run_due()

    clock.set(datetime(2026, 11, 22, 4, 0, tzinfo=UTC))  # Sunday 08:00: not yet
    assert not send_weekly_report(deps)
    clock.set(datetime(2026, 11, 22, 5, 0, tzinfo=UTC))
    assert send_weekly_report(deps)
    assert not send_weekly_report(deps)
    worker.run_due()

    [report] = [c for c in fake_slack.posts("C0LEADS") if c.params.get("blocks")]
    text = json.dumps(report.params["blocks"])
    assert "last week (15\\u201321 Nov 2026)" in text and "1 conversation started" in text
    [upload] = fake_slack.uploads()
    assert upload.channel_id == "C0LEADS" and upload.thread_ts == report.ts


def test_processes_racing_post_one_weekly_report(settings, deps, clock):
    clock.set(datetime(2026, 11, 22, 5, 0, tzinfo=UTC))
    sent = as_processes(settings, deps, send_weekly_report)
    assert sorted(sent) == [False, False, False, True]
