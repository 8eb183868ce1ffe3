"""Action and block ids of the conversation card, and the values its elements carry.

The ids must match what the handlers listen for (and the app manifest, if it lists them).
"""

from __future__ import annotations

import hashlib
import re

CLAIM = "card_claim"
LABEL = "card_label"
CLOSE = "card_close"
CARD_BLOCK = "card_actions"
RELEASE = "card_release"
REASSIGN = "card_reassign"  # static select of the lane's members
STATUS = "card_status"  # static select: claimed / waiting / followup
MOVE = "card_move"  # static select of the other lanes (leads)
REMIND = "card_remind"  # static select: when to follow up
REMIND_AT = "card_remind_at"  # datetime picker: a custom follow-up time

# The close modal (views.open → view_submission)
CLOSE_VIEW = "close_conversation"
CLOSE_OUTCOME_BLOCK, CLOSE_OUTCOME = "close_outcome_block", "close_outcome"
CLOSE_NOTE_BLOCK, CLOSE_NOTE = "close_note_block", "close_note"
CLOSE_MESSAGE_BLOCK, CLOSE_MESSAGE = "close_message_block", "close_message"

# App Home and /wa-away
HOME_AWAY = "home_away_toggle"
AWAY_COMMAND = "/wa-away"
REPORT_COMMAND = "/wa-report"
COMMANDS = (AWAY_COMMAND, REPORT_COMMAND)  # every slash command the app answers (manifest.yml declares them)
SAVED_REPLY_SHORTCUT = "saved_reply"  # message shortcut on a card's thread: pick a saved reply
ERASE_SHORTCUT = "wa_erase_customer"  # message shortcut (manifest.yml `shortcuts`): leads erase a card's customer
SHORTCUTS = (SAVED_REPLY_SHORTCUT, ERASE_SHORTCUT)  # every shortcut callback id (manifest.yml declares them)

OPTION_VALUE_LIMIT = 150
"""Slack's limit on a select option's ``value``."""

_POSITIVE_INT = re.compile(r"[1-9][0-9]{0,17}")


def card_value(conversation_id: int) -> str:
    """The button value that names a conversation."""
    if conversation_id <= 0:
        raise ValueError(f"conversation id must be positive, got {conversation_id}")
    return str(conversation_id)


def parse_card_value(value: str) -> int | None:
    """The conversation id in a button value; ``None`` unless it is exactly a positive integer."""
    if not isinstance(value, str) or not _POSITIVE_INT.fullmatch(value):
        return None
    return int(value)


def label_value(label: str) -> str:
    """The select option value for a label: the label itself when it fits in 150 characters,
    else a prefix plus a short hash so that long labels stay distinct."""
    if len(label) <= OPTION_VALUE_LIMIT:
        return label
    digest = hashlib.sha256(label.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{label[: OPTION_VALUE_LIMIT - 13]}#{digest}"


def parse_label_value(value: str, labels: tuple[str, ...] | list[str]) -> str | None:
    """The label among ``labels`` whose option value is ``value``, or ``None``."""
    return next((label for label in labels if label_value(label) == value), None)
