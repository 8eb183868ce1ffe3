"""The lanes file as frozen, typed objects: workspace, lanes, members, entry points.

Pure: standard library only. `bot.lanes.parse` builds these from the decoded TOML;
`LanesConfig.calendar` puts the configured working hours into a `bot.lanes.hours.Calendar`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, time, timedelta

from bot.lanes.hours import Calendar, Override, parse_hours
from bot.lanes.scoring import Scoring

ASSIGN_MODES = ("manual", "round_robin", "least_loaded")
THEN_ACTIONS = ("reassign", "escalate")

# Matched with `fullmatch`.
CHANNEL_ID = re.compile(r"[CGD][A-Z0-9]{2,}")
USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")
USER_GROUP_ID = re.compile(r"S[A-Z0-9]{2,}")
CONTENT_SID = re.compile(r"HX[0-9a-fA-F]{32}")
ENTRY_REF = re.compile(r"[\w-]+")  # letters, digits, "-" and "_"
_DURATION = re.compile(r"([0-9]+)([smhd])")
DEFAULT_REVIEW_BELOW = 0.5  # `[labels] review_below`: below this triage confidence a human picks the label
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
    after_hours_pings: bool = False  # `true`: every ping runs outside working hours too
    after_hours_hot: bool = False  # `after_hours_pings = "hot"`: only hot leads are pinged out of hours
    close_after: timedelta = timedelta(days=7)  # waiting for the customer this long: close as "No response"
    digest_at: time | None = None  # local time of the lane's daily digest; None: no digest
    nurture_every: timedelta = timedelta(days=3)  # a lead entering "nurture" gets a follow-up this far ahead
    # Approved templates (Content SIDs, HX…) for automatic follow-ups, by customer language;
    # language "*" is for every language: `followup_template = "HX…"` or `{ en = "HX…", ar = "HX…" }`
    followup_template: tuple[tuple[str, str], ...] = ()
    # The close modal's confirmation to the customer: a quick-reply template (same shape) whose
    # buttons' ids are "solved" and "need_help"; `ask_rating`: then ask for a 1–5 rating.
    confirm_template: tuple[tuple[str, str], ...] = ()
    ask_rating: bool = False
    sender: str | None = None  # `whatsapp:+E164` this lane owns (bot.lanes.senders); None: the first configured

    def followup_template_for(self, language: str | None) -> str | None:
        return _by_language(self.followup_template, language)

    def confirm_template_for(self, language: str | None) -> str | None:
        return _by_language(self.confirm_template, language)


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
class Privacy:
    """`[privacy]`: `keep_messages` ("365d"): message bodies and media of conversations closed
    longer ago than this are purged daily. None keeps them."""

    keep_messages: timedelta | None = None


@dataclass(frozen=True)
class LabelRoute:
    label: str
    lane: str
    ping: str | None = None  # a user or user-group id to mention when a conversation gets this label
    assign: str | None = None  # a user id to own it


@dataclass(frozen=True)
class LabelExamples:
    label: str
    texts: tuple[str, ...]


@dataclass(frozen=True)
class LabelKeys:
    """`[labels]` examples, routes and review_below (read by `bot.lanes.labels`)."""

    routes: tuple[LabelRoute, ...] = ()
    examples: tuple[LabelExamples, ...] = ()
    review_below: float = DEFAULT_REVIEW_BELOW


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
    scoring: Scoring = Scoring()  # `[scoring]`: lead-score weights and thresholds
    privacy: Privacy = Privacy()
    triage: LabelKeys = LabelKeys()  # `[labels]` examples, routes and review_below (bot.lanes.labels)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {lane.name: lane for lane in self.lanes})
        object.__setattr__(self, "_by_member", {member.id: member for member in self.members})
        object.__setattr__(self, "_by_ref", {ep.ref.casefold(): ep for ep in self.entry_points})

    def lane(self, name: str) -> Lane:
        """The lane called `name`; KeyError if there is none."""
        return self._by_name[name]  # type: ignore[attr-defined, no-any-return]

    def has_lane(self, name: str) -> bool:
        return name in self._by_name  # type: ignore[attr-defined]

    def lanes_for_sender(self, sender: str | None) -> tuple[Lane, ...]:
        """The lanes that own `sender` (`whatsapp:+E164`): none, one, or several sharing it."""
        return tuple(lane for lane in self.lanes if sender is not None and lane.sender == sender)

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
    """Each distinct calendar is parsed once."""
    dated = tuple(Override(o.start, o.end, parse_hours(o.hours)) for o in overrides)
    return Calendar(tz, parse_hours(hours), holidays, dated)


def _by_language(pairs: tuple[tuple[str, str], ...], language: str | None) -> str | None:
    wanted = (language or "en").split("_")[0].split("-")[0].lower()
    chosen = dict(pairs)
    return chosen.get(wanted) or chosen.get("*")
