"""The card's controls. Claim, Label and Close answer "coming soon" until ownership lands."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.slack import ids

log = logging.getLogger(__name__)

COMING_SOON = {
    ids.CLAIM: "Claiming from the card is coming soon.",
    ids.LABEL: "Labelling from the card is coming soon.",
    ids.CLOSE: "Closing with an outcome is coming soon.",
}


def register(app: App, deps: Deps) -> None:
    for action_id, text in COMING_SOON.items():
        app.action(action_id)(_coming_soon(text))


def _coming_soon(text: str):  # type: ignore[no-untyped-def]
    def handle_card_action(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        channel = (body.get("channel") or {}).get("id")
        user = (body.get("user") or {}).get("id")
        if not channel or not user:
            return
        try:
            client.chat_postEphemeral(channel=channel, user=user, text=text)
        except SlackApiError as exc:
            log.warning("could not answer card action: %s", exc.response.get("error"))

    return handle_card_action
