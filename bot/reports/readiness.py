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
sentence is built twice (`t.Text`): plain for the terminal, and mrkdwn for Slack with the
lanes file's text escaped, so only the ids the lanes file validated become mentions.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Literal

from bot.lanes import EntryPoint, Lane, LanesConfig
from bot.reports import readiness_text as t
from bot.routing.entry import find_entry_ref
from bot.routing.links import business_digits

UserStatus = Literal["active", "deleted", "bot", "not_found", "unknown"]
VISIBLE, AT_RISK, MISSING = 2, 1, 0
MAX_SCORE = 10
STEP_NAMES = ("Entry points", "Preset messages", "Labels", "Owners", "Follow-up cadence")
MAX_BLOCKS = 50
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
    lanes: LanesConfig, facts: SlackFacts, *, only: Collection[str] | None = None, sender: str | None = None
) -> tuple[LaneReadiness, ...]:
    """Every lane's readiness (or only the lanes named in `only`), in lanes-file order. With the
    business `sender` (TWILIO_WHATSAPP_FROM) or the lane's own, an entry point without a page but
    with a working click-to-chat link (`python -m bot links`) counts as visible."""
    results = []
    for lane in lanes.lanes:
        if only is not None and lane.name not in only:
            continue
        refs = tuple(ep for ep in lanes.entry_points if ep.lane == lane.name)
        number = lane.sender or sender  # the lane's own number, as `python -m bot links` uses
        steps = (
            _entry_points(lane, refs, lanes, linkable=bool(number and business_digits(number))),
            _presets(lane, refs, lanes),
            _labels(lane, refs, lanes),
            _owners(lane, facts),
            _cadence(lane, lanes),
        )
        results.append(LaneReadiness(lane.name, steps, sum(step.score for step in steps), lane.channel))
    return tuple(results)


# --- the five steps -------------------------------------------------------------------


def _entry_points(lane: Lane, refs: tuple[EntryPoint, ...], lanes: LanesConfig, *, linkable: bool = False) -> Step:
    name = STEP_NAMES[0]
    if not refs:
        reach = []
        if lane.keywords:
            reach.append("by keywords")
        if lane.name == lanes.workspace.default_lane:
            reach.append("as the default lane")
        how = (f"customers reach it only {' and '.join(reach)}" if reach
               else "no keywords either: no customer reaches it")
        return _step(name, MISSING, t.say(f"no entry point; {how}"),
                     t.say("Add an `[[entry_points]]` with `lane = ") + t.quoted(lane.name) + t.say("` and a `page`"))
    no_page = [ep.ref for ep in refs if not (ep.page or "").strip()]
    if no_page and linkable:  # a wa.me link (and its QR code) reaches customers without a page
        every = "each with a page or a click-to-chat link" if len(refs) > 1 else "with a click-to-chat link"
        return _step(name, VISIBLE, t.say(f"{t.count_noun(len(refs), 'ref')}, {every}: ") + t.codes(ep.ref for ep in refs))
    if no_page:
        return _step(name, AT_RISK, t.listing(no_page, "has no page", "have no page", of=len(refs)),
                     t.say("Add a `page` to ") + t.entry_points_named(no_page))
    every = "all with a page" if len(refs) > 1 else "with a page"
    return _step(name, VISIBLE, t.say(f"{t.count_noun(len(refs), 'ref')}, {every}: ") + t.codes(ep.ref for ep in refs))


def _presets(lane: Lane, refs: tuple[EntryPoint, ...], lanes: LanesConfig) -> Step:
    name = STEP_NAMES[1]
    if not refs:
        return _step(name, MISSING, t.say("no entry point, so no preset message"),
                     t.say("Add an entry point for lane ") + t.code(lane.name)
                     + t.say(" with a `preset` that carries its ref"))
    every_ref = [ep.ref for ep in lanes.entry_points]
    missing = [ep.ref for ep in refs if not (ep.preset or "").strip()]
    astray = [ep.ref for ep in refs if ep.ref not in missing
              and (find_entry_ref(ep.preset or "", every_ref) or "").casefold() != ep.ref.casefold()]
    if missing:
        return _step(name, MISSING if len(missing) == len(refs) else AT_RISK,
                     t.listing(missing, "has no preset", "have no preset", of=len(refs)),
                     t.say("Add a `preset` to ") + t.entry_points_named(missing))
    if astray:
        first = astray[0]
        return _step(name, AT_RISK, t.listing(astray, "has a preset without its ref", "have presets without their ref",
                                             of=len(refs)),
                     t.say("Put ") + t.code(f"ref: {first}") + t.say(" in the `preset` of entry point ") + t.code(first))
    each = "each with a preset that carries it" if len(refs) > 1 else "with a preset that carries it"
    return _step(name, VISIBLE, t.say(f"{t.count_noun(len(refs), 'ref')}, {each}"))


