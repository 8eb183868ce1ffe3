"""The close modal (pure): the view for ``views.open`` and the reading of its ``view_submission``.

The contact's name and number are untrusted and are escaped wherever they land in mrkdwn.
Outcomes travel as option values (``ids.label_value``: at most 150 characters) and come
back only if they are still among the lanes file's outcomes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.slack import ids
from bot.slack.close_confirm import confirm_block, confirm_chosen
from bot.slack.text import SECTION_LIMIT, escape_mrkdwn, escaped_len, split_text

TITLE = "Close conversation"  # Slack: at most 24 characters
MAX_OPTIONS = 100  # Slack: options in a static select
OPTION_TEXT_LIMIT = 75  # Slack: an option's text
NOTE_LIMIT = 3000  # Slack: a plain_text_input's max_length
MESSAGE_LIMIT = 1600  # Twilio: a WhatsApp message body

CHOOSE_OUTCOME = "Choose an outcome"
UNKNOWN_OUTCOME = "Choose one of the listed outcomes"
STALE_FORM = "This form is out of date: cancel it and click Close on the card again"


@dataclass(frozen=True)
class ClosePlan:
    """What a valid close submission asks for; ``note`` and ``closing_message`` are raw text."""

    conversation_id: int
    outcome: str
    note: str | None
    closing_message: str | None
    confirm: bool = False  # send the lane's confirmation (Solved / I still need help)


def close_modal(conversation_id: int, contact: str, outcomes: tuple[str, ...],
                confirm: bool = False) -> dict[str, Any]:
    """The modal view for ``views.open``; ValueError when there is no outcome to offer."""
    options = [
        Option(value=ids.label_value(outcome), text=_clip(outcome, OPTION_TEXT_LIMIT))
        for outcome in offered_outcomes(outcomes)
    ]
    if not options:
        raise ValueError("no outcomes to offer (the lanes file has no [outcomes] names)")
    who = escape_mrkdwn(_clip(contact, SECTION_LIMIT - 100, escaped=True))
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=f"Close the conversation with *{who}*.")),
        InputBlock(
            block_id=ids.CLOSE_OUTCOME_BLOCK,
            label=PlainTextObject(text="Outcome", emoji=True),
            element=StaticSelectElement(
                action_id=ids.CLOSE_OUTCOME,
                placeholder=PlainTextObject(text="Choose an outcome", emoji=True),
                options=options,
            ),
            optional=False,
        ),
        InputBlock(
            block_id=ids.CLOSE_NOTE_BLOCK,
            label=PlainTextObject(text="Note for the team", emoji=True),
            element=PlainTextInputElement(action_id=ids.CLOSE_NOTE, multiline=True, max_length=NOTE_LIMIT),
            optional=True,
        ),
        InputBlock(
            block_id=ids.CLOSE_MESSAGE_BLOCK,
            label=PlainTextObject(text="Closing message to the customer (optional; sent on WhatsApp)", emoji=True),
            element=PlainTextInputElement(action_id=ids.CLOSE_MESSAGE, multiline=True, max_length=MESSAGE_LIMIT),
            optional=True,
        ),
        ContextBlock(elements=[MarkdownTextObject(
            text="The customer is not messaged unless you fill in the closing message.")]),
    ]
    if confirm:  # the lane has a confirmation template
        blocks.insert(-1, confirm_block())
    view = View(
        type="modal",
        callback_id=ids.CLOSE_VIEW,
        title=PlainTextObject(text=TITLE, emoji=True),
        submit=PlainTextObject(text="Close", emoji=True),
        close=PlainTextObject(text="Cancel", emoji=True),
        private_metadata=ids.card_value(conversation_id),
        blocks=blocks,
    )
    return view.to_dict()


def offered_outcomes(outcomes: tuple[str, ...]) -> list[str]:
    """The outcomes the select offers: distinct, not blank, at most 100."""
    return list(dict.fromkeys(o for o in outcomes if o.strip()))[:MAX_OPTIONS]


def read_close_submission(
    view: dict[str, Any], outcomes: tuple[str, ...]
) -> tuple[ClosePlan | None, dict[str, str]]:
    """The plan in a submitted close modal, or Slack-style errors keyed by block id."""
    metadata = view.get("private_metadata")
    conversation_id = ids.parse_card_value(metadata) if isinstance(metadata, str) else None
    if conversation_id is None:
        return None, {ids.CLOSE_OUTCOME_BLOCK: STALE_FORM}
    state = view.get("state")
    values = state.get("values") if isinstance(state, dict) else None
    values = values if isinstance(values, dict) else {}

    errors: dict[str, str] = {}
    selected = _element(values, ids.CLOSE_OUTCOME_BLOCK, ids.CLOSE_OUTCOME).get("selected_option")
    value = selected.get("value") if isinstance(selected, dict) else None
    outcome = None
    if not isinstance(value, str) or not value:
        errors[ids.CLOSE_OUTCOME_BLOCK] = CHOOSE_OUTCOME
    else:
        outcome = ids.parse_label_value(value, offered_outcomes(outcomes))
        if outcome is None:
            errors[ids.CLOSE_OUTCOME_BLOCK] = UNKNOWN_OUTCOME
    note = _text(values, ids.CLOSE_NOTE_BLOCK, ids.CLOSE_NOTE)
    if note is not None and len(note) > NOTE_LIMIT:
        errors[ids.CLOSE_NOTE_BLOCK] = f"At most {NOTE_LIMIT} characters"
    message = _text(values, ids.CLOSE_MESSAGE_BLOCK, ids.CLOSE_MESSAGE)
    if message is not None and len(message) > MESSAGE_LIMIT:
        errors[ids.CLOSE_MESSAGE_BLOCK] = f"At most {MESSAGE_LIMIT} characters"
    if errors or outcome is None:
        return None, errors
    return ClosePlan(conversation_id, outcome, note, message, confirm=confirm_chosen(values)), {}


def _element(values: dict[str, Any], block_id: str, action_id: str) -> dict[str, Any]:
    block = values.get(block_id)
    element = block.get(action_id) if isinstance(block, dict) else None
    return element if isinstance(element, dict) else {}


def _text(values: dict[str, Any], block_id: str, action_id: str) -> str | None:
    """A text input's value, or None when it is empty (Slack sends ``null``) or only blanks."""
    value = _element(values, block_id, action_id).get("value")
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip()


def _clip(text: str, limit: int, *, escaped: bool = False) -> str:
    """``text`` shortened with "…" to ``limit`` characters (counted after escaping if
    ``escaped``), never mid-character."""
    if (escaped_len(text) if escaped else len(text)) <= limit:
        return text
    return split_text(text, limit - 1)[0] + "…"  # split_text counts escaped length: never longer
