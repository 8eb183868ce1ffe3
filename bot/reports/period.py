"""The period a report covers, from how a person names it (`7d`, `last-week`, `2026-11-01..2026-11-15`).

Pure: `now` is passed in. Days are local days in the workspace's time zone, so a period's
bounds are local midnights converted to UTC, right across daylight-saving changes (a day
can be 23 or 25 hours long, and in some zones midnight itself is skipped).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.reports.model import Period

MAX_DAYS = 366
DEFAULT_PERIOD = "7d"
PERIOD_EXAMPLES = (
    "`today`, `yesterday`, `7d`, `30d` (any `1d`–`366d`), `this-week`, `last-week`, "
    "`this-month`, `last-month`, `2026-11-01..2026-11-15`, `2026-11-01`"
)
"""The accepted forms, for usage lines (Slack mrkdwn)."""

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAYS = re.compile(r"([0-9]+)d")
_DATE = r"([0-9]{4}-[0-9]{2}-[0-9]{2})"
_RANGE = re.compile(rf"{_DATE}(?:\s*\.\.\s*{_DATE})?")


def parse_period(text: str | None, *, tz: str, now: datetime, week_start: int) -> Period:
    """The period `text` names, in the time zone `tz`, as of `now` (aware); None or blank: `7d`.

    `week_start` is the weekday weeks start on (0 = Monday, 6 = Sunday). Raises `ValueError`
    with a short reason (which never repeats unchecked input) when `text` is not a period.
    """
    if now.tzinfo is None:
        raise TypeError("now must be an aware datetime")
    zone = ZoneInfo(tz)
    key = (text or "").strip().casefold() or DEFAULT_PERIOD
    today = now.astimezone(zone).date()
    first, last, label = _days(key, today, week_start)
    try:
        start = datetime.combine(first, time(0), tzinfo=zone).astimezone(UTC)
        end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    except OverflowError:
        raise ValueError("dates out of range") from None
    return Period(start=start, end=end, first_day=first, last_day=last, label=label, tz=tz)


def _days(key: str, today: date, week_start: int) -> tuple[date, date, str]:
    """(first day, last day, label) for the folded, stripped `key`."""
    week_first = today - timedelta(days=(today.weekday() - week_start) % 7)
    month_first = today.replace(day=1)
    if key == "today":
        return today, today, f"today ({span(today, today)})"
    if key == "yesterday":
        day = today - timedelta(days=1)
        return day, day, f"yesterday ({span(day, day)})"
    if key == "this-week":
        return week_first, today, f"this week ({span(week_first, today)})"
    if key == "last-week":
        first, last = week_first - timedelta(days=7), week_first - timedelta(days=1)
        return first, last, f"last week ({span(first, last)})"
    if key == "this-month":
        return month_first, today, f"this month ({span(month_first, today)})"
    if key == "last-month":
        last = month_first - timedelta(days=1)
        first = last.replace(day=1)
        return first, last, f"last month ({span(first, last)})"
    if match := _DAYS.fullmatch(key):
        count = int(match[1])
        if not 1 <= count <= MAX_DAYS:
            raise ValueError(f"days go from 1d to {MAX_DAYS}d")
        first = today - timedelta(days=count - 1)
        unit = "day" if count == 1 else "days"
        return first, today, f"last {count} {unit} ({span(first, today)})"
    if match := _RANGE.fullmatch(key):
        first = _date(match[1])
        last = _date(match[2]) if match[2] else first
        if last < first:
            raise ValueError(f"it ends ({span(last, last)}) before it starts ({span(first, first)})")
        days = (last - first).days + 1
        if days > MAX_DAYS:
            raise ValueError(f"that is {days} days; at most {MAX_DAYS}")
        return first, last, span(first, last)
    raise ValueError("not a period I know")


def _date(text: str) -> date:
    """An ISO date already matched as `NNNN-NN-NN`."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text} is not a date") from None


def span(first: date, last: date) -> str:
    """Local days as short English text: `Sun 22 Nov 2026`, `16–22 Nov 2026`,
    `28 Oct – 3 Nov 2026`, `28 Dec 2026 – 3 Jan 2027`."""
    if first == last:
        return f"{_WEEKDAYS[first.weekday()]} {_day(first)}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{_day(last)}"
    if first.year == last.year:
        return f"{first.day} {_MONTHS[first.month - 1]} – {_day(last)}"
    return f"{_day(first)} – {_day(last)}"


def _day(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