def _labels(lane: Lane, refs: tuple[EntryPoint, ...], lanes: LanesConfig) -> Step:
    name = STEP_NAMES[2]
    if not lanes.labels:
        return _step(name, MISSING, t.say("no `[labels]`: conversations can't be labelled"),
                     t.say("Add `[labels] names = [...]` to the lanes file"))
    defined = t.count_noun(len(lanes.labels), "label")
    if not refs:
        return _step(name, AT_RISK, t.say(f"{defined} defined; no entry point sets one, so reps label by hand"),
                     t.say("Add an entry point for lane ") + t.code(lane.name) + t.say(" with a `label`"))
    unlabelled = [ep.ref for ep in refs if not ep.label]
    if unlabelled:
        return _step(name, AT_RISK, t.listing(unlabelled, "sets no label", "set no label", of=len(refs))
                     + t.say("; reps label those by hand"),
                     t.say("Set a `label` on ") + t.entry_points_named(unlabelled))
    labels = t.some([t.code(ep.ref) + t.Text(" -> ", " → ") + t.code(ep.label or "") for ep in refs])
    return _step(name, VISIBLE, t.say("every ref sets a label: ") + labels)


def _owners(lane: Lane, facts: SlackFacts) -> Step:
    name = STEP_NAMES[3]
    if not lane.members:
        return _step(name, MISSING, t.say("no `members`: nobody may claim here"),
                     t.say("Add `members` to lane ") + t.code(lane.name))
    in_channel = facts.members_of(lane.channel)
    channel = t.channel(lane.channel)
    gone = [m for m in lane.members if facts.status_of(m) in ("deleted", "not_found")]
    bots = [m for m in lane.members if facts.status_of(m) == "bot"]
    outside = [m for m in lane.members if in_channel is not None and m not in in_channel and m not in gone + bots]
    unchecked = [m for m in lane.members if facts.status_of(m) == "unknown"]
    bad = set(gone) | set(bots) | set(outside)
    ready = [m for m in lane.members if m not in bad and m not in unchecked and in_channel is not None]
    bot_outside = facts.bot_user is not None and in_channel is not None and facts.bot_user not in in_channel

    notes: list[t.Text] = []
    if bot_outside:
        notes.append(t.say("the bot is not in ") + channel)
    if gone:
        notes.append(t.users(gone) + t.say(f" {t.is_are(gone)} deactivated or not found"))
    if bots:
        notes.append(t.users(bots) + t.say(" is a bot, not a person" if len(bots) == 1 else " are bots, not people"))
    if outside:
        notes.append(t.users(outside) + t.say(f" {t.is_are(outside)} not in ") + channel)
    if in_channel is None:
        notes.append(t.say("couldn't read who is in ") + channel)
    if unchecked:
        notes.append(t.say("couldn't check ") + t.users(unchecked))
    if len(lane.members) == 1 and not bad:
        notes.append(t.say("only one member: nobody covers for them"))

    if not ready and (len(bad) == len(lane.members)):
        score = MISSING
    elif len(lane.members) >= 2 and len(ready) == len(lane.members) and not bot_outside:
        score = VISIBLE
    else:
        score = AT_RISK

    action: t.Text | None = None
    if bot_outside:
        action = t.say("Invite the bot ") + t.user(facts.bot_user or "") + t.say(" to ") + channel
    elif gone or bots:
        action = t.say("Replace ") + t.users(gone + bots) + t.say(" in the `members` of lane ") + t.code(lane.name)
    elif outside:
        action = t.say("Invite ") + t.users(outside) + t.say(" to ") + channel
    elif in_channel is None or unchecked:
        action = t.say("Let the bot read ") + channel + t.say(" (invite it; scopes `channels:read`, `groups:read`, "
                                                       "`users:read`) and check again")
    elif len(lane.members) < 2:
        action = t.say("Add a second person to the `members` of lane ") + t.code(lane.name)
    if score == VISIBLE:
        detail = t.say(f"{t.count_noun(len(ready), 'member')}, all active and in ") + channel
    else:
        detail = t.join(notes, "; ")
    return _step(name, score, detail, action)


def _cadence(lane: Lane, lanes: LanesConfig) -> Step:
    name = STEP_NAMES[4]
    claim, reply = lane.claim_within, lane.reply_within
    needs_reply = not lane.alerts_only
    parts = []
    if claim is not None:
        repings = f"{t.count_noun(lane.repings, 're-ping')} then " if lane.repings else "then "
        parts.append(f"claim within {t.duration(claim)}, {repings}{lane.then}")
    if reply is not None:
        parts.append(f"reply within {t.duration(reply)}")
    if lane.alerts_only:
        parts.append("alerts only: replies are not sent, so no `reply_within` needed")
    parts.append(f"closes after {t.duration(lane.close_after)} without a customer answer")
    detail = t.say("; ".join(parts))

    if claim is not None and (reply is not None or not needs_reply):
        score = VISIBLE
    elif claim is not None or reply is not None:
        score = AT_RISK
    else:
        score = MISSING
    missing = [key for key, unset in (("claim_within", claim is None), ("reply_within", needs_reply and reply is None))
               if unset]
    action: t.Text | None = None
    if missing:
        keys = " and ".join(f"`{key}`" for key in missing)
        action = t.say(f"Set {keys} for lane ") + t.code(lane.name)

    escalates = (claim is not None and lane.then == "escalate") or reply is not None
    if escalates and not lanes.workspace.escalation_channel and not (lane.leads or lanes.workspace.leads):
        detail = detail + t.say("; escalations reach nobody (no `escalation_channel`, no leads)")
        score = min(score, AT_RISK)
        action = action or t.say("Set `escalation_channel` in `[workspace]`")
    return _step(name, score, detail, action)


def _step(name: str, score: int, detail: t.Text, action: t.Text | None = None) -> Step:
    return Step(name, score, detail.plain, action.plain if action else None,
                detail.mrkdwn, action.mrkdwn if action else None)
