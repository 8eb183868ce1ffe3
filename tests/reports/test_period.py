"""parse_period(): local days in the workspace's time zone, as UTC bounds, across DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.reports.model import Period
from bot.reports.period import MAX_DAYS, PERIOD_EXAMPLES, parse_period

DUBAI = "Asia/Dubai"  # UTC+4, no DST
SUN, MON = 6, 0
# Sunday 22 Nov 2026, 14:00 in Dubai
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def dubai(text: str | None, now: datetime = NOW, week_start: int = SUN) -> Period:
    return parse_period(text, tz=DUBAI, now=now, week_start=week_start)


# -- each form, in Dubai -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "first", "last", "start", "end", "label"),
    [
        ("today", date(2026, 11, 22), date(2026, 11, 22), utc(2026, 11, 21, 20), utc(2026, 11, 22, 20),
         "today (Sun 22 Nov 2026)"),
        ("yesterday", date(2026, 11, 21), date(2026, 11, 21), utc(2026, 11, 20, 20), utc(2026, 11, 21, 20),
         "yesterday (Sat 21 Nov 2026)"),
        ("7d", date(2026, 11, 16), date(2026, 11, 22), utc(2026, 11, 15, 20), utc(2026, 11, 22, 20),
         "last 7 days (16–22 Nov 2026)"),
        ("30d", date(2026, 10, 24), date(2026, 11, 22), utc(2026, 10, 23, 20), utc(2026, 11, 22, 20),
         "last 30 days (24 Oct – 22 Nov 2026)"),
        ("14d", date(2026, 11, 9), date(2026, 11, 22), utc(2026, 11, 8, 20), utc(2026, 11, 22, 20),
         "last 14 days (9–22 Nov 2026)"),
        ("1d", date(2026, 11, 22), date(2026, 11, 22), utc(2026, 11, 21, 20), utc(2026, 11, 22, 20),
         "last 1 day (Sun 22 Nov 2026)"),
        ("366d", date(2025, 11, 22), date(2026, 11, 22), utc(2025, 11, 21, 20), utc(2026, 11, 22, 20),
         "last 366 days (22 Nov 2025 – 22 Nov 2026)"),
        ("this-week", date(2026, 11, 22), date(2026, 11, 22), utc(2026, 11, 21, 20), utc(2026, 11, 22, 20),
         "this week (Sun 22 Nov 2026)"),
        ("last-week", date(2026, 11, 15), date(2026, 11, 21), utc(2026, 11, 14, 20), utc(2026, 11, 21, 20),
         "last week (15–21 Nov 2026)"),
        ("this-month", date(2026, 11, 1), date(2026, 11, 22), utc(2026, 10, 31, 20), utc(2026, 11, 22, 20),
         "this month (1–22 Nov 2026)"),
        ("last-month", date(2026, 10, 1), date(2026, 10, 31), utc(2026, 9, 30, 20), utc(2026, 10, 31, 20),
         "last month (1–31 Oct 2026)"),
        ("2026-11-01..2026-11-30", date(2026, 11, 1), date(2026, 11, 30), utc(2026, 10, 31, 20),
         utc(2026, 11, 30, 20), "1–30 Nov 2026"),
        ("2026-10-28..2026-11-03", date(2026, 10, 28), date(2026, 11, 3), utc(2026, 10, 27, 20),
         utc(2026, 11, 3, 20), "28 Oct – 3 Nov 2026"),
        ("2026-11-05", date(2026, 11, 5), date(2026, 11, 5), utc(2026, 11, 4, 20), utc(2026, 11, 5, 20),
         "Thu 5 Nov 2026"),
        ("2026-11-05..2026-11-05", date(2026, 11, 5), date(2026, 11, 5), utc(2026, 11, 4, 20),
         utc(2026, 11, 5, 20), "Thu 5 Nov 2026"),
    ],
)
def test_each_form_in_dubai(text: str, first: date, last: date, start: datetime, end: datetime, label: str) -> None:
    period = dubai(text)
    assert (period.first_day, period.last_day) == (first, last)
    assert (period.start, period.end) == (start, end)
    assert period.label == label
    assert period.tz == DUBAI
    assert period.days == (last - first).days + 1


@pytest.mark.parametrize("text", [None, "", "   "])
def test_nothing_means_the_last_7_days(text: str | None) -> None:
    assert dubai(text) == dubai("7d")


@pytest.mark.parametrize("text", ["TODAY", "Today", " today ", "Last-Week", "7D", "2026-11-01 .. 2026-11-30"])
def test_case_and_spaces_do_not_matter(text: str) -> None:
    assert dubai(text).first_day == dubai(text.strip().lower().replace(" ", "")).first_day


def test_today_is_the_local_day_not_the_utc_day() -> None:
    late = datetime(2026, 11, 22, 21, 0, tzinfo=UTC)  # 01:00 on Monday 23 Nov in Dubai
    period = dubai("today", now=late)
    assert period.first_day == date(2026, 11, 23)
    assert (period.start, period.end) == (utc(2026, 11, 22, 20), utc(2026, 11, 23, 20))


def test_now_may_be_given_in_any_zone() -> None:
    assert dubai("7d", now=NOW.astimezone(ZoneInfo("America/New_York"))) == dubai("7d")


def test_now_must_be_aware() -> None:
    with pytest.raises(TypeError):
        dubai("today", now=datetime(2026, 11, 22, 10))


# -- weeks: Sunday or Monday first -----------------------------------------------------

MONDAY_23 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # 10:00 on Monday 23 Nov in Dubai


@pytest.mark.parametrize(
    ("now", "week_start", "text", "first", "last", "label"),
    [
        (MONDAY_23, SUN, "this-week", date(2026, 11, 22), date(2026, 11, 23), "this week (22–23 Nov 2026)"),
        (MONDAY_23, MON, "this-week", date(2026, 11, 23), date(2026, 11, 23), "this week (Mon 23 Nov 2026)"),
        (MONDAY_23, SUN, "last-week", date(2026, 11, 15), date(2026, 11, 21), "last week (15–21 Nov 2026)"),
        (MONDAY_23, MON, "last-week", date(2026, 11, 16), date(2026, 11, 22), "last week (16–22 Nov 2026)"),
        (NOW, MON, "this-week", date(2026, 11, 16), date(2026, 11, 22), "this week (16–22 Nov 2026)"),
        (NOW, MON, "last-week", date(2026, 11, 9), date(2026, 11, 15), "last week (9–15 Nov 2026)"),
        # Saturday 28 Nov; a Sat-Wed team's week starts on Saturday
        (utc(2026, 11, 28, 6), 5, "this-week", date(2026, 11, 28), date(2026, 11, 28),
         "this week (Sat 28 Nov 2026)"),
        (utc(2026, 11, 28, 6), SUN, "this-week", date(2026, 11, 22), date(2026, 11, 28),
         "this week (22–28 Nov 2026)"),
    ],
)
def test_weeks_start_on_the_given_day(
    now: datetime, week_start: int, text: str, first: date, last: date, label: str
) -> None:
    period = dubai(text, now=now, week_start=week_start)
    assert (period.first_day, period.last_day, period.label) == (first, last, label)
    assert period.start == datetime.combine(first, time(0), tzinfo=ZoneInfo(DUBAI))


def test_a_week_across_months_and_years() -> None:
    now = utc(2027, 1, 2, 6)  # Saturday 2 Jan 2027
    assert dubai("this-week", now=now).label == "this week (27 Dec 2026 – 2 Jan 2027)"
    assert dubai("last-week", now=now).label == "last week (20–26 Dec 2026)"


# -- months ------------------------------------------------------------------------------


def test_this_month_on_the_first_is_one_day() -> None:
    first_of_month = utc(2026, 10, 31, 21)  # 01:00 on Sunday 1 Nov in Dubai
    period = dubai("this-month", now=first_of_month)
    assert (period.first_day, period.last_day) == (date(2026, 11, 1), date(2026, 11, 1))
    assert (period.start, period.end) == (utc(2026, 10, 31, 20), utc(2026, 11, 1, 20))
    assert period.label == "this month (Sun 1 Nov 2026)"
    assert dubai("last-month", now=first_of_month).label == "last month (1–31 Oct 2026)"


def test_last_month_in_january_is_last_december() -> None:
    period = dubai("last-month", now=utc(2027, 1, 10, 6))
    assert (period.first_day, period.last_day) == (date(2026, 12, 1), date(2026, 12, 31))
    assert (period.start, period.end) == (utc(2026, 11, 30, 20), utc(2026, 12, 31, 20))
    assert period.label == "last month (1–31 Dec 2026)"


def test_last_month_knows_february_and_leap_years() -> None:
    assert dubai("last-month", now=utc(2028, 3, 15)).last_day == date(2028, 2, 29)
    assert dubai("last-month", now=utc(2027, 3, 15)).last_day == date(2027, 2, 28)


def test_a_label_across_new_year_shows_both_years() -> None:
    assert dubai("7d", now=utc(2027, 1, 3, 6)).label == "last 7 days (28 Dec 2026 – 3 Jan 2027)"
    assert dubai("2026-12-15..2027-01-15").label == "15 Dec 2026 – 15 Jan 2027"


# -- daylight saving ---------------------------------------------------------------------


def test_london_spring_forward_week_is_an_hour_short() -> None:
    # BST from 01:00 UTC on Sunday 29 Mar 2026; now is Tuesday 31 Mar, 13:00 BST
    period = parse_period("7d", tz="Europe/London", now=utc(2026, 3, 31, 12), week_start=MON)
    assert (period.first_day, period.last_day) == (date(2026, 3, 25), date(2026, 3, 31))
    assert period.start == utc(2026, 3, 25, 0)  # midnight GMT
    assert period.end == utc(2026, 3, 31, 23)  # midnight BST on 1 Apr
    assert period.end - period.start == timedelta(days=7, hours=-1)
    assert period.tz == "Europe/London"


def test_london_fall_back_day_is_25_hours() -> None:
    # GMT again from 01:00 UTC on Sunday 25 Oct 2026; now is Monday 26 Oct
    period = parse_period("yesterday", tz="Europe/London", now=utc(2026, 10, 26, 12), week_start=MON)
    assert period.first_day == date(2026, 10, 25)
    assert (period.start, period.end) == (utc(2026, 10, 24, 23), utc(2026, 10, 26, 0))
    assert period.end - period.start == timedelta(hours=25)


def test_london_last_week_across_the_change() -> None:
    period = parse_period("last-week", tz="Europe/London", now=utc(2026, 10, 28, 12), week_start=MON)
    assert (period.first_day, period.last_day) == (date(2026, 10, 19), date(2026, 10, 25))
    assert (period.start, period.end) == (utc(2026, 10, 18, 23), utc(2026, 10, 26, 0))


def test_cairo_day_whose_midnight_is_skipped_starts_when_it_really_starts() -> None:
    # Cairo jumps from 00:00 to 01:00 (+03) on Friday 24 Apr 2026: the day starts at 22:00 UTC
    period = parse_period("today", tz="Africa/Cairo", now=utc(2026, 4, 24, 12), week_start=SUN)
    assert period.first_day == date(2026, 4, 24)
    assert period.start == utc(2026, 4, 23, 22)
    assert period.end == utc(2026, 4, 24, 21)
    assert period.end - period.start == timedelta(hours=23)


def test_cairo_day_with_a_repeated_hour_is_25_hours() -> None:
    # Cairo goes back from 24:00 (+03) to 23:00 (+02) on Thursday 29 Oct 2026
    period = parse_period("2026-10-29", tz="Africa/Cairo", now=utc(2026, 11, 1), week_start=SUN)
    assert (period.start, period.end) == (utc(2026, 10, 28, 21), utc(2026, 10, 29, 22))
    assert period.label == "Thu 29 Oct 2026"


def test_cairo_month_across_the_change() -> None:
    period = parse_period("last-month", tz="Africa/Cairo", now=utc(2026, 11, 22, 10), week_start=SUN)
    assert (period.start, period.end) == (utc(2026, 9, 30, 21), utc(2026, 10, 31, 22))


ZONES = ["Asia/Dubai", "Europe/London", "Africa/Cairo", "America/Santiago", "Australia/Lord_Howe", "UTC"]


@given(
    now=st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2098, 12, 31), timezones=st.just(UTC)),
    tz=st.sampled_from(ZONES),
    days=st.integers(min_value=1, max_value=MAX_DAYS),
    week_start=st.integers(min_value=0, max_value=6),
)
def test_bounds_are_local_midnights_around_now(now: datetime, tz: str, days: int, week_start: int) -> None:
    zone = ZoneInfo(tz)
    for text in (f"{days}d", "this-week", "this-month", "today"):
        period = parse_period(text, tz=tz, now=now, week_start=week_start)
        assert period.start <= now < period.end
        assert period.last_day == now.astimezone(zone).date()
        for bound, day in ((period.start, period.first_day), (period.end, period.last_day + timedelta(days=1))):
            local = bound.astimezone(zone)
            assert local.date() == day
            assert local.time() < time(2)  # midnight, or just after it where midnight is skipped
            assert bound - timedelta(hours=3) < datetime.combine(day, time(0), tzinfo=zone) <= bound + timedelta(hours=3)
            assert bound.tzinfo is UTC
    assert parse_period(f"{days}d", tz=tz, now=now, week_start=week_start).days == days
    week = parse_period("last-week", tz=tz, now=now, week_start=week_start)
    assert week.days == 7 and week.first_day.weekday() == week_start


# -- limits and mistakes -----------------------------------------------------------------


def test_a_range_may_be_366_days_but_no_more() -> None:
    assert dubai("2024-01-01..2024-12-31").days == 366  # a leap year
    assert dubai("2026-01-01..2027-01-01").days == 366
    with pytest.raises(ValueError, match="367 days; at most 366"):
        dubai("2026-01-01..2027-01-02")
    with pytest.raises(ValueError, match="from 1d to 366d"):
        dubai("367d")


def test_a_reversed_range_is_refused() -> None:
    with pytest.raises(ValueError, match=r"ends \(Sun 1 Nov 2026\) before it starts \(Sun 15 Nov 2026\)"):
        dubai("2026-11-15..2026-11-01")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2026-02-30", "2026-02-30 is not a date"),
        ("2026-11-01..2026-13-01", "2026-13-01 is not a date"),
        ("0d", "from 1d to 366d"),
        ("99999999999999999999d", "from 1d to 366d"),
        ("9999-12-31", "out of range"),
        ("0001-01-01", "out of range"),
    ],
)
def test_impossible_dates_and_counts_say_why(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        dubai(text)


@pytest.mark.parametrize(
    "text",
    [
        "foo", "7", "d", "-1d", "7 d", "7days", "1w", "last week", "thisweek", "last-year",
        "2026-11-01..", "..2026-11-01", "2026/11/01", "2026-11-1", "01-11-2026", "2026-11-01...2026-11-02",
        "2026-11-01..2026-11-02..2026-11-03", "<!channel>", "`today`", "today!", "٧d",
    ],
)
def test_garbage_is_not_a_period(text: str) -> None:
    with pytest.raises(ValueError, match="not a period I know"):
        dubai(text)


def test_reasons_never_repeat_unchecked_input() -> None:
    for text in ("<!channel> 7d", "`x`", "2026-11-01..<@U0AAA>"):
        with pytest.raises(ValueError) as caught:
            dubai(text)
        assert "<" not in str(caught.value) and "`" not in str(caught.value)


def test_examples_name_every_form() -> None:
    for form in ("today", "yesterday", "7d", "30d", "this-week", "last-week", "this-month", "last-month", ".."):
        assert form in PERIOD_EXAMPLES
