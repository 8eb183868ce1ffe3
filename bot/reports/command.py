"""What `/wa-report` was asked, from the slash command's text.

    /wa-report [period] [lane …] [@rep] [public]
    /wa-report readiness [lane …] [public]

Pure: `parse_command(text, lanes, now=…)` returns a request, or the `Usage` line to show
(ephemerally) instead, naming what was wrong. Tokens come in any order and any case.
Slack sends the text escaped (`should_escape: true`): people as `<@U0AAA|aisha>` and a
typed `<`, `>`, `&` as `&lt;`, `&gt;`, `&amp;`. Text quoted back is escaped again and
kept inside its backticks, so it can never mention anyone.

A lane is named as in the lanes file, in any case, or by its channel (`#sales`). A name
may have several words ("arabic seo"); the longest name that fits wins, and lane names are
tried before the other words, so a lane may be called `today`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from bot.lanes import Lane, LanesConfig
from bot.reports.model import Period, ReportQuery
from bot.reports.period import PERIOD_EXAMPLES, parse_period
from bot.slack import ids
from bot.slack.text import escape_mrkdwn

COMMAND = ids.REPORT_COMMAND
PUBLIC = "public"
READINESS = "readiness"
HELP = "help"

_TOKEN = re.compile(r"<[^<>]*>|[^\s<,]+")  # Slack's <…> entities stay whole; commas separate too
_USER = re.compile(r"<@([UW][A-Z0-9]{2,})(?:\|[^<>]*)?>")
_CHANNEL = re.compile(r"<#([CG][A-Z0-9]{2,})(?:\|[^<>]*)?>")  # `#sales`: the lane posting there
_PERIODISH = re.compile(r"today|yesterday|(?:this|last)-(?:week|month)|[0-9][0-9a-z.\-]*")
_QUOTE_MAX = 40
_MAX_PROBLEMS = 3


@dataclass(frozen=True)
class ReportRequest:
    query: ReportQuery
    public: bool = False  # post in the channel rather than only to the person who asked


@dataclass(frozen=True)
class ReadinessRequest:
    lanes: tuple[str, ...] = ()  # empty: every lane
    public: bool = False


@dataclass(frozen=True)
class Usage:
    """An ephemeral reply: what was wrong (if anything), then how to use the command."""

    text: str


def parse_command(text: str, lanes: LanesConfig, *, now: datetime) -> ReportRequest | ReadinessRequest | Usage:
    """The request `text` (the slash command's escaped text) makes, or the `Usage` to show."""
    tokens = [token.replace("`", "") for token in _TOKEN.findall(_natural(text))]  # `7d` typed as code is 7d
    words = _scan([token for token in tokens if token], lanes)
    if words.help:
        return usage(lanes)
    problems = words.problems(lanes)
    lane_names = tuple(lane.name for lane in lanes.lanes if lane.name in words.lanes)  # the file's order
    if words.readiness:
        return usage(lanes, problems) if problems else ReadinessRequest(lane_names, words.public)
    period: Period | None = None
    if len(words.periods) <= 1:
        given = words.periods[0] if words.periods else None
        try:
            period = parse_period(
                _unescape(given) if given else None,
                tz=lanes.workspace.timezone,
                now=now,
                week_start=lanes.week_start,
            )
        except ValueError as exc:  # the reason never repeats the input; the input is quoted safely
            problems.append(f"Period {_quote(given or '')}: {exc}.")
    if problems or period is None:
        return usage(lanes, problems)
    rep = words.reps[0] if words.reps else None
    return ReportRequest(ReportQuery(period=period, lanes=lane_names, rep=rep, now=now), words.public)


_NATURAL = (  # periods as people type them: "last 7d", "last 30 days", "this week"
    (re.compile(r"\b(?:last|past|previous)\s+([0-9]{1,3})\s*(?:d|days?)\b", re.I), r"\1d"),
    (re.compile(r"\b([0-9]{1,3})\s+days?\b", re.I), r"\1d"),
    (re.compile(r"\b(this|last)\s+(week|month)\b", re.I), r"\1-\2"),
)


def _natural(text: str) -> str:
    """Rewrite natural period phrases to their short forms, outside Slack's `<…>` entities."""
    parts = re.split(r"(<[^<>]*>)", text)
    for index, part in enumerate(parts):
        if not part.startswith("<"):
            for pattern, short in _NATURAL:
                part = pattern.sub(short, part)
            parts[index] = part
    return "".join(parts)


@dataclass
class _Words:
    """The command's tokens, sorted by what they are."""

    lanes: set[str] = field(default_factory=set)
    periods: list[str] = field(default_factory=list)  # as typed (escaped by Slack)
    reps: list[str] = field(default_factory=list)  # user ids, each once
    plain_mentions: list[str] = field(default_factory=list)  # `@aisha` typed without autocomplete
    channels: list[str] = field(default_factory=list)  # ids of channels that are no lane's
    unknown: list[str] = field(default_factory=list)
    public: bool = False
    readiness: bool = False
    help: bool = False

    def problems(self, lanes: LanesConfig) -> list[str]:
        problems: list[str] = []
        if self.unknown:
            s = "s" if len(self.unknown) > 1 else ""
            problems.append(f"I don't know the period{s} or lane{s} {', '.join(map(_quote, self.unknown))}.")
        for token in self.plain_mentions:
            problems.append(f"{_quote(token)} is plain text: pick the person from Slack's autocomplete as you type @.")
        for channel in self.channels:
            problems.append(f"<#{channel}> is not a lane's channel.")
        if len(self.reps) > 1:
            problems.append(f"Give one person, not {' and '.join(f'<@{rep}>' for rep in self.reps)}.")
        for rep in self.reps:
            if not lanes.lanes_of(rep) and rep not in lanes.workspace.leads:
                problems.append(f"<@{rep}> is not a member of any lane.")
        if self.readiness and self.periods:
            problems.append(f"Readiness is the state now: it takes no period ({_quote(self.periods[0])}).")
        if self.readiness and self.reps:
            problems.append("Readiness is per lane, not per person.")
        if len(self.periods) > 1:
            problems.append(f"Give one period, not {' and '.join(map(_quote, self.periods))}.")
        return problems


def _scan(tokens: list[str], lanes: LanesConfig) -> _Words:
    words, names, i = _Words(), _lane_words(lanes), 0
    channels = {lane.channel: lane for lane in lanes.lanes}
    while i < len(tokens):
        token = tokens[i]
        lane, width = _match_lane(tokens, i, names)
        folded = _unescape(token).casefold()
        i += width or 1
        if lane is not None:
            words.lanes.add(lane.name)
        elif folded == PUBLIC:
            words.public = True
        elif folded == READINESS:
            words.readiness = True
        elif folded == HELP:
            words.help = True
        elif user := _USER.fullmatch(token):
            if user[1] not in words.reps:
                words.reps.append(user[1])
        elif channel := _CHANNEL.fullmatch(token):
            if channel[1] in channels:
                words.lanes.add(channels[channel[1]].name)
            elif channel[1] not in words.channels:
                words.channels.append(channel[1])
        elif folded.startswith("@") and len(folded) > 1:
            words.plain_mentions.append(token)
        elif _PERIODISH.fullmatch(folded):
            words.periods.append(token)
        else:
            words.unknown.append(token)
    return words


def usage(lanes: LanesConfig, problems: list[str] | None = None) -> Usage:
    """The usage line, after what was wrong (at most a few problems, in the order found)."""
    lane_list = ", ".join(escape_mrkdwn(lane.name) for lane in lanes.lanes)
    line = (
        f"Usage: `{COMMAND} [period] [lane] [@rep] [public]` — e.g. `{COMMAND} 30d sales`, "
        f"`{COMMAND} this-week @Aisha public`, `{COMMAND} 2026-11-01..2026-11-15`, "
        f"`{COMMAND} {READINESS}`. Periods: {PERIOD_EXAMPLES}. Lanes: {lane_list}."
    )
    said = " ".join(list(dict.fromkeys(problems or []))[:_MAX_PROBLEMS])
    return Usage(f"{said}\n{line}" if said else line)


def _lane_words(lanes: LanesConfig) -> list[tuple[tuple[str, ...], Lane]]:
    """Each lane's name as folded words, the most words (then the longest) first."""
    named = [(tuple(lane.name.casefold().split()), lane) for lane in lanes.lanes]
    return sorted(named, key=lambda item: (-len(item[0]), -len(" ".join(item[0]))))


def _match_lane(tokens: list[str], i: int, names: list[tuple[tuple[str, ...], Lane]]) -> tuple[Lane | None, int]:
    """The lane whose name is spelled by the tokens from `i`, and how many tokens it takes."""
    for words, lane in names:
        width = len(words)
        if width and tuple(_unescape(token).casefold() for token in tokens[i : i + width]) == words:
            return lane, width
    return None, 0


def _unescape(token: str) -> str:
    """Undo Slack's escaping of what the person typed (`&lt;` → `<`, …)."""
    return token.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _quote(token: str) -> str:
    """`token` as inline code that cannot end early or mention anyone: one short line, escaped, no backticks."""
    text = " ".join(_unescape(token).replace("`", "").split())  # one line
    if len(text) > _QUOTE_MAX:
        text = text[: _QUOTE_MAX - 1] + "…"
    return f"`{escape_mrkdwn(text)}`" if text.strip() else "`(backticks)`"
