"""What the report SQL is asked about and what it answers: plain frozen values, no SQL types.

The report's definitions (cohort, time to claim, SLA, nearest-rank percentiles) are in
`bot/reports/model.py`; `bot/reports/queries.py` turns these into its `Report`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from bot.store.models_rollups import FOLLOW_THROUGH as FOLLOW_THROUGH  # the event kinds counted per conversation


@dataclass(frozen=True)
class Cohort:
    """The conversations started in `[start, end)` (aware datetimes), in `lanes` (empty: every
    lane), owned by `rep` when one is given."""

    start: datetime
    end: datetime
    lanes: tuple[str, ...] = ()
    rep: str | None = None


@dataclass(frozen=True)
class Percentiles:
    count: int = 0
    p50: int | None = None  # seconds
    p90: int | None = None


@dataclass(frozen=True)
class Speed:
    """One measure in wall and working seconds."""

    wall: Percentiles = Percentiles()
    work: Percentiles = Percentiles()


@dataclass(frozen=True)
class Totals:
    started: int = 0
    auto_assigned: int = 0  # first owner given by auto-assignment
    unanswered: int = 0  # no first reply yet
    sla_answered: int = 0  # answered, in a lane with a reply time
    sla_within: int = 0  # of those, answered within it (working time)


@dataclass(frozen=True)
class Waiting:
    """An open conversation's customer waiting since their first message after our last reply."""

    conversation_id: int
    profile_name: str | None
    phone_e164: str | None
    wa_id: str
    lane: str
    owner: str | None
    since: datetime  # aware UTC
    permalink: str | None


@dataclass(frozen=True)
class RepCounts:
    user: str
    owned: int  # cohort conversations they own
    closed: int
    median_first_reply_work: int | None  # p50 of first_reply_work_s, seconds
    open_now: int


class ExportRow(NamedTuple):
    """One cohort conversation with the columns the report's numbers are made of."""

    id: int
    created_at: datetime
    entry_ref: str | None
    ad: str | None
    lane: str
    label: str | None
    owner: str | None
    first_owned_via: str | None
    claim_s: int | None
    claim_work_s: int | None
    first_reply_s: int | None
    first_reply_work_s: int | None
    sla: int | None  # the lane's reply time in seconds; None where the lane sets none
    closed_at: datetime | None
    outcome: str | None
    score: int | None
    repinged: int
    reassigned: int
    escalated: int
    status: str
