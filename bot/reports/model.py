"""What a report asks and what it answers: plain frozen data, shared by the SQL that computes
it, the Block Kit and chart that show it, the CSV export and the weekly digest.

Definitions (the same in Slack, the chart and the CSV):

- The **cohort** is the conversations *started* in the period (`created_at` in
  `[start, end)`), in the chosen lanes, owned by the chosen rep when one is given.
  Sources, outcomes, speed, follow-through counts and people are all about the cohort.
- **Outcome**: the outcome a conversation was closed with; an open one is
  "outcome unknown" and is never a lead. **Qualified**: closed with an outcome the lanes
  file marks as qualifying (`[outcomes] qualified`).
- **Time to claim**: from the first customer message to its first owner: a person who
  took it (Claim, 👀, a first reply that claims, a lead's reassignment) or the escalation
  timer's reassignment; conversations given an owner on arrival (round robin, least
  loaded) are counted apart as auto-assigned.
  **Time to first reply**: from the first customer message to the first rep reply sent
  from Slack (notes and automatic replies do not count). Each in wall time and in working
  time (the lane's calendar: hours, holidays, overrides); percentiles are nearest-rank.
- **Within the SLA**: first reply within the lane's `reply_within` in working time, out of
  the answered conversations of lanes that set one.
- **Now** items (open, unclaimed, oldest waiting, open per rep) are the state at `now`,
  whatever the period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.store.reporting.rows import Percentiles as Percentiles  # the store computes them; reports show them
from bot.store.reporting.rows import Speed as Speed

UNKNOWN_OUTCOME = "outcome unknown"
NO_REF = "(no entry ref)"
NO_AD = "(no ad)"


@dataclass(frozen=True)
class Period:
    """`[start, end)` in aware UTC, with the local dates it covers and how the user named it."""

    start: datetime
    end: datetime
    first_day: date  # local, included
    last_day: date  # local, included
    label: str  # e.g. "last 7 days (16–22 Nov 2026)"
    tz: str

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


@dataclass(frozen=True)
class ReportQuery:
    period: Period
    lanes: tuple[str, ...] = ()  # empty: every lane
    rep: str | None = None  # a Slack user id
    now: datetime | None = None  # for the "now" items; required when computing


@dataclass(frozen=True)
class Sla:
    answered: int = 0  # first replies in lanes that set reply_within
    within: int = 0
    unanswered: int = 0  # cohort conversations with no reply yet (any lane)

    @property
    def share(self) -> float | None:
        return self.within / self.answered if self.answered else None


@dataclass(frozen=True)
class Waiting:
    conversation_id: int
    contact: str  # profile name, else number (untrusted text: escape before showing)
    lane: str
    owner: str | None
    since: datetime  # the customer's oldest unanswered message
    permalink: str | None


@dataclass(frozen=True)
class RepRow:
    user: str
    owned: int  # cohort conversations they own
    closed: int
    median_first_reply: int | None  # seconds, wall time
    open_now: int


@dataclass(frozen=True)
class LaneSpeed:
    lane: str
    first_reply: Speed


@dataclass(frozen=True)
class Day:
    day: date  # local
    by_outcome: tuple[tuple[str, int], ...]  # (outcome or UNKNOWN_OUTCOME, count), outcomes in lanes-file order

    @property
    def total(self) -> int:
        return sum(count for _, count in self.by_outcome)


@dataclass(frozen=True)
class ScoreBand:
    """Lead-score band against outcomes: conversations, those closed with an outcome, qualified among them."""

    band: str  # hot | warm | nurture | cold | NOT_SCORED
    count: int
    closed: int
    qualified: int

    @property
    def share_qualified(self) -> float | None:
        return self.qualified / self.closed if self.closed else None


NOT_SCORED = "not scored"


@dataclass(frozen=True)
class Report:
    query: ReportQuery
    started: int
    by_ref: tuple[tuple[str, int], ...]  # most first; NO_REF for none
    by_ad: tuple[tuple[str, int], ...]  # referral headline / source id; only conversations from ads
    by_lane: tuple[tuple[str, int], ...]
    outcomes: tuple[tuple[str, int], ...]  # every outcome of the lanes file (0 included), then UNKNOWN_OUTCOME
    qualified: int
    qualifying: tuple[str, ...]  # the outcomes that count as qualified
    claim: Speed
    auto_assigned: int
    first_reply: Speed
    sla: Sla
    repings: int
    reassignments: int
    escalations: int
    open_now: int
    unclaimed_now: int
    oldest_waiting: Waiting | None
    people: tuple[RepRow, ...]
    lane_speed: tuple[LaneSpeed, ...] = ()
    per_day: tuple[Day, ...] = field(default=())
    # Customers' 1–5 answers to the closing question: (lane or rep, ratings, average)
    satisfaction_by_lane: tuple[tuple[str, int, float], ...] = ()
    satisfaction_by_rep: tuple[tuple[str, int, float], ...] = ()
    score_bands: tuple[ScoreBand, ...] = ()  # hot first; only bands with conversations

    @property
    def empty(self) -> bool:
        return self.started == 0
