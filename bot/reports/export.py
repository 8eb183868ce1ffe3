"""The report's cohort as CSV, one row per conversation: `python -m bot report --csv FILE`.

The rows are the conversations the Slack report counts (`cohort_filter`), with the columns
its numbers are made of, so a spreadsheet over the file gives the same counts, SLA shares
and nearest-rank percentiles (definitions in `bot/reports/model.py`).

Privacy: no customer names, phone numbers, WhatsApp ids or message text are exported;
a conversation is known by its id, and people by their Slack user ids.

Spreadsheet safety: the file is UTF-8 with a byte-order mark, so Excel shows Arabic, and a
text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`
so it is never run as a formula. Numbers are plain digits; times are local ISO 8601 with
their UTC offset, in the workspace's time zone.

Rows are streamed from one SELECT (`yield_per`), never loaded all at once.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import IO, Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from bot.lanes import LanesConfig
from bot.reports.model import UNKNOWN_OUTCOME, ReportQuery
from bot.reports.period import parse_period
from bot.reports.queries import FOLLOW_THROUGH, ad_name, cohort_filter, count_if, sla_seconds
from bot.store.models import Conversation, Event

C = Conversation
BATCH = 1000

HEADER = (
    "conversation", "started", "started_day", "entry_ref", "ad", "lane", "label", "owner", "owned_via",
    "claim_s", "claim_work_s", "first_reply_s", "first_reply_work_s", "reply_sla_s", "within_sla",
    "closed", "outcome", "qualified", "score", "repings", "reassignments", "escalations", "status",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_USER = re.compile(r"[UW][A-Z0-9]{2,}")


def export_query(lanes: LanesConfig, *, first: str, last: str, lane_names: Sequence[str] = (),
                 rep: str | None = None, now: datetime) -> ReportQuery:
    """The report query for local days `first`..`last` (ISO dates, both included), in the
    workspace's time zone; lanes by name in any case, a rep by Slack user id.

    Raises `ValueError` with a one-line reason, as the Slack command would refuse them.
    """
    for flag, text in (("--from", first), ("--to", last)):
        if not _DATE.fullmatch(text):
            raise ValueError(f"{flag} {text!r} is not a date: use YYYY-MM-DD")
        try:
            date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{flag} {text} is not a date") from None
    period = parse_period(f"{first}..{last}", tz=lanes.workspace.timezone, now=now, week_start=lanes.week_start)
    by_name = {lane.name.casefold(): lane.name for lane in lanes.lanes}
    unknown = [name for name in lane_names if name.casefold() not in by_name]
    if unknown:
        known = ", ".join(lane.name for lane in lanes.lanes)
        raise ValueError(f"no lane {', '.join(map(repr, unknown))} in the lanes file (lanes: {known})")
    chosen = {by_name[name.casefold()] for name in lane_names}
    if rep is not None:
        if not _USER.fullmatch(rep):
            raise ValueError(f"--rep {rep!r} is not a Slack user id (like U0AAA)")
        if not lanes.lanes_of(rep) and rep not in lanes.workspace.leads:
            raise ValueError(f"--rep {rep} is not a member of any lane")
    return ReportQuery(period=period, lanes=tuple(lane.name for lane in lanes.lanes if lane.name in chosen),
                       rep=rep, now=now)


def export_rows(session: Session, lanes: LanesConfig, query: ReportQuery) -> Iterator[list[str]]:
    """One row per cohort conversation (columns as `HEADER`), oldest first, streamed."""
    cohort = cohort_filter(query)
    kind = col(Event.kind)
    follow = (
        select(col(Event.conversation_id).label("id"),
               *(count_if(kind == name).label(name) for name in FOLLOW_THROUGH))
        .join(C, col(C.id) == col(Event.conversation_id))
        .where(*cohort, kind.in_(FOLLOW_THROUGH))
        .group_by(col(Event.conversation_id))
        .subquery("follow")
    )
    statement = (
        select(
            col(C.id), col(C.created_at), col(C.entry_ref), ad_name().label("ad"), col(C.lane), col(C.label),
            col(C.owner), col(C.first_owned_via), col(C.claim_s), col(C.claim_work_s), col(C.first_reply_s),
            col(C.first_reply_work_s), sla_seconds(lanes).label("sla"), col(C.closed_at), col(C.outcome),
            col(C.score), *(func.coalesce(follow.c[name], 0).label(name) for name in FOLLOW_THROUGH),
            col(C.status),
        )
        .outerjoin(follow, follow.c.id == col(C.id))
        .where(*cohort)
        .order_by(col(C.created_at), col(C.id))
        .execution_options(yield_per=BATCH)
    )
    zone = ZoneInfo(query.period.tz)
    qualifying = set(lanes.qualifying)
    for row in session.execute(statement):
        started = row.created_at.astimezone(zone)
        answered = row.sla is not None and row.first_reply_work_s is not None
        yield [
            _number(row.id), started.isoformat(timespec="seconds"), started.date().isoformat(),
            _text(row.entry_ref), _text(row.ad), _text(row.lane), _text(row.label), _text(row.owner),
            _text(row.first_owned_via), _number(row.claim_s), _number(row.claim_work_s),
            _number(row.first_reply_s), _number(row.first_reply_work_s), _number(row.sla),
            _yes_no(row.first_reply_work_s <= row.sla) if answered else "",
            _local(row.closed_at, zone), _text(row.outcome or UNKNOWN_OUTCOME),
            _yes_no(row.outcome in qualifying), _number(row.score),
            *(_number(row._mapping[name]) for name in FOLLOW_THROUGH), _text(row.status),
        ]


def write_csv(rows: Iterable[Sequence[str]], file: IO[bytes]) -> int:
    """Write `HEADER` and `rows` to the binary `file` as UTF-8 CSV with a BOM; the number of rows.

    `file` is left open (it may be stdout)."""
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="", write_through=True)
    try:
        writer = csv.writer(text)
        writer.writerow(HEADER)
        count = 0
        for row in rows:
            writer.writerow(row)
            count += 1
        return count
    finally:
        text.flush()
        text.detach()


def _text(value: str | None) -> str:
    """Text for a cell that a spreadsheet will not take for a formula."""
    if not value:
        return ""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _number(value: Any) -> str:
    return "" if value is None else str(int(value))


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _local(at: datetime | None, zone: ZoneInfo) -> str:
    return "" if at is None else at.astimezone(zone).isoformat(timespec="seconds")
