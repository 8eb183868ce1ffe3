"""The lanes file as frozen, typed objects.

`parse_lanes(mapping, source=...)` is pure: it takes the decoded TOML (and optionally its
text, to name lines in errors) and returns a `LanesConfig` or raises `ConfigError` listing
every problem as `key (line N): message`. `load_lanes(path)` is the only function here
that touches the file system.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import ConfigError
from bot.lanes_source import join_key, key_lines, line_of

if TYPE_CHECKING:
    from bot.routing.calendar import Calendar

ASSIGN_MODES = ("manual", "round_robin", "least_loaded")
THEN_ACTIONS = ("reassign", "escalate")
SLACK_OPTION_TEXT_MAX = 75  # Slack's limit for a select option's text

# Matched with `fullmatch`.
CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{2,}")
USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
USER_GROUP_ID = re.compile(r"S[A-Z0-9]{2,}")
ENTRY_REF = re.compile(r"[\w-]+")  # letters, digits, "-" and "_"
_DURATION = re.compile(r"([0-9]+)([smhd])")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME_OF_DAY = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")
ALWAYS_OPEN = "24/7"  # the hours when no business_hours is set anywhere
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


@dataclass(frozen=True)
class HoursOverride:
    """`[[workspace.hours_overrides]]`: hours that replace the usual ones on dates `start`..`end` (included)."""

    start: date
    end: date
    hours: str


@dataclass(frozen=True)
class Workspace:
    timezone: str = "UTC"
    business_hours: str = ""
    default_lane: str = ""
    escalation_channel: str | None = None
    note_prefix: str = "note:"
    # Inbound words (whole message, any case) that opt a contact out of / back into messages.
    opt_out_words: tuple[str, ...] = ("STOP", "UNSUBSCRIBE", "إلغاء")
    opt_in_words: tuple[str, ...] = ("START",)
    leads: tuple[str, ...] = ()  # Slack user ids who lead every lane
    # Sent on WhatsApp when a customer writes outside working hours (once per closed
    # period); "{back}" becomes when the team is back. Empty: no automatic reply.
    after_hours_reply: str = ""
    holidays: tuple[date, ...] = ()  # no working hours start on these local dates
    hours_overrides: tuple[HoursOverride, ...] = ()  # e.g. Ramadan hours
    week_starts: int | None = None  # weekday (0 = Monday) reports' weeks start on; None: from business_hours


@dataclass(frozen=True)
class Lane:
    name: str
    channel: str
    members: tuple[str, ...] = ()
    mention: str | None = None
    assign: str = "manual"
    claim_within: timedelta | None = None
    repings: int = 0
    then: str = "escalate"
    reply_within: timedelta | None = None
    keywords: tuple[str, ...] = ()
    alerts_only: bool = False  # nothing in this lane's threads is sent to WhatsApp
    sign_replies: bool = False  # append "— Name" to replies sent from this lane
    leads: tuple[str, ...] = ()  # may reassign, close and move, besides the owner
    max_open: int = 0  # open conversations a member may own before auto-assign skips them; 0 = no limit
    first_reply_claims: bool = False  # the first member to reply in an unclaimed thread owns it
    business_hours: str | None = None  # replaces the workspace's hours for this lane
    after_hours_pings: bool = False  # ping outside working hours too (hot leads)
    close_after: timedelta = timedelta(days=7)  # waiting for the customer this long: close as "No response"
    digest_at: time | None = None  # local time of the lane's daily digest; None: no digest


@dataclass(frozen=True)
class Member:
    """`[members.U0AAA]`: one person's own time zone and hours, where they differ from the lane's."""

    id: str
    timezone: str | None = None
    business_hours: str | None = None


@dataclass(frozen=True)
class WeeklyReport:
    """`[weekly_report]`: last week's `/wa-report`, posted in `channel` on `day` (0 = Monday) at `at`, local time."""

    day: int
    at: time
    channel: str


@dataclass(frozen=True)
class EntryPoint:
    ref: str
    lane: str
    label: str | None = None
    page: str | None = None
    preset: str | None = None


