"""The lanes file's arrays of tables: `[[lanes]]` and `[[entry_points]]`."""

from __future__ import annotations

from typing import Any

from bot.lanes.checks import MISSING, Checker, id_check, lane_ref, not_blank, type_name
from bot.lanes.senders import normalise_sender, sender_problem
from bot.lanes.model import (
    ASSIGN_MODES,
    CHANNEL_ID,
    CONTENT_SID,
    ENTRY_REF,
    THEN_ACTIONS,
    USER_GROUP_ID,
    USER_ID,
    EntryPoint,
    Lane,
)

_LANE_KEYS = (
    "name", "channel", "members", "mention", "assign", "claim_within",
    "repings", "then", "reply_within", "keywords", "alerts_only", "sign_replies",
    "leads", "max_open", "first_reply_claims", "business_hours", "after_hours_pings",
    "close_after", "digest_at", "followup_template", "confirm_template", "ask_rating", "nurture_every",
    "sender",
)  # fmt: skip
_ENTRY_KEYS = ("ref", "page", "preset", "lane", "label")


def read_lanes(check: Checker, value: object) -> tuple[Lane, ...]:
    tables = check.array_of_tables(value, "lanes")
    if value is MISSING or (tables is not None and not tables):
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
        members = check.string_list(table, "members", path, id_check(USER_ID, "user"), unique=True)
        after_hours = table.get("after_hours_pings", False)
        if not (isinstance(after_hours, bool) or after_hours == "hot"):
            check.add(f"{path}.after_hours_pings", f'expected true or false, got {type_name(after_hours)} '
                                                   '(or "hot": only hot leads are pinged out of hours)')
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
                keywords=check.string_list(table, "keywords", path, not_blank),
                alerts_only=check.flag(table, "alerts_only", path),
                sign_replies=check.flag(table, "sign_replies", path),
                leads=check.string_list(table, "leads", path, id_check(USER_ID, "user"), unique=True),
                max_open=check.count(table, "max_open", path),
                first_reply_claims=check.flag(table, "first_reply_claims", path),
                business_hours=check.hours(table, "business_hours", path) or None,  # "": the workspace's
                after_hours_pings=after_hours is True,
                after_hours_hot=after_hours == "hot",
                close_after=check.duration(table, "close_after", path) or Lane.close_after,
                digest_at=check.time_of_day(table, "digest_at", path),
                followup_template=read_template_choice(check, table.get("followup_template"), path, "followup_template"),
                confirm_template=read_template_choice(check, table.get("confirm_template"), path, "confirm_template"),
                ask_rating=check.flag(table, "ask_rating", path),
                nurture_every=check.duration(table, "nurture_every", path) or Lane.nurture_every,
                sender=_sender(check, table, path),
            )
        )
    return tuple(lanes)


def _sender(check: Checker, table: dict[str, Any], path: str) -> str | None:
    """`sender`: a WhatsApp number, `whatsapp:+E164` or a bare `+E164`, stored as `whatsapp:+E164`."""
    value = check.text(table, "sender", path)
    problem = sender_problem(value) if value is not None else None
    if problem is not None:
        check.add(f"{path}.sender", problem)
    return normalise_sender(value) if value is not None else None


def read_template_choice(check: Checker, value: object, path: str, name: str) -> tuple[tuple[str, str], ...]:
    """`"HX…"` (every language) or a table of language → `"HX…"`."""
    key = f"{path}.{name}"
    if value is None:
        return ()
    pairs = [("*", value)] if isinstance(value, str) else list(value.items()) if isinstance(value, dict) else None
    if pairs is None:
        check.add(key, "expected a Content SID (\"HX…\") or a table of language = \"HX…\"")
        return ()
    found = []
    for language, sid in pairs:
        if not isinstance(sid, str) or not CONTENT_SID.fullmatch(sid):
            check.add(key, f"{sid!r} is not a Content SID (HX followed by 32 hex characters)")
        elif language != "*" and not (isinstance(language, str) and language.isalpha() and len(language) <= 8):
            check.add(key, f"{language!r} is not a language code such as en or ar")
        else:
            found.append((language.lower(), sid))
    return tuple(found)


def read_entry_points(
    check: Checker, value: object, lane_names: list[str], labels: tuple[str, ...] | None
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
            lane_ref(check, lane, f"{path}.lane", lane_names)
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
