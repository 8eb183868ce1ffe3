"""Readiness sentences, built twice: plain for the terminal and mrkdwn for Slack with the
lanes file's text escaped, so only the ids the lanes file validated become mentions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence, Sized
from dataclasses import dataclass
from datetime import timedelta

from bot.lanes import CHANNEL_ID, USER_ID
from bot.slack.text import escape_mrkdwn

LIST_LIMIT = 5  # names listed in a detail before "and N more"


@dataclass(frozen=True)
class Text:
    plain: str
    mrkdwn: str

    def __add__(self, other: Text) -> Text:
        return Text(self.plain + other.plain, self.mrkdwn + other.mrkdwn)


def say(text: str) -> Text:
    """The program's own words: shown as they are, escaped for Slack all the same."""
    return Text(text, escape_mrkdwn(text))


def code(value: str) -> Text:
    """Text from the lanes file, in backticks."""
    return Text(f"`{value}`", f"`{escape_mrkdwn(value)}`")


def quoted(value: str) -> Text:
    return Text(f'"{value}"', f'"{escape_mrkdwn(value)}"')


def user(user: str) -> Text:
    return Text(f"<@{user}>", f"<@{user}>" if USER_ID.fullmatch(user) else f"`{escape_mrkdwn(user)}`")


def channel(channel: str) -> Text:
    return Text(f"<#{channel}>", f"<#{channel}>" if CHANNEL_ID.fullmatch(channel) else f"`{escape_mrkdwn(channel)}`")


def join(parts: Sequence[Text], sep: str = ", ") -> Text:
    joined = say("")
    for index, part in enumerate(parts):
        joined = joined + (say(sep) if index else say("")) + part
    return joined


def some(parts: list[Text]) -> Text:
    """At most `LIST_LIMIT` of `parts`, then "and N more"."""
    shown = join(parts[:LIST_LIMIT])
    return shown + say(f" and {len(parts) - LIST_LIMIT} more") if len(parts) > LIST_LIMIT else shown


def codes(values: Iterable[str]) -> Text:
    return some([code(value) for value in values])


def users(ids: Sequence[str]) -> Text:
    return some([user(one) for one in ids])


def entry_points_named(refs: Sequence[str]) -> Text:
    return say("entry point " if len(refs) == 1 else "entry points ") + codes(refs)


def listing(refs: Sequence[str], one: str, many: str, *, of: int) -> Text:
    """"`tender` has no page" / "2 of 3 refs have no page: `a`, `b`"."""
    if len(refs) == 1:
        return codes(refs) + say(f" {one}")
    return say(f"{len(refs)} of {of} refs {many}: ") + codes(refs)


def is_are(items: Sized) -> str:
    return "is" if len(items) == 1 else "are"


def count_noun(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def duration(value: timedelta) -> str:
    """A duration as the lanes file writes it: 7d, 2h, 15m, 30s (the largest exact unit)."""
    seconds = int(value.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
