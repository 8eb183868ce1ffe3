"""The lanes file's working hours (calendars, holidays, Ramadan overrides, members), qualifying
outcomes, the weekly report and where weeks start."""

from __future__ import annotations

import copy
import tomllib
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.errors import ConfigError
from bot.lanes import HoursOverride, Member, parse_lanes
from bot.lanes.hours import Calendar, Override, parse_hours
from tests.lanes.examples import BASE, check_rule, line_of, problems_in


# --- working hours: calendars, holidays, Ramadan overrides, members ---------------------------

HOURS_EXAMPLE = """\
[workspace]
timezone = "Asia/Dubai"
business_hours = "Sun-Thu 09:00-18:00"
default_lane = "support"
holidays = ["2026-12-02", 2026-12-03]     # an ISO string or a TOML date

[[workspace.hours_overrides]]             # Ramadan
from = 2026-02-18
to = "2026-03-19"
hours = "Sun-Thu 10:00-15:00"

[[lanes]]
name = "sales"
channel = "C0SALES"
members = ["U0AAA", "U0BBB"]
business_hours = "Sat-Wed 09:00-13:00,16:00-20:00"
after_hours_pings = true
close_after = "3d"
digest_at = "08:30"

[[lanes]]
name = "support"
channel = "C0SUPPORT"

[members.U0AAA]
timezone = "Africa/Cairo"

[members.U0BBB]
business_hours = "Sun-Thu 22:00-02:00"
"""

RAMADAN_HOURS = HoursOverride(date(2026, 2, 18), date(2026, 3, 19), "Sun-Thu 10:00-15:00")


def test_working_hours_keys_parse() -> None:
    config = parse_lanes(tomllib.loads(HOURS_EXAMPLE), source=HOURS_EXAMPLE)

    assert config.workspace.holidays == (date(2026, 12, 2), date(2026, 12, 3))
    assert config.workspace.hours_overrides == (RAMADAN_HOURS,)
    sales, support = config.lane("sales"), config.lane("support")
    assert sales.business_hours == "Sat-Wed 09:00-13:00,16:00-20:00"
    assert (sales.after_hours_pings, sales.close_after, sales.digest_at) == (True, timedelta(days=3), time(8, 30))
    assert (support.business_hours, support.after_hours_pings, support.close_after, support.digest_at) == (
        None, False, timedelta(days=7), None
    )
    assert config.members == (Member("U0AAA", timezone="Africa/Cairo"), Member("U0BBB", None, "Sun-Thu 22:00-02:00"))


def test_a_calendar_takes_the_members_then_the_lanes_then_the_workspaces_hours() -> None:
    config = parse_lanes(tomllib.loads(HOURS_EXAMPLE))
    sales, support = config.lane("sales"), config.lane("support")
    holidays = frozenset({date(2026, 12, 2), date(2026, 12, 3)})
    ramadan = (Override(date(2026, 2, 18), date(2026, 3, 19), parse_hours("Sun-Thu 10:00-15:00")),)

    def expected(tz: str, spec: str) -> Calendar:
        return Calendar(tz, parse_hours(spec), holidays, ramadan)

    assert config.calendar() == expected("Asia/Dubai", "Sun-Thu 09:00-18:00")
    assert config.calendar(support) == config.calendar()
    assert config.calendar(sales) == expected("Asia/Dubai", "Sat-Wed 09:00-13:00,16:00-20:00")
    assert config.calendar(sales, "U0AAA") == expected("Africa/Cairo", "Sat-Wed 09:00-13:00,16:00-20:00")
    assert config.calendar(sales, "U0BBB") == expected("Asia/Dubai", "Sun-Thu 22:00-02:00")
    assert config.calendar(None, "U0BBB") == config.calendar(support, "U0BBB")
    assert config.calendar(sales, "U0NOBODY") == config.calendar(sales)
    assert not config.calendar().is_open(datetime(2026, 12, 2, 10, tzinfo=ZoneInfo("Asia/Dubai")))  # holiday


