"""Working hours as Gulf and MENA teams keep them, and working time measured on them.

`parse_hours(spec)` reads a weekly spec such as `"Sun-Thu 09:00-18:00"`,
`"Sat-Wed 09:00-13:00,16:00-20:00"` or `"Sun-Wed 09:00-17:00; Thu 09:00-13:00"`.
A `Calendar` puts weekly hours in a time zone, with holidays and dated overrides (Ramadan
hours), and answers in aware datetimes: is it open, how much working time lies between two
instants, when will so much working time have passed.

Windows are local wall-clock times, so a 09:00 start stays 09:00 across a DST change; a
window belongs to the local date it starts on (`22:00-02:00` is that evening's shift).
Pure: standard library only, no clock reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["Calendar", "Override", "WeeklyHours", "parse_hours"]

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # index = date.weekday()
HORIZON_DAYS = 400  # looking further than this for an open window means there is none
_DAY = timedelta(days=1)
_MINUTES_PER_DAY = 24 * 60
_DAY_INDEX = {name.casefold(): index for index, name in enumerate(DAY_NAMES)} | {
    full: index
    for index, full in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
}
_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})")
_GROUP = re.compile(r"(\S+)\s+(.+)")

Window = tuple[int, int]  # minutes after local midnight; an overnight window ends past 1440
Span = tuple[datetime, datetime]  # aware UTC, start < end


@dataclass(frozen=True)
class WeeklyHours:
    """Windows for each weekday (index 0 = Monday), sorted, not overlapping."""

    days: tuple[tuple[Window, ...], ...] = ((),) * 7

    def on(self, weekday: int) -> tuple[Window, ...]:
        return self.days[weekday]

    @property
    def is_never_open(self) -> bool:
        return not any(self.days)


@dataclass(frozen=True)
class Override:
    """Weekly hours that replace the usual ones from `start` to `end`, both included."""

    start: date
    end: date
    weekly: WeeklyHours


def parse_hours(spec: str) -> WeeklyHours:
    """Weekly hours from a spec; `"24/7"`; `"closed"` or empty for never open.

    A spec is day groups separated by `;`, each `DAYS TIMES`: DAYS is a day (`Sun`), a range
    (`Sun-Thu`, wrapping like `Sat-Wed`) or a comma list of those; TIMES is `HH:MM-HH:MM`
    windows separated by `,`, or `closed`. Raises ValueError naming the problem.
    """
    if not isinstance(spec, str):
        raise ValueError(f"expected working hours as text, got {type(spec).__name__}")
    text = spec.strip()
    if text.casefold() in ("", "closed"):
        return WeeklyHours()
    if text.casefold() == "24/7":
        return WeeklyHours((((0, _MINUTES_PER_DAY),),) * 7)
    days: list[tuple[Window, ...] | None] = [None] * 7
    for group in text.split(";"):
        match = _GROUP.fullmatch(group.strip())
        if match is None:
            raise ValueError(f"expected days and times like 'Sun-Thu 09:00-18:00', got {group.strip()!r}")
        days_listed, windows = _days(match[1]), _windows(match[2])
        for day in days_listed:
            if days[day] is not None:
                raise ValueError(f"{DAY_NAMES[day]} is listed twice")
            days[day] = windows
    weekly = WeeklyHours(tuple(day or () for day in days))
    _check_overlaps(weekly)
    return weekly


def _days(text: str) -> list[int]:
    days: list[int] = []
    for part in text.split(","):
        first, dash, last = part.partition("-")
        start, end = _day(first), _day(last) if dash else _day(first)
        if dash and start == end:
            raise ValueError(f"day range {part!r} starts and ends on the same day")
        days += [(start + step) % 7 for step in range((end - start) % 7 + 1)]
    return days


def _day(name: str) -> int:
    try:
        return _DAY_INDEX[name.strip().casefold()]
    except KeyError:
        raise ValueError(f"unknown day {name.strip()!r} (use {', '.join(DAY_NAMES)})") from None


def _windows(text: str) -> tuple[Window, ...]:
    if text.strip().casefold() == "closed":
        return ()
    windows: list[Window] = []
    for part in text.split(","):
        first, dash, last = part.strip().partition("-")
        if not dash:
            raise ValueError(f"expected a window like 09:00-18:00, got {part.strip()!r}")
        start, end = _minutes(first), _minutes(last)
        if start == _MINUTES_PER_DAY:
            raise ValueError(f"a window cannot start at 24:00: {part.strip()!r}")
        if end == start:
            raise ValueError(f"window {part.strip()!r} ends when it starts")
        windows.append((start, end if end > start else end + _MINUTES_PER_DAY))  # overnight
    return tuple(sorted(windows))


def _minutes(text: str) -> int:
    match = _TIME.fullmatch(text.strip())
    hours, minutes = (int(match[1]), int(match[2])) if match else (-1, -1)
    if not (0 <= hours < 24 and 0 <= minutes < 60) and (hours, minutes) != (24, 0):
        raise ValueError(f"bad time {text.strip()!r} (use HH:MM, 00:00 to 24:00)")
    return hours * 60 + minutes


def _check_overlaps(weekly: WeeklyHours) -> None:
    for day in range(7):
        previous = (day - 1) % 7
        # The part of yesterday's overnight windows that runs into today, then today's own.
        spilled = [(start - _MINUTES_PER_DAY, end - _MINUTES_PER_DAY, previous)
                   for start, end in weekly.on(previous) if end > _MINUTES_PER_DAY]
        windows = spilled + [(start, end, day) for start, end in weekly.on(day)]
        for (start_a, end_a, day_a), (start_b, end_b, day_b) in zip(windows, windows[1:]):
            if start_b < end_a:
                raise ValueError(
                    f"{DAY_NAMES[day_a]} {_clock(start_a)}-{_clock(end_a)} overlaps "
                    f"{DAY_NAMES[day_b]} {_clock(start_b)}-{_clock(end_b)}"
                )


def _clock(minutes: int) -> str:
    minutes %= _MINUTES_PER_DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class Calendar:
    """Weekly hours in an IANA time zone, with holidays (no windows start on them) and overrides."""

    tz: str
    weekly: WeeklyHours
    holidays: frozenset[date] = frozenset()
    overrides: tuple[Override, ...] = ()

    def __post_init__(self) -> None:
        try:
            zone = ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise ValueError(f"unknown time zone {self.tz!r}") from None
        for override in self.overrides:
            if override.end < override.start:
                raise ValueError(f"override ends ({override.end}) before it starts ({override.start})")
        object.__setattr__(self, "_zone", zone)

    def is_open(self, t: datetime) -> bool:
        days = self._days(self._local_date(t) - _DAY)
        yesterday, today = next(days)[1], next(days)[1]
        return any(start <= t < end for start, end in yesterday + today)

    def next_open(self, t: datetime) -> datetime:
        """`t` if open, else the start of the next working window (UTC)."""
        for start, _ in self._spans_after(t):
            return start
        raise ValueError(f"no working hours within {HORIZON_DAYS} days after {t.isoformat()}")

    def working_seconds(self, a: datetime, b: datetime) -> float:
        """Working time between two instants, in seconds; 0 if `b <= a`."""
        if b <= a:
            return 0.0
        last_day, total = self._local_date(b), timedelta()
        for day, spans in self._days(self._local_date(a) - _DAY):
            if day > last_day:
                break
            for start, end in spans:
                total += max(min(end, b) - max(start, a), timedelta())
        return total.total_seconds()

    def add_working(self, t: datetime, seconds: float) -> datetime:
        """The instant (UTC) at which `seconds` of working time have passed since `t`."""
        if seconds < 0:
            raise ValueError(f"seconds must not be negative: {seconds}")
        if seconds == 0:
            return self.next_open(t)
        left = timedelta(seconds=seconds)
        for start, end in self._spans_after(t):
            if left <= end - start:
                return start + left
            left -= end - start
        raise ValueError(f"no working hours within {HORIZON_DAYS} days after {t.isoformat()}")

    def windows(self, day: date) -> list[Span]:
        """The working windows (aware UTC) that start on local date `day`."""
        return next(self._days(day))[1]

    # --- internals ------------------------------------------------------------------------

    def _local_date(self, t: datetime) -> date:
        if t.utcoffset() is None:
            raise ValueError(f"expected an aware datetime, got {t.isoformat()}")
        return t.astimezone(self._zone).date()  # type: ignore[attr-defined]

    def _weekly_on(self, day: date) -> WeeklyHours:
        for override in self.overrides:
            if override.start <= day <= override.end:
                return override.weekly
        return self.weekly

    def _raw(self, day: date) -> list[Span]:
        """`day`'s windows in UTC as the wall clock reads them (a time DST skips reads as fold 0)."""
        if day in self.holidays:
            return []
        midnight, zone = datetime.combine(day, time()), self._zone  # type: ignore[attr-defined]
        return [
            (
                (midnight + timedelta(minutes=start)).replace(tzinfo=zone).astimezone(timezone.utc),
                (midnight + timedelta(minutes=end)).replace(tzinfo=zone).astimezone(timezone.utc),
            )
            for start, end in self._weekly_on(day).on(day.weekday())
        ]

    def _days(self, first: date) -> Iterator[tuple[date, list[Span]]]:
        """Each local date from `first` on with its windows, in order and never overlapping.

        Only around a DST gap can wall-clock windows overlap in real time; a later window is
        then trimmed to start where the earlier one ends.
        """
        bound = max((end for _, end in self._raw(first - _DAY)), default=None)
        day = first
        while True:
            spans: list[Span] = []
            for start, end in self._raw(day):
                start = max(start, bound) if bound is not None else start
                if start < end:
                    spans.append((start, end))
                    bound = end
            yield day, spans
            day += _DAY

    def _spans_after(self, t: datetime) -> Iterator[Span]:
        """Working time after `t`, window by window (the first may start at `t`); stops after
        `HORIZON_DAYS` days without any window."""
        idle = 0
        for _, spans in self._days(self._local_date(t) - _DAY):
            idle = 0 if spans else idle + 1
            if idle > HORIZON_DAYS:
                return
            for start, end in spans:
                if end > t:
                    yield max(start, t), end
