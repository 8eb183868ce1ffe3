"""Block Kit for the conversation card and its thread, built with ``slack_sdk.models.blocks``.

Every untrusted string (contact name and number, referral, reason, labels) goes through
``escape_mrkdwn`` wherever it lands in mrkdwn, so no customer can mention anyone.
Display-only plain text is shortened with "…" only where Slack would reject it;
customer message text is never shortened, it is split (see ``split_text``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DateTimePickerElement,
    InteractiveElement,
    MarkdownTextObject,
    Option,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)

from bot.slack import card_notes, ids
from bot.slack.score_notes import LOW_PRIORITY, reasons_line, score_field
from bot.slack.text import SECTION_LIMIT, escape_mrkdwn, split_text
from bot.slack.triage_notes import label_with_confidence

FIELD_VALUE_LIMIT = 1900  # a section field's text is at most 2000, with its title
OPTION_TEXT_LIMIT = 75
MAX_OPTIONS = 100
FALLBACK_NAME_LIMIT = 150
NONE = "—"
NO_LABELS_VALUE = "-"  # the only option when no labels are configured; matches no label

STATUS_WORDS = {
    "unclaimed": "Unclaimed",
    "claimed": "Claimed",
    "waiting": "Waiting for customer",
    "followup": "Follow-up needed",
    "closed": "Closed",
}
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")


@dataclass(frozen=True)
class CardView:
    """What the conversation card shows; ``contact_name`` and ``referral`` are untrusted."""

    conversation_id: int
    contact_name: str | None
    contact_number: str
    lane: str
    label: str | None
    score: int | None
    owner: str | None
    status: str
    reason: str
    labels: tuple[str, ...]
    entry_ref: str | None = None
    referral: str | None = None
    opened_at: datetime | None = None
    notices: tuple[str, ...] = ()  # trusted mrkdwn from bot.slack.notes ("opted out", "alerts only")
    claimed_at: datetime | None = None
    outcome: str | None = None
    closed_by: str | None = None
    closed_at: datetime | None = None
    followup_at: datetime | None = None
    followup_choices: tuple[tuple[str, str], ...] = ()  # (value, words) for "Remind me"
    moved_from: str | None = None  # permalink of the card this one replaced
    previous: tuple[str, str] | None = None  # (permalink, outcome) of the contact's last closed conversation
    members: tuple[tuple[str, str], ...] = ()  # (user id, display name) for Reassign
    other_lanes: tuple[str, ...] = ()  # for Move
    score_band: str | None = None  # hot | warm | nurture | cold
    score_reasons: tuple[str, ...] = ()  # untrusted: built from the customer's words
    label_confidence: float | None = None  # the triage's, when the classifier chose the label
    wrote_to: str | None = None  # the number of ours the customer wrote to (shown when there are several)


def render_card(view: CardView) -> tuple[str, list[dict]]:
    """The fallback ``text`` and the ``blocks`` of the card (for chat.postMessage/chat.update)."""
    name = _clip_mrkdwn(view.contact_name or "", FALLBACK_NAME_LIMIT)
    number = _clip_mrkdwn(view.contact_number, FALLBACK_NAME_LIMIT)
    lane = _clip_mrkdwn(view.lane, FALLBACK_NAME_LIMIT)
    who = f"{name} ({number})" if name else number
    fallback = f"WhatsApp: {who} in {lane}"

    contact = f"*{name}*  {number}" if name else f"*{number}*"
    fields = [
        ("Lane", _clip_mrkdwn(view.lane, FIELD_VALUE_LIMIT)),
        ("Label", _clip_mrkdwn(label_with_confidence(view.label, view.label_confidence), FIELD_VALUE_LIMIT)
         if view.label else NONE),
        ("Score", score_field(view.score, view.score_band) or NONE),
        ("Owner", _owner(view.owner) + (f" since {_utc(view.claimed_at)}" if view.owner and view.claimed_at else "")),
        ("Status", _status_words(view.status) + _closing(view)
         + (f" (due {_utc(view.followup_at)})" if view.status == "followup" and view.followup_at else "")),
    ]
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(text=f":speech_balloon: {contact}"),
            fields=[MarkdownTextObject(text=f"*{title}*\n{value}") for title, value in fields],
        ),
        ContextBlock(elements=[MarkdownTextObject(text=line) for line in _context_lines(view)]),
        *[SectionBlock(text=MarkdownTextObject(text=notice)) for notice in _notices(view)[:5]],
        ActionsBlock(block_id=ids.CARD_BLOCK, elements=_actions(view)),
    ]
    return fallback, [block.to_dict() for block in blocks]


def render_message(text: str) -> list[tuple[str, list[dict]]]:
    """A customer's text as ``(fallback_text, blocks)`` posts, one per chunk, in order."""
    posts = []
    for chunk in split_text(text, SECTION_LIMIT):
        escaped = escape_mrkdwn(chunk)
        posts.append((escaped, [SectionBlock(text=MarkdownTextObject(text=escaped)).to_dict()]))
    return posts


def render_media_note(content_type: str, reason: str) -> tuple[str, list[dict]]:
    """A visible note in the thread for an attachment that could not be brought over."""
    kind = content_type.split("/", 1)[0].strip().lower()
    noun = {"image": "an image", "audio": "an audio message", "video": "a video"}.get(
        kind, "a file"
    )
    body = (
        f"The customer sent {noun} ({_clip_mrkdwn(content_type, 200)}) that could not be "
        f"downloaded: {_clip_mrkdwn(reason, 2000)}"
    )
    text = f":warning: {body}"
    return text, [SectionBlock(text=MarkdownTextObject(text=text)).to_dict()]


def _utc(when: datetime) -> str:
    when = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
    return f"{when.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC"


