"""The close modal's optional "ask the customer to confirm" checkbox (pure)."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import CheckboxesElement, InputBlock, Option, PlainTextObject

from bot.slack import card_notes

CONFIRM_BLOCK, CONFIRM = "close_confirm_block", "close_confirm"
CONFIRM_VALUE = "confirm"


def confirm_block() -> InputBlock:
    return InputBlock(
        block_id=CONFIRM_BLOCK, optional=True,
        label=PlainTextObject(text="Confirmation", emoji=True),
        element=CheckboxesElement(action_id=CONFIRM, options=[
            Option(value=CONFIRM_VALUE, text=card_notes.confirm_offered())]))


def confirm_chosen(values: dict[str, Any]) -> bool:
    block = values.get(CONFIRM_BLOCK)
    element = block.get(CONFIRM) if isinstance(block, dict) else None
    chosen = element.get("selected_options") if isinstance(element, dict) else None
    return isinstance(chosen, list) and any(isinstance(o, dict) and o.get("value") == CONFIRM_VALUE for o in chosen)
