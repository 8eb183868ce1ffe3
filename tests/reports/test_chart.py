"""The report chart: a PNG of a sensible size, the same bytes for the same report, no warnings
for long periods or Arabic names (pytest turns warnings into errors)."""

from __future__ import annotations

import struct
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from bot.reports.chart import render_chart
from bot.reports.model import (
    UNKNOWN_OUTCOME, Day, LaneSpeed, Percentiles, Period, Report, ReportQuery, Sla, Speed,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
OUTCOMES = ("won", "lost", "spam")


def work_speed(p50: int | None, p90: int | None, count: int = 10) -> Speed:
    work = Percentiles(count=count if p50 is not None else 0, p50=p50, p90=p90)
    return Speed(wall=work, work=work)


def build_report(*, days: int = 7, last_day: date = date(2026, 11, 22),
                 outcomes: tuple[str, ...] = OUTCOMES,
                 lanes: tuple[LaneSpeed, ...] | None = None, label: str | None = None) -> Report:
    """A report over `days` days ending on `last_day`, with made-up but varied daily counts."""
    first_day = last_day - timedelta(days=days - 1)
    period = Period(
        start=datetime(first_day.year, first_day.month, first_day.day, tzinfo=timezone.utc),
        end=datetime(last_day.year, last_day.month, last_day.day, tzinfo=timezone.utc) + timedelta(days=1),
        first_day=first_day, last_day=last_day, tz="Asia/Dubai",
        label=label or f"last {days} days ({first_day:%d %b} – {last_day:%d %b %Y})",
    )
    per_day = tuple(
        Day(day=first_day + timedelta(days=i),
            by_outcome=tuple((o, (i * 7 + n * 3) % (5 + n)) for n, o in enumerate(outcomes))
            + ((UNKNOWN_OUTCOME, (i * 5) % 4),))
        for i in range(days)
    )
    if lanes is None:
        lanes = (
            LaneSpeed("Sales", work_speed(4 * 60, 35 * 60, count=42)),
            LaneSpeed("Support", work_speed(12 * 60, 95 * 60, count=17)),
            LaneSpeed("Partners", work_speed(None, None)),
        )
    started = sum(d.total for d in per_day)
    totals = tuple((o, sum(dict(d.by_outcome)[o] for d in per_day)) for o in (*outcomes, UNKNOWN_OUTCOME))
    return Report(
        query=ReportQuery(period=period, now=period.end), started=started,
        by_ref=(), by_ad=(), by_lane=(), outcomes=totals, qualified=0, qualifying=(),
        claim=Speed(), auto_assigned=0, first_reply=Speed(), sla=Sla(),
        repings=0, reassignments=0, escalations=0, open_now=0, unclaimed_now=0,
        oldest_waiting=None, people=(), lane_speed=lanes, per_day=per_day,
    )


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", png[8:16])
    assert kind == b"IHDR" and length == 13
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_a_week_renders_a_phone_sized_png() -> None:
    png = render_chart(build_report())

    assert png is not None
    width, height = png_size(png)
    assert 700 <= width <= 1000
    assert 600 <= height <= 1000


def test_an_empty_report_has_no_chart() -> None:
    report = replace(build_report(), started=0, per_day=(), lane_speed=())

    assert report.empty
    assert render_chart(report) is None


def test_a_leap_year_of_days_renders() -> None:
    png = render_chart(build_report(days=366, last_day=date(2028, 12, 31)))

    assert png is not None
    assert png_size(png)[0] >= 700


def test_arabic_lane_and_outcome_names_render_without_warnings() -> None:
    lanes = (
        LaneSpeed("المبيعات", work_speed(3 * 3600, 20 * 3600)),
        LaneSpeed("الدعم الفني", work_speed(None, None)),
    )
    report = build_report(outcomes=("تم البيع", "لم يتم"), lanes=lanes, label="آخر ٧ أيام")

    png = render_chart(report)

    assert png is not None and png.startswith(PNG_SIGNATURE)


def test_glyphs_missing_from_the_font_do_not_warn() -> None:
    lanes = (LaneSpeed("销售 ✅", work_speed(60, 600)),)

    png = render_chart(build_report(outcomes=("成交",), lanes=lanes))

    assert png is not None


def test_the_same_report_gives_the_same_bytes() -> None:
    report = build_report(days=30)

    assert render_chart(report) == render_chart(report)


def test_no_lanes_and_no_replies_still_render() -> None:
    assert render_chart(build_report(lanes=())) is not None
    assert render_chart(build_report(lanes=(LaneSpeed("Sales", Speed()),))) is not None
