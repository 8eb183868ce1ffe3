"""Knowledge-base suggestions, drafts and saved replies in Slack (pure).

- The suggestion note under a customer's question: up to three kb/ articles and the
  **Suggest reply** / **Saved reply** buttons (value: ``"<conversation>:<message>"``).
- A draft, private to the rep (ephemeral): the text, **Send** and **Edit**. The buttons
  carry ``{"c": conversation, "n": nonce, "s": source, "t": text}``; the nonce makes a
  draft go out once however often it is clicked.
- The edit modal (the text in a field) and the saved-reply picker modal.
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

SUGGEST_REPLY = "kb_suggest_reply"
SAVED_REPLY = "saved_reply_open"  # a button on the suggestion note
SAVED_REPLY_SHORTCUT = ids.SAVED_REPLY_SHORTCUT  # message shortcut (manifest.yml)
DRAFT_SEND, DRAFT_EDIT = "draft_send", "draft_edit"
EDIT_VIEW = "draft_edit_view"
EDIT_BLOCK, EDIT_INPUT = "draft_text_block", "draft_text"
PICK_VIEW = "saved_reply_pick"
PICK_BLOCK, PICK_INPUT = "saved_reply_block", "saved_reply"
BUTTON_VALUE_LIMIT = 2000  # Slack: a button's value
TEXT_LIMIT = 1600  # Twilio: a WhatsApp message body


@dataclass(frozen=True)
class ArticleLink:
    title: str
    url: str | None
    language: str


def suggestion_note(conversation_id: int, message_id: int, articles: Sequence[ArticleLink],
                    has_replies: bool) -> dict[str, Any]:
    """The NOTE payload under a question: matching articles and the reply buttons."""
    lines = [f"• {_link(a)}" + (f" ({escape_mrkdwn(a.language)})" if a.language else "") for a in articles]
    text = ":books: *Knowledge base* — matching articles:\n" + "\n".join(lines)
    value = f"{conversation_id}:{message_id}"
    buttons = [ButtonElement(text=PlainTextObject(text="Suggest reply"), action_id=SUGGEST_REPLY, value=value,
                             style="primary")]
    if has_replies:
        buttons.append(ButtonElement(text=PlainTextObject(text="Saved reply"), action_id=SAVED_REPLY, value=value))
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=text)), ActionsBlock(elements=buttons)]
    return {"text": text, "blocks": [block.to_dict() for block in blocks]}


def parse_pair(value: str) -> tuple[int, int | None] | None:
    """``"12:34"`` → (12, 34); ``"12"`` → (12, None)."""
    first, _, second = (value or "").partition(":")
    if not first.isdigit() or int(first) <= 0 or (second and not second.isdigit()):
        return None
    return int(first), int(second) if second else None


def draft_message(conversation_id: int, nonce: str, source: str, text: str, *, basis: str | None) -> dict[str, Any]:
    """The ephemeral draft: the text as the customer will read it, then Send and Edit."""
    value = json.dumps({"c": conversation_id, "n": nonce, "s": source, "t": text}, ensure_ascii=False)
    quoted = "\n".join(f"> {line}" for line in escape_mrkdwn(text).splitlines())
    head = f":memo: *Draft* ({escape_mrkdwn(source)}) — only you see this until you send it."
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=f"{head}\n{quoted}"))]
    if basis:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"Based on: {escape_mrkdwn(basis)}")]))
    buttons = [ButtonElement(text=PlainTextObject(text="Edit"), action_id=DRAFT_EDIT, value=value)]
    if len(value) <= BUTTON_VALUE_LIMIT:
        buttons.insert(0, ButtonElement(text=PlainTextObject(text="Send"), action_id=DRAFT_SEND, value=value,
                                        style="primary"))
    else:  # too long for a button: only through the edit modal
        buttons = [ButtonElement(text=PlainTextObject(text="Edit and send"), action_id=DRAFT_EDIT,
                                 value=json.dumps({"c": conversation_id, "n": nonce, "s": source}))]
    blocks.append(ActionsBlock(elements=buttons))
    return {"text": f"Draft: {text[:200]}", "blocks": [block.to_dict() for block in blocks]}


@dataclass(frozen=True)
class Draft:
    conversation_id: int
    nonce: str
    source: str
    text: str | None


def parse_draft(value: str) -> Draft | None:
    try:
        data = json.loads(value or "")
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("c"), int) or not isinstance(data.get("n"), str):
        return None
    text = data.get("t")
    return Draft(data["c"], data["n"][:40], str(data.get("s") or "draft")[:40], text if isinstance(text, str) else None)


def edit_modal(draft: Draft) -> dict[str, Any]:
    view = View(type="modal", callback_id=EDIT_VIEW, title=PlainTextObject(text="Edit reply"),
                submit=PlainTextObject(text="Send"), close=PlainTextObject(text="Cancel"),
                private_metadata=json.dumps({"c": draft.conversation_id, "n": draft.nonce, "s": draft.source}),
                blocks=[InputBlock(block_id=EDIT_BLOCK, label=PlainTextObject(text="Reply to the customer"),
                                   element=PlainTextInputElement(action_id=EDIT_INPUT, multiline=True,
                                                                 initial_value=draft.text or None,
                                                                 max_length=TEXT_LIMIT))])
    return view.to_dict()


def read_edit(view: Mapping[str, Any]) -> tuple[Draft | None, dict[str, str]]:
    meta = parse_draft(str(view.get("private_metadata") or ""))
    values = ((view.get("state") or {}).get("values") or {})
    text = ((values.get(EDIT_BLOCK) or {}).get(EDIT_INPUT) or {}).get("value")
    if meta is None:
        return None, {EDIT_BLOCK: "This form is out of date: ask for a new draft"}
    if not isinstance(text, str) or not text.strip():
        return None, {EDIT_BLOCK: "Write the reply"}
    return Draft(meta.conversation_id, meta.nonce, meta.source, text.strip()), {}


def pick_modal(conversation_id: int, message_id: int | None, replies: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Choose a saved reply (key, title); submitting shows the private draft."""
    blocks: list[Block]
    if replies:
        options = [Option(value=key[:150], text=title[:75]) for key, title in replies[:100]]
        blocks = [InputBlock(block_id=PICK_BLOCK, label=PlainTextObject(text="Saved reply"),
                             element=StaticSelectElement(action_id=PICK_INPUT, options=options,
                                                         placeholder=PlainTextObject(text="Choose a reply")))]
    else:
        blocks = [SectionBlock(text=MarkdownTextObject(
            text="No saved reply for this lane in the customer's language. Add one to the `replies/` folder."))]
    view = View(type="modal", callback_id=PICK_VIEW, title=PlainTextObject(text="Saved reply"),
                submit=PlainTextObject(text="Preview") if replies else None, close=PlainTextObject(text="Cancel"),
                private_metadata=f"{conversation_id}:{message_id or ''}".rstrip(":"), blocks=blocks)
    return view.to_dict()


def read_pick(view: Mapping[str, Any]) -> tuple[int | None, int | None, str | None]:
    pair = parse_pair(str(view.get("private_metadata") or ""))
    values = ((view.get("state") or {}).get("values") or {})
    chosen = ((values.get(PICK_BLOCK) or {}).get(PICK_INPUT) or {}).get("selected_option")
    key = chosen.get("value") if isinstance(chosen, dict) else None
    return (pair[0] if pair else None, pair[1] if pair else None, key if isinstance(key, str) else None)


def _link(article: ArticleLink) -> str:
    title = escape_mrkdwn(article.title)
    url = article.url or ""
    if url.startswith(("https://", "http://")) and not any(ch in url for ch in "<>| "):
        return f"<{url}|{title}>"
    return f"*{title}*"