def test_calendars_are_built_once() -> None:
    first, again = parse_lanes(tomllib.loads(HOURS_EXAMPLE)), parse_lanes(tomllib.loads(HOURS_EXAMPLE))

    assert first.calendar(first.lane("sales")) is first.calendar(first.lane("sales"))
    assert first.calendar(first.lane("sales"), "U0AAA") is again.calendar(again.lane("sales"), "U0AAA")


def test_without_business_hours_every_hour_is_working_time() -> None:
    plain = parse_lanes({"workspace": {"default_lane": "a"}, "lanes": [{"name": "a", "channel": "C0A"}]})
    blank = parse_lanes(
        {"workspace": {"default_lane": "a", "business_hours": ""},
         "lanes": [{"name": "a", "channel": "C0A", "business_hours": ""}]}
    )

    assert plain.workspace.business_hours == "" and plain.workspace.holidays == () and plain.members == ()
    assert plain.calendar() == plain.calendar(plain.lane("a")) == Calendar("UTC", parse_hours("24/7"))
    assert blank.calendar(blank.lane("a")) == Calendar("UTC", parse_hours("24/7"))
    assert blank.lane("a").business_hours is None


OVERLAPPING_RAMADAN = {"from": "2026-03-01", "to": "2026-03-05", "hours": "closed"}

