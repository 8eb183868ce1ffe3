"""A customer's message as the bot posts it in the card's thread: visibly the customer's.

Each post names the customer first (":bust_in_silhouette: *Ana* wrote:", a context line),
then quotes the text (every line starts with `>`), escaped (`&`, `<`, `>`: no mentions) and
with Slack's formatting marks (`*`, `_`, `~`, `` ` ``) neutralised by zero-width spaces, so
`*:lock: Closed by …*` typed by a customer shows as typed, inside the quote, and can never
pass for the bot's own notes. The fallback `text` (notifications) is the escaped text.
"""

from __future__ import annotations

from typing import Any

from bot.slack.text import SECTION_LIMIT, escape_mrkdwn, split_text

NAME_LIMIT = 80
ZWSP = "\u200b"
_MARKS = "*_~`"


def neutralise(text: str) -> str:
    """Escaped mrkdwn in which the customer's formatting marks format nothing."""
    escaped = escape_mrkdwn(text)
    for mark in _MARKS:
        escaped = escaped.replace(mark, f"{ZWSP}{mark}{ZWSP}")
    return escaped


def quoted(text: str) -> str:
    return "\n".join(f">{line}" if line else ">" for line in neutralise(text).split("\n"))


def render_customer_message(text: str, name: str | None) -> list[tuple[str, list[dict[str, Any]]]]:
    """`(fallback_text, blocks)` posts, one per chunk, in order."""
    who = neutralise((name or "").strip()[:NAME_LIMIT]) or "The customer"
    chunks = _chunks(text, SECTION_LIMIT)
    posts = []
    for index, chunk in enumerate(chunks):
        more = f" ({index + 1}/{len(chunks)})" if len(chunks) > 1 else ""
        blocks: list[dict[str, Any]] = [
            {"type": "context", "elements": [{"type": "mrkdwn", "text": f":bust_in_silhouette: *{who}* wrote{more}:"}]},
            {"type": "section", "text": {"type": "mrkdwn", "text": quoted(chunk)}},
        ]
        posts.append((escape_mrkdwn(chunk), blocks))
    return posts


def _chunks(text: str, limit: int) -> list[str]:
    """Pieces of `text` whose quoted form fits a section block (quoting adds a little per line and mark)."""
    pieces: list[str] = []
    for chunk in split_text(text, limit):
        if len(quoted(chunk)) <= SECTION_LIMIT:
            pieces.append(chunk)
        else:
            pieces.extend(_chunks(chunk, max(limit // 2, 5)))
    return pieces
