"""The report's cohort as CSV, one row per conversation: `python -m bot report --csv FILE`.

The rows are the conversations the Slack report counts (`cohort_of`), with the columns
its numbers are made of, so a spreadsheet over the file gives the same counts, SLA shares
and nearest-rank percentiles (definitions in `bot/reports/model.py`).

Privacy: no customer names, phone numbers, WhatsApp ids or message text are exported;
a conversation is known by its id, and people by their Slack user ids.

Spreadsheet safety: the file is UTF-8 with a byte-order mark, so Excel shows Arabic, and a
text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`
so it is never run as a formula. Numbers are plain digits; times are local ISO 8601 with
their UTC offset, in the workspace's time zone.

Rows are streamed from one SELECT (`bot.store.reporting.cohort_rows`), never loaded all at once.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import IO, Any
from zoneinfo import ZoneInfo

from bot.lanes import LanesConfig
from bot.reports.model import UNKNOWN_OUTCOME, ReportQuery
from bot.reports.period import parse_period
from bot.reports.queries import cohort_of, reply_seconds
from bot.store import Session, reporting

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
    zone = ZoneInfo(query.period.tz)
    qualifying = set(lanes.qualifying)
    for row in reporting.cohort_rows(session=session, cohort=cohort_of(query), reply_within=reply_seconds(lanes)):
        started = row.created_at.astimezone(zone)
        sla, first_reply = row.sla, row.first_reply_work_s
        yield [
            _number(row.id), started.isoformat(timespec="seconds"), started.date().isoformat(),
            _text(row.entry_ref), _text(row.ad), _text(row.lane), _text(row.label), _text(row.owner),
            _text(row.first_owned_via), _number(row.claim_s), _number(row.claim_work_s),
            _number(row.first_reply_s), _number(row.first_reply_work_s), _number(row.sla),
            _yes_no(first_reply <= sla) if sla is not None and first_reply is not None else "",
            _local(row.closed_at, zone), _text(row.outcome or UNKNOWN_OUTCOME),
            _yes_no(row.outcome in qualifying), _number(row.score),
            _number(row.repinged), _number(row.reassigned), _number(row.escalated), _text(row.status),
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
