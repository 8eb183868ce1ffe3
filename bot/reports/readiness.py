"""Readiness: how ready each lane is to route WhatsApp conversations, out of 10.

Pure: `score_lanes(lanes, facts)` reads the lanes file and what Slack said (`SlackFacts`,
gathered by `bot.reports.slack_facts`) and scores five steps per lane, each **visible (2)**,
**at risk (1)** or **missing (0)**, with the next action for every gap: one short
imperative sentence naming the lanes-file key or the Slack action.

1. **Entry points**: `[[entry_points]]` with `lane = "<lane>"`. 2: at least one ref, all with
   a `page`; 1: some ref lacks a `page`; 0: no ref (customers reach the lane only by keywords
   or as the default lane).
2. **Preset messages**: 2: every ref has a `preset` that carries its own ref (`ref: pricing`,
   as routing reads it); 1: some do; 0: no preset at all, or no ref.
3. **Labels**: 2: `[labels]` defined and every ref sets a `label`; 1: labels defined but the
   lane has no ref or a ref without a label (reps label by hand); 0: no `[labels]`.
4. **Owners**: a member is *ready* when Slack says they are an active person (not
   deactivated, not a bot, found) and in the lane's channel. 2: at least two members, all
   ready, and the bot is in the channel (when Slack told us who the bot is); 0: no
   `members`, or Slack says none is ready; 1: anything between (one member, some not
   ready, the bot outside the channel, or Slack couldn't be checked).
5. **Follow-up cadence**: 2: `claim_within` and `reply_within` set (an `alerts_only` lane
   needs only `claim_within`: its replies never reach WhatsApp); 1: one of them; 0:
   neither. A lane that escalates (`then = "escalate"` with `claim_within`, or any
   `reply_within`: a reminded owner who still doesn't answer is escalated) with no
   `escalation_channel` and no leads is at risk at best. The text always shows
   `close_after` (7d unless set).

`bot.reports.readiness_view` renders the results for a terminal and as Block Kit. Every
sentence is built twice (`_Text`): plain for the terminal, and mrkdwn for Slack with the
lanes file's text escaped, so only the ids the lanes file validated become mentions.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence, Sized
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal

from bot.lanes import CHANNEL_ID, USER_ID, EntryPoint, Lane, LanesConfig
from bot.routing.entry import find_entry_ref
from bot.slack.text import escape_mrkdwn

UserStatus = Literal["active", "deleted", "bot", "not_found", "unknown"]
VISIBLE, AT_RISK, MISSING = 2, 1, 0
MAX_SCORE = 10
STEP_NAMES = ("Entry points", "Preset messages", "Labels", "Owners", "Follow-up cadence")
MAX_BLOCKS = 50
LIST_LIMIT = 5  # names listed in a detail before "and N more"
TEXT_MARKS = {VISIBLE: "ok", AT_RISK: "at risk", MISSING: "missing"}
SLACK_MARKS = {VISIBLE: ":large_green_circle:", AT_RISK: ":large_yellow_circle:", MISSING: ":red_circle:"}


@dataclass(frozen=True)
class SlackFacts:
    """What Slack said: each lane channel's member ids (None: unknown), each lane member's
    status ("unknown" when not asked or Slack didn't answer), the bot's own user id when
    known, and one line per thing Slack couldn't tell."""

    channel_members: Mapping[str, frozenset[str] | None] = field(default_factory=dict)
    users: Mapping[str, UserStatus] = field(default_factory=dict)
    bot_user: str | None = None
    problems: tuple[str, ...] = ()

    def members_of(self, channel: str) -> frozenset[str] | None:
        return self.channel_members.get(channel)

    def status_of(self, user: str) -> UserStatus:
        return self.users.get(user, "unknown")


@dataclass(frozen=True)
class Step:
    """One step of a lane: its score (2 visible, 1 at risk, 0 missing), what was seen, and
    the next action (None when there is nothing to do). The `*_mrkdwn` forms are for Slack;
    when absent, the plain text is shown escaped."""

    name: str
    score: int
    detail: str
    action: str | None = None
    detail_mrkdwn: str | None = None
    action_mrkdwn: str | None = None


@dataclass(frozen=True)
class LaneReadiness:
    lane: str
    steps: tuple[Step, ...]
    total: int
    channel: str = ""


def score_lanes(
    lanes: LanesConfig, facts: SlackFacts, *, only: Collection[str] | None = None
) -> tuple[LaneReadiness, ...]:
    """Every lane's readiness (or only the lanes named in `only`), in lanes-file order."""
    results = []
    for lane in lanes.lanes:
        if only is not None and lane.name not in only:
            continue
        refs = tuple(ep for ep in lanes.entry_points if ep.lane == lane.name)
        steps = (
            _entry_points(lane, refs, lanes),
            _presets(lane, refs, lanes),
            _labels(lane, refs, lanes),
            _owners(lane, facts),
            _cadence(lane, lanes),
        )
        results.append(LaneReadiness(lane.name, steps, sum(step.score for step in steps), lane.channel))
    return tuple(results)


# --- the five steps -------------------------------------------------------------------


def _entry_points(lane: Lane, refs: tuple[EntryPoint, ...], lanes: LanesConfig) -> Step:
    name = STEP_NAMES[0]
    if not refs:
        reach = []
        if lane.keywords:
            reach.append("by keywords")
        if lane.name == lanes.workspace.default_lane:
            reach.append("as the default lane")
        how = (f"customers reach it only {' and '.join(reach)}" if reach
               else "no keywords either: no customer reaches it")
        return _step(name, MISSING, _say(f"no entry point; {how}"),
                     _say("Add an `[[entry_points]]` with `lane = ") + _quoted(lane.name) + _say("` and a `page`"))
    no_page = [ep.ref for ep in refs if not (ep.page or "").strip()]
    if no_page:
        return _step(name, AT_RISK, _listing(no_page, "has no page", "have no page", of=len(refs)),
                     _say("Add a `page` to ") + _entry_points_named(no_page))
    every = "all with a page" if len(refs) > 1 else "with a page"
    return _step(name, VISIBLE, _say(f"{count_noun(len(refs), 'ref')}, {every}: ") + _codes(ep.ref for ep in refs))


def _presets(lane: Lane, refs: tuple[EntryPoint, ...], lanes: LanesConfig) -> Step:
    name = STEP_NAMES[1]
    if not refs:
        return _step(name, MISSING, _say("no entry point, so no preset message"),
                     _say("Add an entry point for lane ") + _code(lane.name)
                     + _say(" with a `preset` that carries its ref"))
    every_ref = [ep.ref for ep in lanes.entry_points]
    missing = [ep.ref for ep in refs if not (ep.preset or "").strip()]
    astray = [ep.ref for ep in refs if ep.ref not in missing
              and (find_entry_ref(ep.preset or "", every_ref) or "").casefold() != ep.ref.casefold()]
    if missing:
        return _step(name, MISSING if len(missing) == len(refs) else AT_RISK,
                     _listing(missing, "has no preset", "have no preset", of=len(refs)),
                     _say("Add a `preset` to ") + _entry_points_named(missing))
    if astray:
        first = astray[0]
        return _step(name, AT_RISK, _listing(astray, "has a preset without its ref", "have presets without their ref",
                                             of=len(refs)),
                     _say("Put ") + _code(f"ref: {first}") + _say(" in the `preset` of entry point ") + _code(first))
    each = "each with a preset that carries it" if len(refs) > 1 else "with a preset that carries it"
    return _step(name, VISIBLE, _say(f"{count_noun(len(refs), 'ref')}, {each}"))


def _labels(lane: Lane, refs: tuple[EntryPoint, ...], lanes: LanesConfig) -> Step:
    name = STEP_NAMES[2]
    if not lanes.labels:
        return _step(name, MISSING, _say("no `[labels]`: conversations can't be labelled"),
                     _say("Add `[labels] names = [...]` to the lanes file"))
    defined = count_noun(len(lanes.labels), "label")
    if not refs:
        return _step(name, AT_RISK, _say(f"{defined} defined; no entry point sets one, so reps label by hand"),
                     _say("Add an entry point for lane ") + _code(lane.name) + _say(" with a `label`"))
    unlabelled = [ep.ref for ep in refs if not ep.label]
    if unlabelled:
        return _step(name, AT_RISK, _listing(unlabelled, "sets no label", "set no label", of=len(refs))
                     + _say("; reps label those by hand"),
                     _say("Set a `label` on ") + _entry_points_named(unlabelled))
    labels = _some([_code(ep.ref) + _Text(" -> ", " → ") + _code(ep.label or "") for ep in refs])
    return _step(name, VISIBLE, _say("every ref sets a label: ") + labels)


def _owners(lane: Lane, facts: SlackFacts) -> Step:
    name = STEP_NAMES[3]
    if not lane.members:
        return _step(name, MISSING, _say("no `members`: nobody may claim here"),
                     _say("Add `members` to lane ") + _code(lane.name))
    in_channel = facts.members_of(lane.channel)
    channel = _channel(lane.channel)
    gone = [m for m in lane.members if facts.status_of(m) in ("deleted", "not_found")]
    bots = [m for m in lane.members if facts.status_of(m) == "bot"]
    outside = [m for m in lane.members if in_channel is not None and m not in in_channel and m not in gone + bots]
    unchecked = [m for m in lane.members if facts.status_of(m) == "unknown"]
    bad = set(gone) | set(bots) | set(outside)
    ready = [m for m in lane.members if m not in bad and m not in unchecked and in_channel is not None]
    bot_outside = facts.bot_user is not None and in_channel is not None and facts.bot_user not in in_channel

    notes: list[_Text] = []
    if bot_outside:
        notes.append(_say("the bot is not in ") + channel)
    if gone:
        notes.append(_users(gone) + _say(f" {_is(gone)} deactivated or not found"))
    if bots:
        notes.append(_users(bots) + _say(" is a bot, not a person" if len(bots) == 1 else " are bots, not people"))
    if outside:
        notes.append(_users(outside) + _say(f" {_is(outside)} not in ") + channel)
    if in_channel is None:
        notes.append(_say("couldn't read who is in ") + channel)
    if unchecked:
        notes.append(_say("couldn't check ") + _users(unchecked))
    if len(lane.members) == 1 and not bad:
        notes.append(_say("only one member: nobody covers for them"))

    if not ready and (len(bad) == len(lane.members)):
        score = MISSING
    elif len(lane.members) >= 2 and len(ready) == len(lane.members) and not bot_outside:
        score = VISIBLE
    else:
        score = AT_RISK

    action: _Text | None = None
    if bot_outside:
        action = _say("Invite the bot ") + _user(facts.bot_user or "") + _say(" to ") + channel
    elif gone or bots:
        action = _say("Replace ") + _users(gone + bots) + _say(" in the `members` of lane ") + _code(lane.name)
    elif outside:
        action = _say("Invite ") + _users(outside) + _say(" to ") + channel
    elif in_channel is None or unchecked:
        action = _say("Let the bot read ") + channel + _say(" (invite it; scopes `channels:read`, `groups:read`, "
                                                       "`users:read`) and check again")
    elif len(lane.members) < 2:
        action = _say("Add a second person to the `members` of lane ") + _code(lane.name)
    if score == VISIBLE:
        detail = _say(f"{count_noun(len(ready), 'member')}, all active and in ") + channel
    else:
        detail = _join(notes, "; ")
    return _step(name, score, detail, action)


def _cadence(lane: Lane, lanes: LanesConfig) -> Step:
    name = STEP_NAMES[4]
    claim, reply = lane.claim_within, lane.reply_within
    needs_reply = not lane.alerts_only
    parts = []
    if claim is not None:
        repings = f"{count_noun(lane.repings, 're-ping')} then " if lane.repings else "then "
        parts.append(f"claim within {_duration(claim)}, {repings}{lane.then}")
    if reply is not None:
        parts.append(f"reply within {_duration(reply)}")
    if lane.alerts_only:
        parts.append("alerts only: replies are not sent, so no `reply_within` needed")
    parts.append(f"closes after {_duration(lane.close_after)} without a customer answer")
    detail = _say("; ".join(parts))

    if claim is not None and (reply is not None or not needs_reply):
        score = VISIBLE
    elif claim is not None or reply is not None:
        score = AT_RISK
    else:
        score = MISSING
    missing = [key for key, unset in (("claim_within", claim is None), ("reply_within", needs_reply and reply is None))
               if unset]
    action: _Text | None = None
    if missing:
        keys = " and ".join(f"`{key}`" for key in missing)
        action = _say(f"Set {keys} for lane ") + _code(lane.name)

    escalates = (claim is not None and lane.then == "escalate") or reply is not None
    if escalates and not lanes.workspace.escalation_channel and not (lane.leads or lanes.workspace.leads):
        detail = detail + _say("; escalations reach nobody (no `escalation_channel`, no leads)")
        score = min(score, AT_RISK)
        action = action or _say("Set `escalation_channel` in `[workspace]`")
    return _step(name, score, detail, action)


# --- sentences, twice: plain and mrkdwn -------------------------------------------------


@dataclass(frozen=True)
class _Text:
    plain: str
    mrkdwn: str

    def __add__(self, other: _Text) -> _Text:
        return _Text(self.plain + other.plain, self.mrkdwn + other.mrkdwn)


def _say(text: str) -> _Text:
    """The program's own words: shown as they are, escaped for Slack all the same."""
    return _Text(text, escape_mrkdwn(text))


def _code(value: str) -> _Text:
    """Text from the lanes file, in backticks."""
    return _Text(f"`{value}`", f"`{escape_mrkdwn(value)}`")


def _quoted(value: str) -> _Text:
    return _Text(f'"{value}"', f'"{escape_mrkdwn(value)}"')


def _user(user: str) -> _Text:
    return _Text(f"<@{user}>", f"<@{user}>" if USER_ID.fullmatch(user) else f"`{escape_mrkdwn(user)}`")


def _channel(channel: str) -> _Text:
    return _Text(f"<#{channel}>", f"<#{channel}>" if CHANNEL_ID.fullmatch(channel) else f"`{escape_mrkdwn(channel)}`")


def _join(parts: Sequence[_Text], sep: str = ", ") -> _Text:
    joined = _say("")
    for index, part in enumerate(parts):
        joined = joined + (_say(sep) if index else _say("")) + part
    return joined


def _some(parts: list[_Text]) -> _Text:
    """At most `LIST_LIMIT` of `parts`, then "and N more"."""
    shown = _join(parts[:LIST_LIMIT])
    return shown + _say(f" and {len(parts) - LIST_LIMIT} more") if len(parts) > LIST_LIMIT else shown


def _codes(values: Iterable[str]) -> _Text:
    return _some([_code(value) for value in values])


def _users(users: Sequence[str]) -> _Text:
    return _some([_user(user) for user in users])


def _entry_points_named(refs: Sequence[str]) -> _Text:
    return _say("entry point " if len(refs) == 1 else "entry points ") + _codes(refs)


def _listing(refs: Sequence[str], one: str, many: str, *, of: int) -> _Text:
    """"`tender` has no page" / "2 of 3 refs have no page: `a`, `b`"."""
    if len(refs) == 1:
        return _codes(refs) + _say(f" {one}")
    return _say(f"{len(refs)} of {of} refs {many}: ") + _codes(refs)


def _step(name: str, score: int, detail: _Text, action: _Text | None = None) -> Step:
    return Step(name, score, detail.plain, action.plain if action else None,
                detail.mrkdwn, action.mrkdwn if action else None)


def _is(items: Sized) -> str:
    return "is" if len(items) == 1 else "are"


def count_noun(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _duration(value: timedelta) -> str:
    """A duration as the lanes file writes it: 7d, 2h, 15m, 30s (the largest exact unit)."""
    seconds = int(value.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