@dataclass(frozen=True)
class LanesConfig:
    workspace: Workspace
    lanes: tuple[Lane, ...]
    entry_points: tuple[EntryPoint, ...] = ()
    labels: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    members: tuple[Member, ...] = ()
    qualifying: tuple[str, ...] = ()  # outcomes that make a conversation a qualified lead
    weekly_report: WeeklyReport | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {lane.name: lane for lane in self.lanes})
        object.__setattr__(self, "_by_member", {member.id: member for member in self.members})
        object.__setattr__(self, "_by_ref", {ep.ref.casefold(): ep for ep in self.entry_points})

    def lane(self, name: str) -> Lane:
        """The lane called `name`; KeyError if there is none."""
        return self._by_name[name]  # type: ignore[attr-defined, no-any-return]

    def has_lane(self, name: str) -> bool:
        return name in self._by_name  # type: ignore[attr-defined]

    def entry_point(self, ref: str) -> EntryPoint:
        """The entry point whose ref is `ref`, compared case-insensitively; KeyError if none."""
        return self._by_ref[ref.casefold()]  # type: ignore[attr-defined, no-any-return]

    def is_lead(self, user: str, lane: Lane) -> bool:
        return user in lane.leads or user in self.workspace.leads

    def may_work(self, user: str, lane: Lane) -> bool:
        """Claim and label: the lane's members and leads."""
        return user in lane.members or self.is_lead(user, lane)

    def lanes_of(self, user: str) -> tuple[Lane, ...]:
        return tuple(lane for lane in self.lanes if self.may_work(user, lane))

    @property
    def week_start(self) -> int:
        """The weekday weeks start on: `week_starts`, else the first day of the workspace's
        working week (Sun for Sun-Thu, Sat for Sat-Wed), else Monday."""
        if self.workspace.week_starts is not None:
            return self.workspace.week_starts
        from bot.routing.calendar import parse_hours  # here: `bot.routing` imports this module

        open_days = [bool(day) for day in parse_hours(self.workspace.business_hours or ALWAYS_OPEN).days]
        starts = [day for day in range(7) if open_days[day] and not open_days[day - 1]]
        return starts[0] if len(starts) == 1 else 0

    @property
    def default_lane(self) -> Lane:
        return self.lane(self.workspace.default_lane)

    def calendar(self, lane: Lane | None = None, member: str | None = None) -> Calendar:
        """Working hours: the member's hours and time zone where set, else the lane's hours, else
        the workspace's (always open when none are set); always the workspace's holidays and overrides.
        """
        workspace = self.workspace
        person = self._by_member.get(member) if member is not None else None  # type: ignore[attr-defined]
        hours = (
            (person.business_hours if person else None)
            or (lane.business_hours if lane else None)
            or workspace.business_hours
            or ALWAYS_OPEN
        )
        tz = (person.timezone if person else None) or workspace.timezone
        return _calendar(tz, hours, frozenset(workspace.holidays), workspace.hours_overrides)


def parse_duration(text: str) -> timedelta:
    """`30s`, `5m`, `2h` or `1d` (a positive whole number and one unit) as a timedelta."""
    match = _DURATION.fullmatch(text) if isinstance(text, str) else None
    if match is None or int(match[1]) == 0:
        raise ValueError(f"not a duration like 30s, 5m, 2h or 1d: {text!r}")
    try:
        return timedelta(**{_UNITS[match[2]]: int(match[1])})
    except OverflowError:
        raise ValueError(f"duration too long: {text!r}") from None


@functools.lru_cache(maxsize=256)
def _calendar(
    tz: str, hours: str, holidays: frozenset[date], overrides: tuple[HoursOverride, ...]
) -> Calendar:
    """Each distinct calendar is parsed once. (Imported here: `bot.routing` imports this module.)"""
    from bot.routing.calendar import Calendar, Override, parse_hours

    dated = tuple(Override(o.start, o.end, parse_hours(o.hours)) for o in overrides)
    return Calendar(tz, parse_hours(hours), holidays, dated)