HOURS_RULES = [
    (("workspace", "business_hours"), "Sun-Thu 9-6", "workspace.business_hours: bad time '9' (use HH:MM"),
    (("workspace", "business_hours"), "Sun-Thu 09:00-13:00,12:00-18:00",
     "workspace.business_hours: Mon 09:00-13:00 overlaps Mon 12:00-18:00"),
    (("workspace", "business_hours"), "Sun-Wed 22:00-02:00; Thu 01:00-09:00",
     "workspace.business_hours: Wed 22:00-02:00 overlaps Thu 01:00-09:00"),
    (("workspace", "business_hours"), "Sundy-Thu 09:00-18:00", "workspace.business_hours: unknown day 'Sundy'"),
    (("workspace", "holidays"), "2026-12-02", "workspace.holidays: expected an array of dates, got string"),
    (("workspace", "holidays"), ["2026-13-01"], "workspace.holidays[0]: not a date like 2026-12-02: '2026-13-01'"),
    (("workspace", "holidays"), ["02/12/2026"], "workspace.holidays[0]: not a date like 2026-12-02"),
    (("workspace", "holidays"), ["20261202"], "workspace.holidays[0]: not a date like 2026-12-02"),
    (("workspace", "holidays"), [20261202], "workspace.holidays[0]: expected a date like 2026-12-02, got integer"),
    (("workspace", "holidays"), [datetime(2026, 12, 2, 9)],
     "workspace.holidays[0]: expected a date, not a date and time"),
    (("workspace", "holidays"), ["2026-12-02", date(2026, 12, 2)], "workspace.holidays[1]: duplicate '2026-12-02'"),
    (("workspace", "hours_overrides"), {"from": "2026-02-18"},
     "workspace.hours_overrides: expected an array of tables ([[workspace.hours_overrides]]), got table"),
    (("workspace", "hours_overrides"), [{"from": "2026-03-19", "to": "2026-02-18", "hours": "24/7"}],
     "workspace.hours_overrides[0].to: 2026-02-18 is before from (2026-03-19)"),
    (("workspace", "hours_overrides"), [{"from": "2026-02-18", "to": "2026-03-19"}],
     "workspace.hours_overrides[0].hours: required key is missing"),
    (("workspace", "hours_overrides"), [{"form": "2026-02-18", "to": "2026-03-19", "hours": "closed"}],
     "workspace.hours_overrides[0].form: unknown key (did you mean 'from'?)"),
    (("workspace", "hours_overrides"), [{"from": "18/02/2026", "to": "2026-03-19", "hours": "closed"}],
     "workspace.hours_overrides[0].from: not a date like 2026-12-02"),
    (("workspace", "hours_overrides"), [{"from": "2026-02-18", "to": "2026-03-19", "hours": "Sun-Thu 10-15"}],
     "workspace.hours_overrides[0].hours: bad time '10'"),
    (("workspace", "hours_overrides"),
     [{"from": "2026-02-18", "to": "2026-03-19", "hours": "Sun-Thu 10:00-15:00"}, OVERLAPPING_RAMADAN],
     "workspace.hours_overrides[1]: dates overlap workspace.hours_overrides[0] (2026-02-18 to 2026-03-19)"),
    (("lanes", 0, "business_hours"), "Fri-Sat", "lanes[0].business_hours: expected days and times"),
    (("lanes", 0, "business_hours"), 9, "lanes[0].business_hours: expected a string, got integer"),
    (("lanes", 0, "after_hours_pings"), "yes", "lanes[0].after_hours_pings: expected true or false, got string"),
    (("lanes", 0, "close_after"), "7 days", "lanes[0].close_after: not a duration like 30s, 5m, 2h or 1d"),
    (("lanes", 0, "digest_at"), "9am", "lanes[0].digest_at: not a time like 09:00 (HH:MM, 24-hour): '9am'"),
    (("lanes", 0, "digest_at"), "24:00", "lanes[0].digest_at: not a time like 09:00"),
    (("lanes", 0, "digest_at"), time(9), "lanes[0].digest_at: expected a string, got date/time"),
    (("members",), "U0AAA", "members: expected a table [members.U0AAA], got string"),
    (("members",), {"bob": {"timezone": "UTC"}}, "members.bob: not a Slack user id: 'bob'"),
    (("members",), {"@bob": {}}, "members.@bob: not a Slack user id: '@bob' (use the id, not the name)"),
    (("members",), {"U0AAA": "Asia/Dubai"}, "members.U0AAA: expected a table [members.U0AAA], got string"),
    (("members",), {"U0AAA": {"timezone": "Asia/Dubay"}},
     "members.U0AAA.timezone: unknown time zone 'Asia/Dubay' (use an IANA name like Asia/Riyadh)"),
    (("members",), {"U0AAA": {"tz": "Asia/Dubai"}}, "members.U0AAA.tz: unknown key"),
    (("members",), {"U0AAA": {"business_hours": "Sun 22:00-02:00; Mon 01:00-03:00"}},
     "members.U0AAA.business_hours: Sun 22:00-02:00 overlaps Mon 01:00-03:00"),
    (("workspace", "holidays"), [date(2026, 12, 2), "2026-12-03"], None),
    (("workspace", "business_hours"), "24/7", None),
    (("workspace", "business_hours"), "closed", None),
    (("workspace", "hours_overrides"), [{"from": "2026-03-20", "to": "2026-03-22", "hours": ""}], None),
    (("lanes", 0, "digest_at"), "23:59", None),
    (("lanes", 0, "close_after"), "12h", None),
    (("members",), {"W0ENTERPRISE": {}, "U0AAA": {"timezone": "Asia/Riyadh", "business_hours": "Sat-Wed 08:00-16:00"}},
     None),
]


@pytest.mark.parametrize(
    ("path", "value", "expected"), HOURS_RULES, ids=[str(rule[:2])[:60] for rule in HOURS_RULES]
)
def test_each_working_hours_rule(path: tuple[Any, ...], value: Any, expected: str | None) -> None:
    check_rule(path, value, expected)


BROKEN_HOURS = """\
[workspace]
timezone = "Asia/Dubai"
business_hours = "Sun-Thu 09:00-13:00,12:00-18:00"
default_lane = "sales"
holidays = [
    "2026-12-02",
    "2026-12-32",
]

[[workspace.hours_overrides]]
from = "2026-03-19"
to = "2026-02-18"
hours = "Sun-Thu 10:00-15:00"

[[workspace.hours_overrides]]
from = 2026-12-01
to = 2026-12-04
hours = "Sun–Thu 10:00-15:00"    # an en dash, pasted from a document

[[lanes]]
name = "sales"
channel = "C0SALES"
business_hours = "Sun-Thu 22:00-02:00; Fri 01:00-03:00"
digest_at = "8:30"

[members.U0AAA]
timezone = "Asia/Dubay"

[members.bob]
business_hours = "24/7"
"""