def _closing(view: CardView) -> str:
    if view.status != "closed" or not view.outcome:
        return ""
    by = f" by {_owner(view.closed_by)}" if view.closed_by else ""
    when = f" on {_utc(view.closed_at)}" if view.closed_at else ""
    return f": *{_clip_mrkdwn(view.outcome, 200)}*{by}{when}"


def _owner(owner: str | None) -> str:
    if not owner:
        return "Unclaimed"
    if _USER_ID.fullmatch(owner):
        return f"<@{owner}>"
    return _clip_mrkdwn(owner, FIELD_VALUE_LIMIT)  # not a user id: shown, never a mention


def _status_words(status: str) -> str:
    return STATUS_WORDS.get(status) or _clip_mrkdwn(status, FIELD_VALUE_LIMIT)


def _notices(view: CardView) -> tuple[str, ...]:
    low = view.score_band == "cold" and view.status != "closed"
    return (*view.notices, LOW_PRIORITY) if low else view.notices


def _context_lines(view: CardView) -> list[str]:
    lines = [f"Routing: {_clip_mrkdwn(view.reason, SECTION_LIMIT - 9)}"]
    reasons = reasons_line(view.score_reasons)
    if reasons:
        lines.append(reasons[:FIELD_VALUE_LIMIT])
    if view.entry_ref:
        lines.append(f"Entry: {_clip_mrkdwn(view.entry_ref, SECTION_LIMIT - 7)}")
    if view.referral:
        lines.append(f"Ad: {_clip_mrkdwn(view.referral, SECTION_LIMIT - 4)}")
    if view.wrote_to:
        lines.append(card_notes.wrote_to(view.wrote_to[:FALLBACK_NAME_LIMIT]))
    if view.opened_at:
        lines.append(f"Opened {_utc(view.opened_at)}")
    if view.previous and view.previous[0].startswith("https://"):
        link, outcome = view.previous
        lines.append(f"Earlier conversation: <{escape_mrkdwn(link)}|{_clip_mrkdwn(outcome or 'closed', 200)}>")
    if view.moved_from and view.moved_from.startswith("https://"):
        lines.append(f"Moved from <{escape_mrkdwn(view.moved_from)}|the previous card>")
    return lines


def _actions(view: CardView) -> list[InteractiveElement]:
    value = ids.card_value(view.conversation_id)
    options = [
        Option(value=ids.label_value(label), text=_clip_plain(label, OPTION_TEXT_LIMIT))
        for label in _option_labels(view.labels, view.label)
    ] or [Option(value=NO_LABELS_VALUE, text="No labels configured")]  # Slack needs one
    initial = next(
        (o for o in options if view.label is not None and o.value == ids.label_value(view.label)),
        None,
    )
    select = StaticSelectElement(
        action_id=ids.LABEL,
        placeholder=PlainTextObject(text="Label", emoji=True),
        options=options,
        initial_option=initial,
    )
    elements: list[InteractiveElement] = [
        ButtonElement(
            action_id=ids.CLAIM,
            text=PlainTextObject(text="Claim", emoji=True),
            value=value,
            style="primary",
        ),
    ]
    open_card = view.status != "closed"
    if view.owner and open_card:
        elements.append(ButtonElement(action_id=ids.RELEASE, text=PlainTextObject(text="Release"), value=value))
    elements.append(select)
    if view.owner and open_card:
        elements.append(_select(ids.STATUS, "Status", [(key, words) for key, words in STATUS_WORDS.items()
                                                       if key in ("claimed", "waiting", "followup")], view.status))
    if view.owner and open_card and view.followup_choices:
        elements.append(_select(ids.REMIND, "Remind me", list(view.followup_choices), None))
        elements.append(DateTimePickerElement(action_id=ids.REMIND_AT))
    if view.members and open_card:
        elements.append(_select(ids.REASSIGN, "Reassign", list(view.members), view.owner))
    if view.other_lanes and open_card:
        elements.append(_select(ids.MOVE, "Move to lane", [(lane, lane) for lane in view.other_lanes], None))
    elements.append(
        ButtonElement(
            action_id=ids.CLOSE,
            text=PlainTextObject(text="Close", emoji=True),
            value=value,
        )
    )
    return elements


def _select(action_id: str, placeholder: str, choices: list[tuple[str, str]], current: str | None
            ) -> StaticSelectElement:
    options = [Option(value=value[:150], text=_clip_plain(text, OPTION_TEXT_LIMIT)) for value, text in
               choices[:MAX_OPTIONS]]
    initial = next((o for o in options if current is not None and o.value == current), None)
    return StaticSelectElement(action_id=action_id, placeholder=PlainTextObject(text=placeholder),
                               options=options, initial_option=initial)


def _option_labels(labels: tuple[str, ...], current: str | None) -> list[str]:
    """Distinct labels, at most 100, keeping the current label when it is one of them."""
    unique = list(dict.fromkeys(label for label in labels if label.strip()))
    if len(unique) <= MAX_OPTIONS:
        return unique
    kept = unique[:MAX_OPTIONS]
    if current is not None and current in unique and current not in kept:
        kept[-1] = current
    return kept


def _clip_plain(text: str, limit: int) -> str:
    """``text`` shortened with "…" to ``limit`` characters, never mid-character."""
    return text if len(text) <= limit else split_text(text, limit - 1)[0] + "…"


def _clip_mrkdwn(raw: str, limit: int) -> str:
    """``raw`` escaped, shortened with "…" (never mid-entity or mid-character) to ``limit``."""
    escaped = escape_mrkdwn(raw)
    if len(escaped) <= limit:
        return escaped
    return escape_mrkdwn(split_text(raw, limit - 1)[0]) + "…"

