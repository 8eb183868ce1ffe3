"""What `twilio_jobs.send_whatsapp` asks Twilio for, and its not-sent note with the template button.

Kept apart from the send itself: a template message (``message.content_sid``) goes out
with ``ContentSid`` + ``ContentVariables`` instead of ``Body`` and is not held back by the
24-hour window; a free-text reply goes out as before.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from bot.deps import Deps
from bot.settings import Settings
from bot.slack import notes
from bot.slack.template_ui import window_closed_payload
from bot.store.models import Contact, Conversation, Message

log = logging.getLogger(__name__)


def create_args(settings: Settings, message: Message, contact: Contact, body: str,
                media_urls: list[str], *, from_: str) -> dict[str, Any]:
    """Keyword arguments of ``client.messages.create`` for `message`, sent from `from_` (the
    conversation's number: `conversations.senders.reply_from`)."""
    args: dict[str, Any] = {
        "to": f"whatsapp:{contact.phone_e164 or contact.wa_id}",
        "from_": from_,
        "status_callback": f"{settings.public_url}/twilio/status" if settings.public_url else None,
    }
    if message.content_sid:
        args["content_sid"] = message.content_sid
        if message.content_variables:
            args["content_variables"] = message.content_variables
        return args
    args["body"] = body if body.strip() else None
    args["media_url"] = media_urls or None
    return args


def window_closed_note(deps: Deps, conversation: Conversation | None, closes: datetime | None) -> dict[str, Any]:
    """The not-sent note with its **Send a template** button. The template list is fetched
    here (in the worker, not in Slack's 3 seconds) so the button's modal opens from the cache."""
    text = notes.window_closed(closes, deps.lanes.workspace.timezone)
    if conversation is None or conversation.id is None:
        return {"text": text}
    deps.templates.templates(deps.clock.now())
    return window_closed_payload(text, conversation.id)
