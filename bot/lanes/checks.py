"""Reading values out of the lanes file's tables, collecting every problem with its key path.

`Checker` is what `bot.lanes.parse` reads each table through; the small value checks
(Slack ids, option texts, time zones) beside it. Pure: standard library only.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.lanes.hours import DAY_NAMES, parse_hours
from bot.lanes.model import parse_duration
from bot.lanes.source import join_key, key_lines, line_of

SLACK_OPTION_TEXT_MAX = 75  # Slack's limit for a select option's text
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME_OF_DAY = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")
MISSING = object()  # a key that is not in its table


def lane_ref(check: Checker, name: str, path: str, lane_names: list[str]) -> None:
    if lane_names and name not in lane_names:
        check.add(path, f"no lane named {name!r} (lanes: {', '.join(dict.fromkeys(lane_names))})")


def is_timezone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def not_blank(value: str) -> str | None:
    return None if value.strip() else "must not be empty"


def option_text(value: str) -> str | None:
    if not value.strip():
        return "must not be empty"
    if len(value) > SLACK_OPTION_TEXT_MAX:
        return f"longer than {SLACK_OPTION_TEXT_MAX} characters (Slack's limit for option text)"
    return None


def id_check(pattern: re.Pattern[str], what: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        return None if pattern.fullmatch(value) else not_an_id(value, what)

    return check


def not_an_id(value: str, what: str) -> str:
    hint = " (use the id, not the name)" if value.startswith(("#", "@")) else ""
    return f"not a Slack {what} id: {value!r}{hint}"


def type_name(value: object) -> str:
    names = {bool: "boolean", str: "string", int: "integer", float: "float", list: "array", dict: "table"}
    return names.get(type(value), "date/time")


class Checker:
    """Collects problems as (key path, message) while reading values out of tables."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append((path, message))

    def report(self, source: str | None) -> list[str]:
        """Problems as `path (line N): message`, in file order when lines are known."""
        index = key_lines(source) if source is not None else {}
        located = [(line_of(path, index), path, message) for path, message in self.problems]
        located.sort(key=lambda item: item[0] if item[0] is not None else float("inf"))
        return [
            f"{path or 'lanes file'}{f' (line {line})' if line else ''}: {message}"
            for line, path, message in located
        ]

    def table(self, value: object, path: str, shape: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        if value is MISSING:
            self.add(path, f"required table {shape} is missing")
        else:
            self.add(path, f"expected a table {shape}, got {type_name(value)}")
        return None

    def array_of_tables(self, value: object, path: str) -> list[Any] | None:
        if value is MISSING:
            return None
        if isinstance(value, list):
            return value
        self.add(path, f"expected an array of tables ([[{path}]]), got {type_name(value)}")
        return None

    def known_keys(self, table: dict[str, Any], path: str, allowed: Iterable[str]) -> None:
        allowed = tuple(allowed)
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                self.add(join_key(path, key), f"unknown key{hint}")

    def text(
        self, table: dict[str, Any], key: str, path: str, *, required: bool = False, default: str | None = None
    ) -> str | None:
        value = table.get(key, MISSING)
        if value is MISSING:
            if required:
                self.add(join_key(path, key), "required key is missing")
            return default
        if not isinstance(value, str):
            self.add(join_key(path, key), f"expected a string, got {type_name(value)}")
            return None
        return value

    def slack_id(
        self, table: dict[str, Any], key: str, path: str, pattern: re.Pattern[str], what: str, *, required: bool = False
    ) -> str | None:
        value = self.text(table, key, path, required=required)
        if value is not None and not pattern.fullmatch(value):
            self.add(join_key(path, key), not_an_id(value, what))
        return value

    def choice(self, table: dict[str, Any], key: str, path: str, options: tuple[str, ...], default: str) -> str:
        value = self.text(table, key, path, default=default)
        if value is not None and value not in options:
            self.add(join_key(path, key), f"{value!r} is not one of {' | '.join(options)}")
        return value or default

    def duration(self, table: dict[str, Any], key: str, path: str) -> timedelta | None:
        value = self.text(table, key, path)
        if value is None:
            return None
        try:
            return parse_duration(value)
        except ValueError as exc:
            self.add(join_key(path, key), str(exc))
            return None

    def hours(self, table: dict[str, Any], key: str, path: str, *, required: bool = False) -> str | None:
        """A working-hours spec (`Sun-Thu 09:00-18:00`, `24/7`, `closed`); None when absent or wrong."""
        value = self.text(table, key, path, required=required)
        if value is None:
            return None
        try:
            parse_hours(value)
        except ValueError as exc:
            self.add(join_key(path, key), str(exc))
            return None
        return value

    def iso_date(self, table: dict[str, Any], key: str, path: str, *, required: bool = False) -> date | None:
        value = table.get(key, MISSING)
        if value is MISSING:
            if required:
                self.add(join_key(path, key), "required key is missing")
            return None
        problem, day = _to_date(value)
        if problem:
            self.add(join_key(path, key), problem)
        return day

    def iso_dates(self, table: dict[str, Any], key: str, path: str) -> tuple[date, ...]:
        value = table.get(key, [])
        if not isinstance(value, list):
            self.add(join_key(path, key), f"expected an array of dates, got {type_name(value)}")
            return ()
        days: list[date] = []
        for index, item in enumerate(value):
            problem, day = _to_date(item)
            if day is not None and day in days:
                problem = f"duplicate {day.isoformat()!r}"
            if problem:
                self.add(f"{join_key(path, key)}[{index}]", problem)
            elif day is not None:
                days.append(day)
        return tuple(days)

    def time_of_day(self, table: dict[str, Any], key: str, path: str) -> time | None:
        value = self.text(table, key, path)
        match = _TIME_OF_DAY.fullmatch(value) if value is not None else None
        if value is not None and match is None:
            self.add(join_key(path, key), f"not a time like 09:00 (HH:MM, 24-hour): {value!r}")
        return time(int(match[1]), int(match[2])) if match else None

    def weekday(self, table: dict[str, Any], key: str, path: str) -> int | None:
        """A day name (`Sun`, `sunday`, any case) as a weekday number, 0 = Monday."""
        value = self.text(table, key, path)
        if value is None:
            return None
        names = {name.casefold(): index for index, name in enumerate(DAY_NAMES)}
        full = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        names |= {name: index for index, name in enumerate(full)}
        if value.strip().casefold() not in names:
            self.add(join_key(path, key), f"not a day like Sun or Mon: {value!r}")
            return None
        return names[value.strip().casefold()]

    def count(self, table: dict[str, Any], key: str, path: str) -> int:
        value = table.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(join_key(path, key), f"expected a whole number, got {type_name(value)}")
            return 0
        if value < 0:
            self.add(join_key(path, key), "must not be negative")
        return value

    def flag(self, table: dict[str, Any], key: str, path: str, default: bool = False) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.add(join_key(path, key), f"expected true or false, got {type_name(value)}")
            return default
        return value

    def string_list(
        self,
        table: dict[str, Any],
        key: str,
        path: str,
        item_problem: Callable[[str], str | None],
        *,
        unique: bool = False,
    ) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list):
            self.add(join_key(path, key), f"expected an array of strings, got {type_name(value)}")
            return ()
        items: list[str] = []
        for index, item in enumerate(value):
            item_path = f"{join_key(path, key)}[{index}]"
            if not isinstance(item, str):
                problem: str | None = f"expected a string, got {type_name(item)}"
            elif unique and item in items:
                problem = f"duplicate {item!r}"
            else:
                problem = item_problem(item)
            if problem:
                self.add(item_path, problem)
            if isinstance(item, str):
                items.append(item)
        return tuple(items)


def _to_date(value: object) -> tuple[str | None, date | None]:
    """A TOML date (`2026-12-02`) or an ISO date string, as (problem, date)."""
    if isinstance(value, datetime):
        return "expected a date, not a date and time", None
    if isinstance(value, date):
        return None, value
    if not isinstance(value, str):
        return f"expected a date like 2026-12-02, got {type_name(value)}", None
    if _ISO_DATE.fullmatch(value):
        try:
            return None, date.fromisoformat(value)
        except ValueError:
            pass
    return f"not a date like 2026-12-02: {value!r}", None