def load_lanes(path: str | os.PathLike[str]) -> LanesConfig:
    """Read and parse the lanes file at `path`; every problem becomes a `ConfigError`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError([f"{path}: lanes file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([f"{path}: cannot read lanes file: {exc}"]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        at = re.search(r"\s*\(at line (\d+), column \d+\)$", message)
        where = f" (line {at[1]})" if at else ""
        message = message[: at.start()] if at else message
        raise ConfigError([f"{path}{where}: invalid TOML: {message}"]) from None
    return parse_lanes(data, source=text)


# --- validation -----------------------------------------------------------------------

_TOP_KEYS = ("workspace", "lanes", "entry_points", "labels", "outcomes", "members", "weekly_report")
_WORKSPACE_KEYS = (
    "timezone", "business_hours", "default_lane", "escalation_channel", "note_prefix",
    "opt_out_words", "opt_in_words", "leads", "holidays", "hours_overrides", "after_hours_reply",
    "week_starts",
)  # fmt: skip
_LANE_KEYS = (
    "name", "channel", "members", "mention", "assign", "claim_within",
    "repings", "then", "reply_within", "keywords", "alerts_only", "sign_replies",
    "leads", "max_open", "first_reply_claims", "business_hours", "after_hours_pings",
    "close_after", "digest_at",
)  # fmt: skip
_OVERRIDE_KEYS = ("from", "to", "hours")
_MEMBER_KEYS = ("timezone", "business_hours")
_ENTRY_KEYS = ("ref", "page", "preset", "lane", "label")
_NAMES_KEYS = ("names",)
_OUTCOME_KEYS = ("names", "qualified")
_WEEKLY_KEYS = ("day", "at", "channel")
DEFAULT_QUALIFYING = "Qualified"  # qualifies when `[outcomes] qualified` is not given
_MISSING = object()


def parse_lanes(mapping: dict[str, Any], *, source: str | None = None) -> LanesConfig:
    """Validate the decoded lanes file and build a `LanesConfig`.

    Raises `ConfigError` naming every problem, each as `path (line N): message`; the line
    is given only when `source` (the file's text) is passed and the key can be found in it.
    """
    if not isinstance(mapping, dict):
        raise ConfigError([f"lanes file: expected a table, got {_type_name(mapping)}"])
    check, root = _Checker(), mapping
    check.known_keys(root, "", _TOP_KEYS)
    labels = _names(check, root, "labels")
    outcomes = _names(check, root, "outcomes", _OUTCOME_KEYS)
    qualifying = _qualifying(check, root, outcomes or ())
    lanes = _lanes(check, root.get("lanes", _MISSING))
    lane_names = [lane.name for lane in lanes]
    workspace = _workspace(check, root.get("workspace", _MISSING), lane_names)
    entry_points = _entry_points(check, root.get("entry_points", []), lane_names, labels)
    members = _members(check, root)
    weekly = _weekly_report(check, root)
    if check.problems:
        raise ConfigError(check.report(source))
    return LanesConfig(workspace, lanes, entry_points, labels or (), outcomes or (), members, qualifying, weekly)


def _workspace(check: _Checker, value: object, lane_names: list[str]) -> Workspace:
    path = "workspace"
    table = check.table(value, path, "[workspace]")
    if table is None:
        return Workspace()
    check.known_keys(table, path, _WORKSPACE_KEYS)
    timezone = check.text(table, "timezone", path, default="UTC")
    if timezone is not None and not _is_timezone(timezone):
        check.add(f"{path}.timezone", f"unknown time zone {timezone!r} (use an IANA name like Asia/Dubai)")
    default_lane = check.text(table, "default_lane", path, required=True)
    if default_lane is not None:
        _lane_ref(check, default_lane, f"{path}.default_lane", lane_names)
    note_prefix = check.text(table, "note_prefix", path, default="note:")
    if note_prefix is not None and not note_prefix.strip():
        check.add(f"{path}.note_prefix", "must not be empty")
    return Workspace(
        timezone=timezone or "UTC",
        business_hours=check.hours(table, "business_hours", path) or "",
        default_lane=default_lane or "",
        escalation_channel=check.slack_id(table, "escalation_channel", path, CHANNEL_ID, "channel"),
        note_prefix=note_prefix or "note:",
        opt_out_words=check.string_list(table, "opt_out_words", path, _not_blank) if "opt_out_words" in table
        else Workspace.opt_out_words,
        opt_in_words=check.string_list(table, "opt_in_words", path, _not_blank) if "opt_in_words" in table
        else Workspace.opt_in_words,
        leads=check.string_list(table, "leads", path, _id_check(USER_ID, "user"), unique=True),
        holidays=check.iso_dates(table, "holidays", path),
        hours_overrides=_hours_overrides(check, table.get("hours_overrides", _MISSING)),
        after_hours_reply=check.text(table, "after_hours_reply", path, default="") or "",
        week_starts=check.weekday(table, "week_starts", path),
    )


def _hours_overrides(check: _Checker, value: object) -> tuple[HoursOverride, ...]:
    """`[[workspace.hours_overrides]]`: `from` and `to` (dates, included) and `hours` (a spec)."""
    overrides: list[tuple[str, HoursOverride]] = []
    for index, table in enumerate(check.array_of_tables(value, "workspace.hours_overrides") or []):
        path = f"workspace.hours_overrides[{index}]"
        table = check.table(table, path, "[[workspace.hours_overrides]]")
        if table is None:
            continue
        check.known_keys(table, path, _OVERRIDE_KEYS)
        start = check.iso_date(table, "from", path, required=True)
        end = check.iso_date(table, "to", path, required=True)
        hours = check.hours(table, "hours", path, required=True)
        if start is None or end is None or hours is None:
            continue
        if end < start:
            check.add(f"{path}.to", f"{end} is before from ({start})")
            continue
        for other_path, other in overrides:
            if start <= other.end and other.start <= end:
                check.add(path, f"dates overlap {other_path} ({other.start} to {other.end})")
        overrides.append((path, HoursOverride(start, end, hours)))
    return tuple(override for _, override in overrides)


def _members(check: _Checker, root: dict[str, Any]) -> tuple[Member, ...]:
    """`[members.U0AAA]` tables: a person's own `timezone` and `business_hours`."""
    if "members" not in root:
        return ()
    tables = check.table(root["members"], "members", "[members.U0AAA]")
    members: list[Member] = []
    for user, table in (tables or {}).items():
        path = f"members.{user}"
        if not USER_ID.fullmatch(user):
            check.add(path, _not_an_id(user, "user"))
        table = check.table(table, path, f"[{path}]")
        if table is None:
            continue
        check.known_keys(table, path, _MEMBER_KEYS)
        timezone = check.text(table, "timezone", path)
        if timezone is not None and not _is_timezone(timezone):
            check.add(f"{path}.timezone", f"unknown time zone {timezone!r} (use an IANA name like Asia/Riyadh)")
        members.append(Member(user, timezone or None, check.hours(table, "business_hours", path) or None))
    return tuple(members)


def _lanes(check: _Checker, value: object) -> tuple[Lane, ...]:
    tables = check.array_of_tables(value, "lanes")
    if value is _MISSING or (tables is not None and not tables):
        check.add("lanes", "at least one lane is required ([[lanes]])")
    lanes: list[Lane] = []
    first_seen: dict[str, str] = {}
    for index, table in enumerate(tables or []):
        path = f"lanes[{index}]"
        table = check.table(table, path, "[[lanes]]")
        if table is None:
            continue
        check.known_keys(table, path, _LANE_KEYS)
        name = check.text(table, "name", path, required=True)
        if name is not None and not name.strip():
            check.add(f"{path}.name", "must not be empty")
        elif name is not None and name in first_seen:
            check.add(f"{path}.name", f"duplicate lane name {name!r} (also {first_seen[name]})")
        elif name is not None:
            first_seen[name] = path
        members = check.string_list(table, "members", path, _id_check(USER_ID, "user"), unique=True)
        lanes.append(
            Lane(
                name=name or "",
                channel=check.slack_id(table, "channel", path, CHANNEL_ID, "channel", required=True) or "",
                members=members,
                mention=check.slack_id(table, "mention", path, USER_GROUP_ID, "user group"),
                assign=check.choice(table, "assign", path, ASSIGN_MODES, Lane.assign),
                claim_within=check.duration(table, "claim_within", path),
                repings=check.count(table, "repings", path),
                then=check.choice(table, "then", path, THEN_ACTIONS, Lane.then),
                reply_within=check.duration(table, "reply_within", path),
                keywords=check.string_list(table, "keywords", path, _not_blank),
                alerts_only=check.flag(table, "alerts_only", path),
                sign_replies=check.flag(table, "sign_replies", path),
                leads=check.string_list(table, "leads", path, _id_check(USER_ID, "user"), unique=True),
                max_open=check.count(table, "max_open", path),
                first_reply_claims=check.flag(table, "first_reply_claims", path),
                business_hours=check.hours(table, "business_hours", path) or None,  # "": the workspace's
                after_hours_pings=check.flag(table, "after_hours_pings", path),
                close_after=check.duration(table, "close_after", path) or Lane.close_after,
                digest_at=check.time_of_day(table, "digest_at", path),
            )
        )
    return tuple(lanes)


def _entry_points(
    check: _Checker, value: object, lane_names: list[str], labels: tuple[str, ...] | None
) -> tuple[EntryPoint, ...]:
    entry_points: list[EntryPoint] = []
    first_seen: dict[str, str] = {}
    for index, table in enumerate(check.array_of_tables(value, "entry_points") or []):
        path = f"entry_points[{index}]"
        table = check.table(table, path, "[[entry_points]]")
        if table is None:
            continue
        check.known_keys(table, path, _ENTRY_KEYS)
        ref = check.text(table, "ref", path, required=True)
        if ref is not None and not ENTRY_REF.fullmatch(ref):
            check.add(f"{path}.ref", f"{ref!r}: use only letters, digits, '-' and '_'")
        elif ref is not None and ref.casefold() in first_seen:
            also = first_seen[ref.casefold()]
            check.add(f"{path}.ref", f"duplicate ref {ref!r} (also {also}; refs ignore case)")
        elif ref is not None:
            first_seen[ref.casefold()] = path
        lane = check.text(table, "lane", path, required=True)
        if lane is not None:
            _lane_ref(check, lane, f"{path}.lane", lane_names)
        label = check.text(table, "label", path)
        if label is not None and labels is not None and label not in labels:
            check.add(f"{path}.label", f"{label!r} is not in labels.names")
        entry_points.append(
            EntryPoint(
                ref=ref or "",
                lane=lane or "",
                label=label,
                page=check.text(table, "page", path),
                preset=check.text(table, "preset", path),
            )
        )
    return tuple(entry_points)


def _names(
    check: _Checker, root: dict[str, Any], key: str, allowed: tuple[str, ...] = _NAMES_KEYS
) -> tuple[str, ...] | None:
    """`[labels]` / `[outcomes]`: `names`, a list of unique option texts; None if absent."""
    if key not in root:
        return None
    table = check.table(root[key], key, f"[{key}]")
    if table is None:
        return None
    check.known_keys(table, key, allowed)
    if not isinstance(table.get("names"), list):
        check.string_list(table, "names", key, _option_text)  # reports the wrong type
        if "names" not in table:
            check.add(f"{key}.names", "required key is missing")
        return None
    return check.string_list(table, "names", key, _option_text, unique=True)


def _qualifying(check: _Checker, root: dict[str, Any], outcomes: tuple[str, ...]) -> tuple[str, ...]:
    """`[outcomes] qualified`: the outcomes that count as a qualified lead in reports."""
    table = root.get("outcomes")
    if not isinstance(table, dict) or "qualified" not in table:
        return (DEFAULT_QUALIFYING,) if DEFAULT_QUALIFYING in outcomes else ()

    def known(value: str) -> str | None:
        return None if value in outcomes else f"{value!r} is not in outcomes.names"

    return check.string_list(table, "qualified", "outcomes", known, unique=True)


def _weekly_report(check: _Checker, root: dict[str, Any]) -> WeeklyReport | None:
    """`[weekly_report]`: `day` (Sun…Sat), `at` (HH:MM, workspace time) and `channel`, all required."""
    if "weekly_report" not in root:
        return None
    path = "weekly_report"
    table = check.table(root[path], path, "[weekly_report]")
    if table is None:
        return None
    check.known_keys(table, path, _WEEKLY_KEYS)
    for key in _WEEKLY_KEYS:
        if key not in table:
            check.add(f"{path}.{key}", "required key is missing")
    day = check.weekday(table, "day", path)
    at = check.time_of_day(table, "at", path)
    channel = check.slack_id(table, "channel", path, CHANNEL_ID, "channel")
    if day is None or at is None or channel is None:
        return None
    return WeeklyReport(day, at, channel)


def _lane_ref(check: _Checker, name: str, path: str, lane_names: list[str]) -> None:
    if lane_names and name not in lane_names:
        check.add(path, f"no lane named {name!r} (lanes: {', '.join(dict.fromkeys(lane_names))})")


def _is_timezone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _not_blank(value: str) -> str | None:
    return None if value.strip() else "must not be empty"


def _option_text(value: str) -> str | None:
    if not value.strip():
        return "must not be empty"
    if len(value) > SLACK_OPTION_TEXT_MAX:
        return f"longer than {SLACK_OPTION_TEXT_MAX} characters (Slack's limit for option text)"
    return None


def _id_check(pattern: re.Pattern[str], what: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        return None if pattern.fullmatch(value) else _not_an_id(value, what)

    return check


def _not_an_id(value: str, what: str) -> str:
    hint = " (use the id, not the name)" if value.startswith(("#", "@")) else ""
    return f"not a Slack {what} id: {value!r}{hint}"


def _type_name(value: object) -> str:
    names = {bool: "boolean", str: "string", int: "integer", float: "float", list: "array", dict: "table"}
    return names.get(type(value), "date/time")


class _Checker:
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
        if value is _MISSING:
            self.add(path, f"required table {shape} is missing")
        else:
            self.add(path, f"expected a table {shape}, got {_type_name(value)}")
        return None

    def array_of_tables(self, value: object, path: str) -> list[Any] | None:
        if value is _MISSING:
            return None
        if isinstance(value, list):
            return value
        self.add(path, f"expected an array of tables ([[{path}]]), got {_type_name(value)}")
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
        value = table.get(key, _MISSING)
        if value is _MISSING:
            if required:
                self.add(join_key(path, key), "required key is missing")
            return default
        if not isinstance(value, str):
            self.add(join_key(path, key), f"expected a string, got {_type_name(value)}")
            return None
        return value

    def slack_id(
        self, table: dict[str, Any], key: str, path: str, pattern: re.Pattern[str], what: str, *, required: bool = False
    ) -> str | None:
        value = self.text(table, key, path, required=required)
        if value is not None and not pattern.fullmatch(value):
            self.add(join_key(path, key), _not_an_id(value, what))
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
        from bot.routing.calendar import parse_hours  # here: `bot.routing` imports this module

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
        value = table.get(key, _MISSING)
        if value is _MISSING:
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
            self.add(join_key(path, key), f"expected an array of dates, got {_type_name(value)}")
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
        from bot.routing.calendar import DAY_NAMES  # here: `bot.routing` imports this module

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
            self.add(join_key(path, key), f"expected a whole number, got {_type_name(value)}")
            return 0
        if value < 0:
            self.add(join_key(path, key), "must not be negative")
        return value

    def flag(self, table: dict[str, Any], key: str, path: str, default: bool = False) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            self.add(join_key(path, key), f"expected true or false, got {_type_name(value)}")
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
            self.add(join_key(path, key), f"expected an array of strings, got {_type_name(value)}")
            return ()
        items: list[str] = []
        for index, item in enumerate(value):
            item_path = f"{join_key(path, key)}[{index}]"
            if not isinstance(item, str):
                problem: str | None = f"expected a string, got {_type_name(item)}"
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
        return f"expected a date like 2026-12-02, got {_type_name(value)}", None
    if _ISO_DATE.fullmatch(value):
        try:
            return None, date.fromisoformat(value)
        except ValueError:
            pass
    return f"not a date like 2026-12-02: {value!r}", None
