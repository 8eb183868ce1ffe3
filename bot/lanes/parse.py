"""Reading the lanes file into a `LanesConfig` (the objects are in `bot.lanes.model`).

`parse_lanes(mapping, source=...)` is pure: it takes the decoded TOML (and optionally its
text, to name lines in errors) and returns a `LanesConfig` or raises `ConfigError` listing
every problem as `key (line N): message`. `load_lanes(path)` is the only function here
that touches the file system. `[workspace]`, `[members]`, `[labels]`, `[outcomes]` and
`[weekly_report]` are read here (`[scoring]` in `bot.lanes.scoring`), the `[[lanes]]` and `[[entry_points]]` arrays in
`bot.lanes.arrays`, every value through `bot.lanes.checks.Checker`.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Collection
from pathlib import Path
from typing import Any

from bot.errors import ConfigError
from bot.lanes.arrays import read_entry_points, read_lanes
from bot.lanes.labels import TRIAGE_KEYS, read_label_keys
from bot.lanes.checks import (
    MISSING,
    Checker,
    id_check,
    is_timezone,
    lane_ref,
    not_an_id,
    not_blank,
    option_text,
    type_name,
)
from bot.lanes.scoring import read_scoring
from bot.lanes.senders import not_ours
from bot.lanes.model import (
    CHANNEL_ID,
    USER_ID,
    HoursOverride,
    LanesConfig,
    Member,
    Privacy,
    WeeklyReport,
    Workspace,
)


def load_lanes(path: str | os.PathLike[str], *, senders: Collection[str] | None = None) -> LanesConfig:
    """Read and parse the lanes file at `path`; every problem becomes a `ConfigError`. With
    `senders` (TWILIO_WHATSAPP_FROM's), a lane's `sender` must be one of them."""
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
    return parse_lanes(data, source=text, senders=senders)


# --- validation -----------------------------------------------------------------------

_TOP_KEYS = ("workspace", "lanes", "entry_points", "labels", "outcomes", "members", "weekly_report", "scoring",
             "privacy")
_WORKSPACE_KEYS = (
    "timezone", "business_hours", "default_lane", "escalation_channel", "note_prefix",
    "opt_out_words", "opt_in_words", "leads", "holidays", "hours_overrides", "after_hours_reply",
    "week_starts",
)  # fmt: skip
_OVERRIDE_KEYS = ("from", "to", "hours")
_MEMBER_KEYS = ("timezone", "business_hours")
_NAMES_KEYS = ("names",)
_LABEL_KEYS = ("names", *TRIAGE_KEYS)
_OUTCOME_KEYS = ("names", "qualified")
_WEEKLY_KEYS = ("day", "at", "channel")
DEFAULT_QUALIFYING = "Qualified"  # qualifies when `[outcomes] qualified` is not given


def parse_lanes(
    mapping: dict[str, Any], *, source: str | None = None, senders: Collection[str] | None = None
) -> LanesConfig:
    """Validate the decoded lanes file and build a `LanesConfig`. With `senders` (the settings'
    WhatsApp senders, when known), each lane's `sender` must be one of them.

    Raises `ConfigError` naming every problem, each as `path (line N): message`; the line
    is given only when `source` (the file's text) is passed and the key can be found in it.
    """
    if not isinstance(mapping, dict):
        raise ConfigError([f"lanes file: expected a table, got {type_name(mapping)}"])
    check, root = Checker(), mapping
    check.known_keys(root, "", _TOP_KEYS)
    labels = _names(check, root, "labels", _LABEL_KEYS)
    outcomes = _names(check, root, "outcomes", _OUTCOME_KEYS)
    qualifying = _qualifying(check, root, outcomes or ())
    lanes = read_lanes(check, root.get("lanes", MISSING))
    lane_names = [lane.name for lane in lanes]
    for index, lane in enumerate(lanes):
        if senders is not None and lane.sender is not None and lane.sender not in senders:
            check.add(f"lanes[{index}].sender", not_ours(lane.sender, senders))
    workspace = _workspace(check, root.get("workspace", MISSING), lane_names)
    entry_points = read_entry_points(check, root.get("entry_points", []), lane_names, labels)
    members = _members(check, root)
    weekly = _weekly_report(check, root)
    scoring, scoring_problems = read_scoring(root.get("scoring"), lane_names)
    for path, message in scoring_problems:
        check.add(path, message)
    privacy = _privacy(check, root)
    triage = read_label_keys(check, root.get("labels"), labels=labels or (), lanes=lane_names)
    if check.problems:
        raise ConfigError(check.report(source))
    return LanesConfig(workspace, lanes, entry_points, labels or (), outcomes or (), members, qualifying, weekly,
                       scoring, privacy, triage)


def _privacy(check: Checker, root: dict[str, Any]) -> Privacy:
    """`[privacy]`: `keep_messages` ("365d"), at least a day."""
    table = check.table(root["privacy"], "privacy", "[privacy]") if "privacy" in root else None
    if table is None:
        return Privacy()
    check.known_keys(table, "privacy", ("keep_messages",))
    keep = check.duration(table, "keep_messages", "privacy") if "keep_messages" in table else None
    if keep is not None and keep.total_seconds() < 86400:
        check.add("privacy.keep_messages", "must be at least a day, e.g. \"365d\"")
        return Privacy()
    return Privacy(keep)


def _workspace(check: Checker, value: object, lane_names: list[str]) -> Workspace:
    path = "workspace"
    table = check.table(value, path, "[workspace]")
    if table is None:
        return Workspace()
    check.known_keys(table, path, _WORKSPACE_KEYS)
    timezone = check.text(table, "timezone", path, default="UTC")
    if timezone is not None and not is_timezone(timezone):
        check.add(f"{path}.timezone", f"unknown time zone {timezone!r} (use an IANA name like Asia/Dubai)")
    default_lane = check.text(table, "default_lane", path, required=True)
    if default_lane is not None:
        lane_ref(check, default_lane, f"{path}.default_lane", lane_names)
    note_prefix = check.text(table, "note_prefix", path, default="note:")
    if note_prefix is not None and not note_prefix.strip():
        check.add(f"{path}.note_prefix", "must not be empty")
    return Workspace(
        timezone=timezone or "UTC",
        business_hours=check.hours(table, "business_hours", path) or "",
        default_lane=default_lane or "",
        escalation_channel=check.slack_id(table, "escalation_channel", path, CHANNEL_ID, "channel"),
        note_prefix=note_prefix or "note:",
        opt_out_words=check.string_list(table, "opt_out_words", path, not_blank) if "opt_out_words" in table
        else Workspace.opt_out_words,
        opt_in_words=check.string_list(table, "opt_in_words", path, not_blank) if "opt_in_words" in table
        else Workspace.opt_in_words,
        leads=check.string_list(table, "leads", path, id_check(USER_ID, "user"), unique=True),
        holidays=check.iso_dates(table, "holidays", path),
        hours_overrides=_hours_overrides(check, table.get("hours_overrides", MISSING)),
        after_hours_reply=check.text(table, "after_hours_reply", path, default="") or "",
        week_starts=check.weekday(table, "week_starts", path),
    )


def _hours_overrides(check: Checker, value: object) -> tuple[HoursOverride, ...]:
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


def _members(check: Checker, root: dict[str, Any]) -> tuple[Member, ...]:
    """`[members.U0AAA]` tables: a person's own `timezone` and `business_hours`."""
    if "members" not in root:
        return ()
    tables = check.table(root["members"], "members", "[members.U0AAA]")
    members: list[Member] = []
    for user, table in (tables or {}).items():
        path = f"members.{user}"
        if not USER_ID.fullmatch(user):
            check.add(path, not_an_id(user, "user"))
        table = check.table(table, path, f"[{path}]")
        if table is None:
            continue
        check.known_keys(table, path, _MEMBER_KEYS)
        timezone = check.text(table, "timezone", path)
        if timezone is not None and not is_timezone(timezone):
            check.add(f"{path}.timezone", f"unknown time zone {timezone!r} (use an IANA name like Asia/Riyadh)")
        members.append(Member(user, timezone or None, check.hours(table, "business_hours", path) or None))
    return tuple(members)


def _names(
    check: Checker, root: dict[str, Any], key: str, allowed: tuple[str, ...] = _NAMES_KEYS
) -> tuple[str, ...] | None:
    """`[labels]` / `[outcomes]`: `names`, a list of unique option texts; None if absent."""
    if key not in root:
        return None
    table = check.table(root[key], key, f"[{key}]")
    if table is None:
        return None
    check.known_keys(table, key, allowed)
    if not isinstance(table.get("names"), list):
        check.string_list(table, "names", key, option_text)  # reports the wrong type
        if "names" not in table:
            check.add(f"{key}.names", "required key is missing")
        return None
    return check.string_list(table, "names", key, option_text, unique=True)


def _qualifying(check: Checker, root: dict[str, Any], outcomes: tuple[str, ...]) -> tuple[str, ...]:
    """`[outcomes] qualified`: the outcomes that count as a qualified lead in reports."""
    table = root.get("outcomes")
    if not isinstance(table, dict) or "qualified" not in table:
        return (DEFAULT_QUALIFYING,) if DEFAULT_QUALIFYING in outcomes else ()

    def known(value: str) -> str | None:
        return None if value in outcomes else f"{value!r} is not in outcomes.names"

    return check.string_list(table, "qualified", "outcomes", known, unique=True)


def _weekly_report(check: Checker, root: dict[str, Any]) -> WeeklyReport | None:
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