def test_working_hours_problems_are_reported_with_their_lines() -> None:
    line = lambda needle, occurrence=0: line_of(BROKEN_HOURS, needle, occurrence)  # noqa: E731

    assert problems_in(BROKEN_HOURS) == [
        f"workspace.business_hours (line {line('business_hours')}): Mon 09:00-13:00 overlaps Mon 12:00-18:00",
        # an item of a multi-line array is placed on its key's line
        f"workspace.holidays[1] (line {line('holidays')}): not a date like 2026-12-02: '2026-12-32'",
        f"workspace.hours_overrides[0].to (line {line('to = ')}): 2026-02-18 is before from (2026-03-19)",
        f"workspace.hours_overrides[1].hours (line {line('Sun–Thu')}): unknown day 'Sun–Thu' "
        "(use Mon, Tue, Wed, Thu, Fri, Sat, Sun)",
        f"lanes[0].business_hours (line {line('business_hours', 1)}): Thu 22:00-02:00 overlaps Fri 01:00-03:00",
        f"lanes[0].digest_at (line {line('digest_at')}): not a time like 09:00 (HH:MM, 24-hour): '8:30'",
        f"members.U0AAA.timezone (line {line('Asia/Dubay')}): unknown time zone 'Asia/Dubay' "
        "(use an IANA name like Asia/Riyadh)",
        f"members.bob (line {line('[members.bob]')}): not a Slack user id: 'bob'",
    ]


# --- reports: qualifying outcomes, the weekly report, where weeks start --------------------


def _with(**top: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    for key, value in top.items():
        data[key] = value
    return data


def test_qualifying_outcomes_default_to_qualified_and_must_be_outcomes() -> None:
    assert parse_lanes(BASE).qualifying == ("Qualified",)
    chosen = _with(outcomes={"names": ["Qualified", "Proposal fit", "Non-fit"], "qualified": ["Proposal fit"]})
    assert parse_lanes(chosen).qualifying == ("Proposal fit",)
    assert parse_lanes(_with(outcomes={"names": ["Won", "Lost"]})).qualifying == ()
    with pytest.raises(ConfigError) as raised:
        parse_lanes(_with(outcomes={"names": ["Qualified"], "qualified": ["Won"]}))
    assert raised.value.problems == ["outcomes.qualified[0]: 'Won' is not in outcomes.names"]


def test_the_weekly_report_needs_a_day_a_time_and_a_channel() -> None:
    weekly = parse_lanes(_with(weekly_report={"day": "sunday", "at": "09:30", "channel": "C0LEADS"})).weekly_report
    assert weekly is not None and (weekly.day, weekly.at, weekly.channel) == (6, time(9, 30), "C0LEADS")
    with pytest.raises(ConfigError) as raised:
        parse_lanes(_with(weekly_report={"day": "Sunday-ish", "channel": "#leads"}))
    assert raised.value.problems == [
        "weekly_report.at: required key is missing",
        "weekly_report.day: not a day like Sun or Mon: 'Sunday-ish'",
        "weekly_report.channel: not a Slack channel id: '#leads' (use the id, not the name)",
    ]


@pytest.mark.parametrize("hours, week_starts, expected", [
    ("Sun-Thu 09:00-18:00", None, 6), ("Mon-Fri 09:00-17:00", None, 0), ("Sat-Wed 09:00-17:00", None, 5),
    ("24/7", None, 0), ("", None, 0), ("Sun-Thu 09:00-18:00", "Mon", 0),
])
def test_weeks_start_on_the_first_working_day_unless_set(hours: str, week_starts: str | None, expected: int) -> None:
    data = copy.deepcopy(BASE)
    data["workspace"]["business_hours"] = hours
    if week_starts:
        data["workspace"]["week_starts"] = week_starts
    if not hours:
        del data["workspace"]["business_hours"]
    assert parse_lanes(data).week_start == expected
