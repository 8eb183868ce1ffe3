"""Working hours: parsing specs, and working time on split shifts, weekends, overnight windows,
holidays and Ramadan overrides, across time zones and DST changes."""

from __future__ import annotations

import timeit
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.lanes.hours import Calendar, Override, WeeklyHours, parse_hours

UTC = timezone.utc
HOUR = 3600.0
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def at(tz: str, year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """A wall-clock time in `tz`."""
    return datetime(year, month, day, hour, minute, second, tzinfo=ZoneInfo(tz))


def utc(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def calendar(
    spec: str,
    tz: str = "Asia/Dubai",
    *,
    holidays: frozenset[date] = frozenset(),
    overrides: tuple[Override, ...] = (),
) -> Calendar:
    return Calendar(tz, parse_hours(spec), holidays, overrides)


# --- parsing ------------------------------------------------------------------------------


def test_a_gulf_week() -> None:
    hours = parse_hours("Sun-Thu 09:00-18:00")

    assert [hours.on(day) for day in (SUN, MON, THU)] == [((540, 1080),)] * 3
    assert hours.on(FRI) == hours.on(SAT) == ()


def test_split_shifts_and_a_wrapping_day_range() -> None:
    hours = parse_hours("Sat-Wed 09:00-13:00, 16:00-20:00")

    assert {day for day in range(7) if hours.on(day)} == {SAT, SUN, MON, TUE, WED}
    assert hours.on(SAT) == ((540, 780), (960, 1200))


def test_day_groups_single_days_lists_and_explicitly_closed_days() -> None:
    hours = parse_hours("Sun-Wed 09:00-17:00; thu 09:00-13:00 ; Friday,Sat closed")

    assert hours.on(WED) == ((540, 1020),)
    assert hours.on(THU) == ((540, 780),)
    assert hours.on(FRI) == hours.on(SAT) == ()


def test_a_fri_sat_range_wraps_forward_from_friday() -> None:
    hours = parse_hours("Fri-Sat 10:00-14:00")

    assert {day for day in range(7) if hours.on(day)} == {FRI, SAT}


def test_an_overnight_window_belongs_to_the_day_it_starts_on() -> None:
    hours = parse_hours("Sun-Thu 22:00-02:00")

    assert hours.on(THU) == ((1320, 1560),)
    assert hours.on(FRI) == ()


def test_midnight_can_end_a_window_either_way() -> None:
    assert parse_hours("Mon 18:00-24:00") == parse_hours("Mon 18:00-00:00")


@pytest.mark.parametrize("spec", ["", "  ", "closed", "Closed"])
def test_closed_and_empty_mean_never_open(spec: str) -> None:
    assert parse_hours(spec).is_never_open


def test_round_the_clock() -> None:
    assert parse_hours("24/7") == parse_hours("Mon-Sun 00:00-24:00")
    assert not parse_hours("24/7").is_never_open


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ("Sunn-Thu 09:00-18:00", "unknown day 'Sunn' (use Mon, Tue, Wed, Thu, Fri, Sat, Sun)"),
        ("Sun-Thu", "expected days and times like 'Sun-Thu 09:00-18:00', got 'Sun-Thu'"),
        ("09:00-18:00", "expected days and times"),
        ("Sun-Thu 9am-6pm", "bad time '9am' (use HH:MM, 00:00 to 24:00)"),
        ("Sun-Thu 09:00-25:00", "bad time '25:00'"),
        ("Sun-Thu 09:60-18:00", "bad time '09:60'"),
        ("Sun-Thu 09:00", "expected a window like 09:00-18:00, got '09:00'"),
        ("Sun-Thu 24:00-02:00", "a window cannot start at 24:00"),
        ("Sun-Thu 09:00-09:00", "window '09:00-09:00' ends when it starts"),
        ("Sun-Sun 09:00-10:00", "day range 'Sun-Sun' starts and ends on the same day"),
        ("Sun-Thu 09:00-18:00; Thu 19:00-20:00", "Thu is listed twice"),
        ("Sun-Thu 09:00-13:00,12:00-18:00", "Mon 09:00-13:00 overlaps Mon 12:00-18:00"),
        ("Sun 22:00-02:00; Mon 01:00-09:00", "Sun 22:00-02:00 overlaps Mon 01:00-09:00"),
        ("Sat 20:00-02:00; Sun 00:00-01:00", "Sat 20:00-02:00 overlaps Sun 00:00-01:00"),
        ("Sun 20:00-02:00,23:00-23:30", "Sun 20:00-02:00 overlaps Sun 23:00-23:30"),
        ("Sun-Thu ٠٩:٠٠-١٨:٠٠", "bad time"),
    ],
)
def test_malformed_specs_say_what_is_wrong(spec: str, problem: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_hours(spec)

    assert str(caught.value).startswith(problem)


def test_touching_windows_and_a_night_shift_ending_as_the_day_starts_are_fine() -> None:
    parse_hours("Sun-Thu 09:00-13:00,13:00-18:00")
    parse_hours("Sun 22:00-09:00; Mon 09:00-17:00")


@given(st.text(max_size=40) | st.from_regex(r"[A-Za-z ,;-]{0,12}[0-9: ,-]{0,20}", fullmatch=True))
def test_any_text_parses_or_raises_value_error(spec: str) -> None:
    try:
        hours = parse_hours(spec)
    except ValueError as error:
        assert str(error)
    else:
        assert len(hours.days) == 7


# --- open or not ----------------------------------------------------------------------------


def test_open_in_hours_closed_at_the_end_and_on_the_weekend() -> None:
    dubai = calendar("Sun-Thu 09:00-18:00")

    assert dubai.is_open(at("Asia/Dubai", 2026, 11, 22, 9, 0))  # Sunday
    assert not dubai.is_open(at("Asia/Dubai", 2026, 11, 22, 8, 59, 59))
    assert not dubai.is_open(at("Asia/Dubai", 2026, 11, 22, 18, 0))
    assert not dubai.is_open(at("Asia/Dubai", 2026, 11, 27, 10, 0))  # Friday
    assert not dubai.is_open(at("Asia/Dubai", 2026, 11, 28, 10, 0))  # Saturday


def test_the_same_instant_in_any_zone_gets_the_same_answer() -> None:
    riyadh = calendar("Sun-Thu 08:00-17:00", "Asia/Riyadh")
    opening = at("Asia/Riyadh", 2026, 11, 22, 8, 0)

    for t in (opening, opening.astimezone(ZoneInfo("Asia/Dubai")), opening.astimezone(UTC)):
        assert riyadh.is_open(t)
        assert not riyadh.is_open(t - timedelta(seconds=1))
    assert riyadh.windows(date(2026, 11, 22)) == [(utc(2026, 11, 22, 5), utc(2026, 11, 22, 14))]


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        calendar("24/7").is_open(datetime(2026, 1, 1))


def test_unknown_time_zone_and_backwards_override_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        calendar("24/7", "Mars/Olympus")
    with pytest.raises(ValueError, match="before it starts"):
        calendar("24/7", overrides=(Override(date(2026, 3, 2), date(2026, 3, 1), WeeklyHours()),))


# --- split shifts, weekends, overnight windows ------------------------------------------------


def test_a_split_shift_does_not_count_the_afternoon_break() -> None:
    riyadh = calendar("Sat-Wed 09:00-13:00,16:00-20:00", "Asia/Riyadh")
    saturday = date(2026, 11, 21)

    assert riyadh.working_seconds(at("Asia/Riyadh", 2026, 11, 21, 12), at("Asia/Riyadh", 2026, 11, 21, 17)) == 2 * HOUR
    assert not riyadh.is_open(at("Asia/Riyadh", 2026, 11, 21, 14))
    assert riyadh.next_open(at("Asia/Riyadh", 2026, 11, 21, 14)) == at("Asia/Riyadh", 2026, 11, 21, 16)
    assert riyadh.add_working(at("Asia/Riyadh", 2026, 11, 21, 12), 2 * HOUR) == at("Asia/Riyadh", 2026, 11, 21, 17)
    assert len(riyadh.windows(saturday)) == 2


def test_a_fri_sat_weekend_is_skipped() -> None:
    dubai = calendar("Sun-Thu 09:00-18:00")
    thursday_evening = at("Asia/Dubai", 2026, 11, 26, 17)

    assert dubai.add_working(thursday_evening, 2 * HOUR) == at("Asia/Dubai", 2026, 11, 29, 10)  # Sunday
    assert dubai.working_seconds(thursday_evening, at("Asia/Dubai", 2026, 11, 29, 10)) == 2 * HOUR
    assert dubai.next_open(at("Asia/Dubai", 2026, 11, 27, 12)) == at("Asia/Dubai", 2026, 11, 29, 9)


def test_a_sat_sun_weekend_is_skipped() -> None:
    cairo = calendar("Mon-Fri 09:00-17:00", "Africa/Cairo")
    friday_evening = at("Africa/Cairo", 2026, 11, 27, 16)

    assert cairo.add_working(friday_evening, 2 * HOUR) == at("Africa/Cairo", 2026, 11, 30, 10)  # Monday
    assert cairo.working_seconds(friday_evening, at("Africa/Cairo", 2026, 12, 7, 16)) == 48 * HOUR


def test_an_overnight_shift_runs_past_midnight_into_the_weekend() -> None:
    night = calendar("Sun-Thu 22:00-02:00")

    assert night.is_open(at("Asia/Dubai", 2026, 11, 23, 1))  # Monday 01:00, Sunday's shift
    assert night.is_open(at("Asia/Dubai", 2026, 11, 27, 1, 59))  # Friday 01:59, Thursday's shift
    assert not night.is_open(at("Asia/Dubai", 2026, 11, 28, 1))  # Saturday 01:00
    assert not night.is_open(at("Asia/Dubai", 2026, 11, 22, 1))  # Sunday 01:00: Saturday had no shift
    assert night.windows(date(2026, 11, 26)) == [(utc(2026, 11, 26, 18), utc(2026, 11, 26, 22))]
    assert night.working_seconds(at("Asia/Dubai", 2026, 11, 22), at("Asia/Dubai", 2026, 11, 29)) == 5 * 4 * HOUR
    assert night.add_working(at("Asia/Dubai", 2026, 11, 27, 1), 2 * HOUR) == at("Asia/Dubai", 2026, 11, 29, 23)


# --- holidays and Ramadan ---------------------------------------------------------------------------


def test_add_working_skips_a_holiday_and_the_weekend() -> None:
    # UAE National Day: Wednesday and Thursday, then the Fri-Sat weekend.
    dubai = calendar("Sun-Thu 09:00-18:00", holidays=frozenset({date(2026, 12, 2), date(2026, 12, 3)}))
    tuesday_evening = at("Asia/Dubai", 2026, 12, 1, 17)

    assert dubai.windows(date(2026, 12, 2)) == []
    assert not dubai.is_open(at("Asia/Dubai", 2026, 12, 2, 10))
    assert dubai.add_working(tuesday_evening, 2 * HOUR) == at("Asia/Dubai", 2026, 12, 6, 10)  # Sunday
    assert dubai.next_open(at("Asia/Dubai", 2026, 12, 1, 18)) == at("Asia/Dubai", 2026, 12, 6, 9)


def test_a_holiday_stops_only_the_shifts_that_start_on_it() -> None:
    night = calendar("Sun-Thu 22:00-02:00", holidays=frozenset({date(2026, 11, 23)}))  # Monday

    assert night.is_open(at("Asia/Dubai", 2026, 11, 23, 1))  # Sunday's shift, ending on the holiday
    assert not night.is_open(at("Asia/Dubai", 2026, 11, 23, 23))
    assert not night.is_open(at("Asia/Dubai", 2026, 11, 24, 1))


RAMADAN = Override(date(2026, 2, 18), date(2026, 3, 19), parse_hours("Sun-Thu 10:00-15:00"))


def test_ramadan_hours_replace_the_usual_ones_on_their_dates() -> None:
    dubai = calendar("Sun-Thu 09:00-18:00", overrides=(RAMADAN,))

    assert dubai.windows(date(2026, 2, 22)) == [(utc(2026, 2, 22, 6), utc(2026, 2, 22, 11))]
    assert dubai.windows(date(2026, 3, 19)) == [(utc(2026, 3, 19, 6), utc(2026, 3, 19, 11))]  # last day included
    assert dubai.windows(date(2026, 3, 22)) == [(utc(2026, 3, 22, 5), utc(2026, 3, 22, 14))]
    assert not dubai.is_open(at("Asia/Dubai", 2026, 2, 22, 9, 30))
    week = (at("Asia/Dubai", 2026, 2, 22), at("Asia/Dubai", 2026, 3, 1))
    assert dubai.working_seconds(*week) == 5 * 5 * HOUR
    assert dubai.add_working(at("Asia/Dubai", 2026, 3, 19, 14), 2 * HOUR) == at("Asia/Dubai", 2026, 3, 22, 10)


def test_a_holiday_wins_over_an_override() -> None:
    eid = date(2026, 3, 19)
    dubai = calendar("Sun-Thu 09:00-18:00", holidays=frozenset({eid}), overrides=(RAMADAN,))

    assert dubai.windows(eid) == []


# --- time zones and DST ---------------------------------------------------------------------------


def test_cairo_keeps_its_wall_clock_hours_across_the_spring_dst_change() -> None:
    cairo = calendar("Sun-Thu 09:00-17:00", "Africa/Cairo")  # clocks go forward at 00:00, Friday 24 April 2026

    assert cairo.windows(date(2026, 4, 23)) == [(utc(2026, 4, 23, 7), utc(2026, 4, 23, 15))]
    assert cairo.windows(date(2026, 4, 26)) == [(utc(2026, 4, 26, 6), utc(2026, 4, 26, 14))]
    assert cairo.add_working(at("Africa/Cairo", 2026, 4, 23, 16), 2 * HOUR) == utc(2026, 4, 26, 7)


def test_a_cairo_night_shift_over_the_autumn_change_lasts_an_hour_longer() -> None:
    cairo = calendar("Thu 22:00-02:00", "Africa/Cairo")  # clocks go back at 24:00, Thursday 29 October 2026

    assert cairo.windows(date(2026, 10, 29)) == [(utc(2026, 10, 29, 19), utc(2026, 10, 30, 0))]
    assert cairo.working_seconds(utc(2026, 10, 29), utc(2026, 10, 31)) == 5 * HOUR


def test_london_across_the_spring_change() -> None:
    london = calendar("Mon-Fri 09:00-17:00", "Europe/London")  # BST from 01:00 GMT, Sunday 29 March 2026

    assert london.windows(date(2026, 3, 27)) == [(utc(2026, 3, 27, 9), utc(2026, 3, 27, 17))]
    assert london.windows(date(2026, 3, 30)) == [(utc(2026, 3, 30, 8), utc(2026, 3, 30, 16))]
    assert london.working_seconds(utc(2026, 3, 27, 9), utc(2026, 3, 30, 16)) == 16 * HOUR
    assert london.add_working(at("Europe/London", 2026, 3, 27, 16), 2 * HOUR) == at("Europe/London", 2026, 3, 30, 10)


def test_london_overnight_windows_over_both_changes() -> None:
    london = calendar("Sat 22:00-06:00", "Europe/London")

    assert london.windows(date(2026, 3, 28)) == [(utc(2026, 3, 28, 22), utc(2026, 3, 29, 5))]  # 7 hours
    assert london.windows(date(2026, 10, 24)) == [(utc(2026, 10, 24, 21), utc(2026, 10, 25, 6))]  # 9 hours


@pytest.mark.parametrize("tz", ["UTC", "Asia/Dubai", "Africa/Cairo", "Europe/London", "America/New_York"])
def test_round_the_clock_counts_every_real_second_across_dst(tz: str) -> None:
    always = calendar("24/7", tz)

    assert always.working_seconds(utc(2026, 1, 1), utc(2027, 1, 1)) == 365 * 24 * HOUR
    assert always.working_seconds(utc(2026, 4, 23, 12), utc(2026, 4, 24, 12)) == 24 * HOUR
    assert always.add_working(utc(2026, 3, 28, 12), 24 * HOUR) == utc(2026, 3, 29, 12)


# --- edges ----------------------------------------------------------------------------------------


def test_nothing_to_count_when_b_is_not_after_a() -> None:
    dubai = calendar("24/7")

    assert dubai.working_seconds(utc(2026, 1, 2), utc(2026, 1, 1)) == 0.0
    assert dubai.working_seconds(utc(2026, 1, 1), utc(2026, 1, 1)) == 0.0


def test_adding_no_time_waits_for_the_next_opening() -> None:
    dubai = calendar("Sun-Thu 09:00-18:00")
    friday = at("Asia/Dubai", 2026, 11, 27, 12)

    assert dubai.add_working(friday, 0) == dubai.next_open(friday) == at("Asia/Dubai", 2026, 11, 29, 9)
    assert dubai.next_open(at("Asia/Dubai", 2026, 11, 29, 12)) == at("Asia/Dubai", 2026, 11, 29, 12)
    with pytest.raises(ValueError, match="negative"):
        dubai.add_working(friday, -1)


def test_a_calendar_that_never_opens_says_so() -> None:
    closed = calendar("closed", holidays=frozenset({date(2026, 1, 1)}))

    assert closed.working_seconds(utc(2026, 1, 1), utc(2027, 1, 1)) == 0.0
    with pytest.raises(ValueError, match="no working hours within 400 days"):
        closed.next_open(utc(2026, 1, 1))
    with pytest.raises(ValueError, match="no working hours within 400 days"):
        closed.add_working(utc(2026, 1, 1), 60)


def test_hours_that_end_after_an_override_closes_them_run_out() -> None:
    only_ramadan = calendar("closed", overrides=(RAMADAN,))

    assert only_ramadan.working_seconds(utc(2026, 1, 1), utc(2027, 1, 1)) == 22 * 5 * HOUR
    with pytest.raises(ValueError, match="no working hours"):
        only_ramadan.add_working(utc(2026, 1, 1), 23 * 5 * HOUR)


def test_a_year_of_working_time_is_quick_to_count() -> None:
    busy = calendar("Sat-Wed 09:00-13:00,16:00-20:00; Thu 22:00-02:00", "Africa/Cairo", overrides=(RAMADAN,))

    seconds = min(timeit.repeat(lambda: busy.working_seconds(utc(2026, 1, 1), utc(2027, 1, 1)), number=1, repeat=3))

    assert seconds < 0.05


# --- properties -------------------------------------------------------------------------------------

ZONES = ["UTC", "Asia/Dubai", "Asia/Riyadh", "Africa/Cairo", "Europe/London", "America/New_York"]
SPECS = [
    "Sun-Thu 09:00-18:00",
    "Mon-Fri 09:00-17:30",
    "Sat-Wed 09:00-13:00,16:00-20:00",
    "Sun-Wed 09:00-17:00; Thu 09:00-13:00",
    "Sun-Thu 22:00-02:00",
    "Mon-Sun 23:30-00:30",
    "Fri 00:00-01:30,02:30-03:00",  # Cairo and London skip and repeat hours around here
    "Sat 22:00-01:30; Sun 01:45-03:00",
    "Sun 00:00-01:30,02:00-04:00",  # in London's spring gap the first ends after the second starts
    "Sat 12:00-12:01",
    "24/7",
]
START, END = datetime(2026, 1, 1), datetime(2027, 6, 30)


@st.composite
def week_specs(draw: st.DrawFn) -> str:
    """Random non-overlapping same-day windows on random days, on a 15-minute grid."""
    groups = []
    for day in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"):
        marks = sorted(draw(st.lists(st.integers(0, 96), max_size=6, unique=True)))
        windows = [f"{_quarter(a)}-{_quarter(b)}" for a, b in zip(marks[::2], marks[1::2])]
        if windows:
            groups.append(f"{day} {','.join(windows)}")
    assume(groups)
    return "; ".join(groups)


def _quarter(n: int) -> str:
    return f"{n // 4:02d}:{n % 4 * 15:02d}"


@st.composite
def calendars(draw: st.DrawFn) -> Calendar:
    weekly = parse_hours(draw(st.sampled_from(SPECS) | week_specs()))
    days = st.dates(START.date(), END.date())
    holidays = frozenset(draw(st.lists(days, max_size=5)))
    overrides: tuple[Override, ...] = ()
    if draw(st.booleans()):
        first, length = draw(days), draw(st.integers(0, 40))
        override = parse_hours(draw(st.sampled_from(SPECS)))
        overrides = (Override(first, first + timedelta(days=length), override),)
    return Calendar(draw(st.sampled_from(ZONES)), weekly, holidays, overrides)


instants = st.datetimes(START, END, timezones=st.sampled_from([UTC, ZoneInfo("Asia/Dubai"), ZoneInfo("Europe/London")]))


@settings(max_examples=150, deadline=None)
@given(calendars(), instants, instants)
def test_working_time_is_never_negative(cal: Calendar, a: datetime, b: datetime) -> None:
    assert cal.working_seconds(a, b) >= 0
    assert cal.working_seconds(a, b) <= max((b - a).total_seconds(), 0)


@settings(max_examples=150, deadline=None)
@given(calendars(), st.lists(instants, min_size=3, max_size=3))
def test_working_time_adds_up_across_splits(cal: Calendar, points: list[datetime]) -> None:
    a, b, c = sorted(points)

    assert cal.working_seconds(a, c) == pytest.approx(cal.working_seconds(a, b) + cal.working_seconds(b, c), abs=1e-6)


@settings(max_examples=150, deadline=None)
@given(calendars(), instants, st.floats(0, 8))
def test_add_working_adds_exactly_that_much_working_time(cal: Calendar, t: datetime, weeks: float) -> None:
    seconds = weeks * sum(end - start for day in cal.weekly.days for start, end in day) * 60  # up to 8 weeks' work
    later = cal.add_working(t, seconds)

    assert later >= t
    assert cal.working_seconds(t, later) == pytest.approx(seconds, abs=1e-6)


@settings(max_examples=150, deadline=None)
@given(calendars(), instants)
def test_next_open_is_open_and_nothing_is_skipped_to_reach_it(cal: Calendar, t: datetime) -> None:
    opening = cal.next_open(t)

    assert cal.is_open(opening)
    assert opening >= t and cal.working_seconds(t, opening) == 0
    assert cal.is_open(t) == (opening == t)


@settings(max_examples=100, deadline=None)
@given(calendars(), st.dates(START.date(), END.date()))
def test_windows_are_sorted_disjoint_and_open_inside(cal: Calendar, day: date) -> None:
    spans = cal.windows(day - timedelta(days=1)) + cal.windows(day)

    assert all(start < end and start.tzinfo == UTC for start, end in spans)
    assert all(end <= start for (_, end), (start, _) in zip(spans, spans[1:]))
    assert all(cal.is_open(start) and cal.is_open(end - timedelta(microseconds=1)) for start, end in spans)
