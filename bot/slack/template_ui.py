"""Templates in Slack (pure): the "Send a template" button on the not-sent note, the modal
(a template select, one field per variable, a preview) and the reading of its submission.

The modal's ``private_metadata`` is ``{"c": conversation id, "t": template sid}``; choosing
another template in the select (``dispatch_action``) re-renders the modal (``views.update``).
Only approved templates in the customer's language are ever listed (`templates.offered`);
the submission is checked again against the catalogue when it arrives.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
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
from bot.slack.text import escape_mrkdwn
from bot.whatsapp.templates import Template, missing, render

SEND_TEMPLATE = "send_template"  # button on the not-sent note; value: the conversation id
TEMPLATE_VIEW = "template_send"  # the modal's callback id
TEMPLATE_PICK_BLOCK, TEMPLATE_PICK = "template_pick_block", "template_pick"
VAR_BLOCK_PREFIX, VAR_ACTION = "template_var_", "template_var"
VALUE_LIMIT = 500
NO_TEMPLATES = ("There is no approved template in this customer's language ({language}). Ask an admin to "
                "submit one for WhatsApp approval in Twilio's Content Template Builder.")
PICK_ONE = "Choose one of the approved templates"
FILL_IN = "Fill in this value"


def window_closed_payload(text: str, conversation_id: int) -> dict[str, Any]:
    """The NOTE payload of a not-sent note with its **Send a template** button."""
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=text)),
        ActionsBlock(elements=[ButtonElement(text=PlainTextObject(text="Send a template", emoji=True),
                                             action_id=SEND_TEMPLATE, value=ids.card_value(conversation_id),
                                             style="primary")]),
    ]
    return {"text": text, "blocks": [block.to_dict() for block in blocks]}


def template_modal(conversation_id: int, customer: str, language: str | None, offered: Sequence[Template],
                   chosen: Template | None, values: Mapping[str, str]) -> dict[str, Any]:
    """The modal; `chosen` (one of `offered`) shows its fields, pre-filled with `values`."""
    who = escape_mrkdwn(customer)
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(
        text=f"Send an approved WhatsApp template to *{who}*. Templates reach the customer after the 24-hour "
             "window; sending one does not reopen or change the conversation."))]
    if not offered:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=NO_TEMPLATES.format(language=language or "en"))))
        return _view(conversation_id, None, blocks, submit=False)
    options = [Option(value=t.sid, text=_clip(f"{t.name} ({t.language})", 75)) for t in offered[:100]]
    initial = next((o for o in options if chosen is not None and o.value == chosen.sid), None)
    blocks.append(InputBlock(
        block_id=TEMPLATE_PICK_BLOCK, label=PlainTextObject(text="Template"), dispatch_action=True,
        element=StaticSelectElement(action_id=TEMPLATE_PICK, options=options, initial_option=initial,
                                    placeholder=PlainTextObject(text="Choose a template"))))
    if chosen is not None:
        for key, sample in chosen.variables:
            blocks.append(InputBlock(
                block_id=f"{VAR_BLOCK_PREFIX}{key}", label=PlainTextObject(text=_clip(f"{{{{{key}}}}} {sample}", 150)),
                element=PlainTextInputElement(action_id=VAR_ACTION, initial_value=values.get(key) or None,
                                              max_length=VALUE_LIMIT)))
        preview = render(chosen, values)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text="*Preview*")]))
        blocks.append(SectionBlock(text=MarkdownTextObject(text=_quote(escape_mrkdwn(preview) or " "))))
    return _view(conversation_id, chosen, blocks, submit=chosen is not None)


def _view(conversation_id: int, chosen: Template | None, blocks: list[Block], *, submit: bool) -> dict[str, Any]:
    view = View(type="modal", callback_id=TEMPLATE_VIEW, title=PlainTextObject(text="Send a template"),
                submit=PlainTextObject(text="Send") if submit else None,
                close=PlainTextObject(text="Cancel"),
                private_metadata=json.dumps({"c": conversation_id, "t": chosen.sid if chosen else None}),
                blocks=blocks)
    return view.to_dict()


@dataclass(frozen=True)
class TemplateChoice:
    conversation_id: int
    sid: str
    values: dict[str, str]


def read_metadata(view: Mapping[str, Any]) -> tuple[int | None, str | None]:
    try:
        data = json.loads(str(view.get("private_metadata") or ""))
    except ValueError:
        return None, None
    if not isinstance(data, dict):
        return None, None
    conversation = data.get("c")
    sid = data.get("t")
    return (conversation if isinstance(conversation, int) and conversation > 0 else None,
            sid if isinstance(sid, str) else None)


def picked_sid(view: Mapping[str, Any]) -> str | None:
    """The template chosen in the select (its current state)."""
    values = ((view.get("state") or {}).get("values") or {})
    chosen = ((values.get(TEMPLATE_PICK_BLOCK) or {}).get(TEMPLATE_PICK) or {}).get("selected_option")
    value = chosen.get("value") if isinstance(chosen, dict) else None
    return value if isinstance(value, str) else None


def typed_values(view: Mapping[str, Any]) -> dict[str, str]:
    values = ((view.get("state") or {}).get("values") or {})
    found = {}
    for block_id, actions in values.items():
        if isinstance(block_id, str) and block_id.startswith(VAR_BLOCK_PREFIX) and isinstance(actions, dict):
            value = (actions.get(VAR_ACTION) or {}).get("value")
            found[block_id[len(VAR_BLOCK_PREFIX):]] = value.strip() if isinstance(value, str) else ""
    return found


def read_submission(view: Mapping[str, Any], offered: Sequence[Template]
                    ) -> tuple[TemplateChoice | None, dict[str, str]]:
    """The template send asked for, or Slack-style field errors keyed by block id."""
    conversation_id, _ = read_metadata(view)
    sid = picked_sid(view)
    template = next((t for t in offered if t.sid == sid), None)
    if conversation_id is None or template is None:
        return None, {TEMPLATE_PICK_BLOCK: PICK_ONE}
    values = {key: value for key, value in typed_values(view).items() if key in template.keys}
    errors = {f"{VAR_BLOCK_PREFIX}{key}": FILL_IN for key in missing(template, values)}
    if errors:
        return None, errors
    return TemplateChoice(conversation_id, template.sid, values), {}


def sent_text(template_name: str, author: str | None, body: str) -> str:
    """How a template sent from the modal shows in the thread (delivery marks go on it)."""
    who = f"<@{author}>" if author else "the bot"
    return f":outbox_tray: Template *{escape_mrkdwn(template_name)}* sent by {who}:\n{_quote(escape_mrkdwn(body))}"


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" for line in text.splitlines() or [""])


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def composed_text(source: str, author: str | None, body: str) -> str:
    """How a saved reply or a draft sent with one click shows in the thread."""
    who = f"<@{author}>" if author else "the bot"
    return f":speech_balloon: {who} replied ({escape_mrkdwn(source)}):\n{_quote(escape_mrkdwn(body))}"
