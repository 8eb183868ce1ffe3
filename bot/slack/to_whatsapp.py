"""A rep's Slack message as WhatsApp text (pure).

Slack sends the same content twice: `text`, escaped (`&amp;`, `<@U…>`, `<url|label>`,
`:emoji:`), and the `rich_text` block as structured elements. The block is preferred:
it has real characters, emoji as Unicode and styles; `text` is the fallback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

NameOf = Callable[[str], str | None]  # Slack user id → display name (or None)

# A mention whose name is looked up later (by the send job, not before Slack's ack): the
# user id between two invisible separators, which no rep types.
_DEFERRED = "\u2063"
_DEFERRED_MENTION = re.compile(_DEFERRED + r"([A-Z0-9]{1,32})" + _DEFERRED)

_STYLE_MARKS = (("code", "```"), ("bold", "*"), ("italic", "_"), ("strike", "~"))
_SPECIAL = re.compile(r"<([^<>]*)>")


def to_whatsapp(event: dict[str, Any], name_of: NameOf = lambda _user: None) -> str:
    """The WhatsApp text for a Slack message event."""
    blocks = [b for b in event.get("blocks") or [] if isinstance(b, dict) and b.get("type") == "rich_text"]
    if blocks:
        text = "".join(_block(element, name_of) for block in blocks for element in block.get("elements") or [])
        return text.strip("\n")
    return from_mrkdwn(str(event.get("text") or ""), name_of)


def deferred_name(user_id: str) -> str:
    """A `NameOf` that asks nobody: the mention is resolved by `resolve_mentions` later."""
    return f"{_DEFERRED}{user_id}{_DEFERRED}"


def resolve_mentions(text: str, name_of: NameOf) -> str:
    """Put names into the mentions `deferred_name` left (the user id where there is no name)."""
    return _DEFERRED_MENTION.sub(lambda match: name_of(match.group(1)) or match.group(1), text)


def from_mrkdwn(text: str, name_of: NameOf = lambda _user: None) -> str:
    """Undo Slack's escaping and markup in a message's `text`."""

    def special(match: re.Match[str]) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if target.startswith("@"):
            return "@" + (label or name_of(target[1:]) or target[1:])
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!subteam^"):
            return label or "@team"
        if target.startswith("!"):
            return "@" + (label or target[1:].split("^")[0])
        if target.startswith("mailto:"):
            return label or target[len("mailto:"):]
        return target if not label or label == target else f"{label} ({target})"

    text = _SPECIAL.sub(special, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _block(element: dict[str, Any], name_of: NameOf) -> str:
    kind = element.get("type")
    children: Iterable[dict[str, Any]] = element.get("elements") or []
    if kind == "rich_text_section":
        return "".join(_inline(child, name_of) for child in children)
    if kind == "rich_text_preformatted":
        return "```" + "".join(_inline(child, name_of, styled=False) for child in children) + "```\n"
    if kind == "rich_text_quote":
        body = "".join(_inline(child, name_of) for child in children)
        return "".join(f"> {line}\n" for line in body.split("\n"))
    if kind == "rich_text_list":
        ordered = element.get("style") == "ordered"
        indent = "  " * int(element.get("indent") or 0)
        lines = []
        for number, item in enumerate(children, start=int(element.get("offset") or 0) + 1):
            bullet = f"{number}." if ordered else "•"
            lines.append(f"{indent}{bullet} {_block(item, name_of).rstrip()}\n")
        return "".join(lines)
    return ""


def _inline(element: dict[str, Any], name_of: NameOf, *, styled: bool = True) -> str:
    kind = element.get("type")
    if kind == "text":
        text = str(element.get("text") or "")
    elif kind == "link":
        url = str(element.get("url") or "")
        label = str(element.get("text") or "")
        text = url if not label or label == url else f"{label} ({url})"
    elif kind == "user":
        user = str(element.get("user_id") or "")
        text = "@" + (name_of(user) or user)
    elif kind == "usergroup":
        text = "@team"
    elif kind == "channel":
        text = "#" + str(element.get("channel_id") or "")
    elif kind == "broadcast":
        text = "@" + str(element.get("range") or "here")
    elif kind == "emoji":
        text = _emoji(element)
    elif kind == "date":
        text = str(element.get("fallback") or "")
    else:
        text = str(element.get("text") or "")
    style = element.get("style") or {}
    if styled and text.strip() and isinstance(style, dict):
        for name, mark in _STYLE_MARKS:
            if style.get(name):
                text = f"{mark}{text}{mark}"
    return text


def _emoji(element: dict[str, Any]) -> str:
    code = str(element.get("unicode") or "")
    try:
        return "".join(chr(int(part, 16)) for part in code.split("-")) if code else f":{element.get('name', '')}:"
    except ValueError:
        return f":{element.get('name', '')}:"
