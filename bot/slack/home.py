"""The App Home tab, built with ``slack_sdk.models``: availability with its switch, "My open
conversations" and "Unclaimed in my lanes". Pure: the same data and time give the same view.

Contact names and numbers are untrusted and escaped; a permalink is linked only when it is
an http(s) URL that cannot break out of the ``<url|Open>`` link.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.slack import ids
from bot.slack.blocks import NONE, STATUS_WORDS
from bot.slack.text import escape_mrkdwn, split_text

MAX_BLOCKS = 100  # Slack's limit for a Home tab
NAME_LIMIT = 150  # escaped characters of a contact name or number on an item line
AWAY_VALUE, BACK_VALUE = "away", "back"

MINE_TITLE = "My open conversations"
UNCLAIMED_TITLE = "Unclaimed in my lanes"
MINE_EMPTY = "Nothing open is yours right now."
UNCLAIMED_EMPTY = "Nothing unclaimed in your lanes."
NO_LANES = "You are not a member or lead of any lane, so no unclaimed conversations are shown."
AWAY_LINE = ":palm_tree: *You're away*: new conversations are not assigned to you."
AVAILABLE_LINE = ":large_green_circle: *You're available*: new conversations can be assigned to you."


@dataclass(frozen=True)
class HomeItem:
    conversation_id: int
    contact_name: str | None  # untrusted: the customer's WhatsApp profile name
    contact_number: str  # E.164, or WhatsApp's own id (untrusted too)
    lane: str
    status: str
    score: int | None
    permalink: str | None  # of the card; None until the card is posted
    waiting_since: datetime | None  # the customer's last message, when we have not answered it


@dataclass(frozen=True)
class HomeData:
    away: bool
    mine: list[HomeItem] = field(default_factory=list)
    unclaimed: list[HomeItem] = field(default_factory=list)
    mine_more: int = 0  # open conversations of the user beyond `mine`
    unclaimed_more: int = 0
    lanes: tuple[str, ...] = ()  # the lanes whose unclaimed conversations the user sees



def render_home(data: HomeData, *, now: datetime) -> dict[str, Any]:
    """The Home tab view for ``views.publish``."""
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text="WhatsApp conversations", emoji=True)),
        _availability(data.away),
        DividerBlock(),
        *_section(MINE_TITLE, data.mine, data.mine_more, MINE_EMPTY, now),
        DividerBlock(),
        *_section(UNCLAIMED_TITLE, data.unclaimed, data.unclaimed_more,
                  UNCLAIMED_EMPTY if data.lanes else NO_LANES, now),
        ContextBlock(elements=[MarkdownTextObject(text=f"Updated {_utc(now):%Y-%m-%d %H:%M} UTC")]),
    ]
    if len(blocks) > MAX_BLOCKS:  # only if a caller passes lists longer than bot.conversations.home.LIST_LIMIT
        raise ValueError(f"Home tab of {len(blocks)} blocks; Slack allows {MAX_BLOCKS}")
    return View(type="home", blocks=blocks).to_dict()


def waiting_words(since: datetime, now: datetime) -> str:
    """``waiting 2 h 5 min`` for the time from ``since`` to ``now`` (never negative)."""
    minutes = max(0, int((_utc(now) - _utc(since)) // timedelta(minutes=1)))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"waiting {days} d {hours} h" if hours else f"waiting {days} d"
    if hours:
        return f"waiting {hours} h {minutes} min" if minutes else f"waiting {hours} h"
    return f"waiting {minutes} min" if minutes else "waiting under 1 min"


def item_line(item: HomeItem, now: datetime) -> str:
    """One conversation as a mrkdwn line: contact, lane, status, score, waiting time, link."""
    number = _clip(item.contact_number, NAME_LIMIT)
    contact = f"*{_clip(item.contact_name, NAME_LIMIT)}* {number}" if item.contact_name else f"*{number}*"
    parts = [
        contact,
        _clip(item.lane, NAME_LIMIT),
        STATUS_WORDS.get(item.status) or _clip(item.status, NAME_LIMIT),
        f"score {item.score if item.score is not None else NONE}",
    ]
    if item.waiting_since is not None:
        parts.append(waiting_words(item.waiting_since, now))
    link = _link(item.permalink)
    if link:
        parts.append(link)
    return " · ".join(parts)


def _availability(away: bool) -> SectionBlock:
    button = ButtonElement(
        action_id=ids.HOME_AWAY,
        text=PlainTextObject(text="I'm back" if away else "Set yourself away", emoji=True),
        value=BACK_VALUE if away else AWAY_VALUE,
        style="primary" if away else None,
    )
    return SectionBlock(text=MarkdownTextObject(text=AWAY_LINE if away else AVAILABLE_LINE), accessory=button)


def _section(title: str, items: list[HomeItem], more: int, empty: str, now: datetime) -> list[Block]:
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text=title, emoji=True))]
    if not items:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=empty)]))
    blocks += [SectionBlock(text=MarkdownTextObject(text=item_line(item, now))) for item in items]
    if more > 0:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"…and {more} more")]))
    return blocks


def _link(permalink: str | None) -> str | None:
    if not permalink or not permalink.startswith(("https://", "http://")):
        return None
    if any(ch in permalink for ch in "<>| \n\r\t"):
        return None
    return f"<{permalink.replace('&', '&amp;')}|Open>"


def _clip(raw: str, limit: int) -> str:
    """``raw`` escaped, shortened with "…" (never mid-entity or mid-character) to ``limit``."""
    escaped = escape_mrkdwn(raw)
    if len(escaped) <= limit:
        return escaped
    return escape_mrkdwn(split_text(raw, limit - 1)[0]) + "…"


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)
