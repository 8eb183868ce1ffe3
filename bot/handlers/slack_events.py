"""Events API listeners. Every subscribed event type has a listener: an unmatched event
gets a 404 from Bolt and Slack retries it."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App

from bot.deps import Deps

log = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    @app.event("message")
    def handle_message(event: dict[str, Any]) -> None:
        # Replies from Slack to WhatsApp come with the next part of the bridge; until then
        # every message event (all subtypes) is accepted and left alone.
        log.debug("message event in %s ignored (subtype %s)", event.get("channel"), event.get("subtype"))

    @app.event("app_home_opened")
    def handle_app_home_opened(event: dict[str, Any]) -> None:
        log.debug("app_home_opened by %s", event.get("user"))

    @app.command("/wa-report")
    def handle_wa_report(ack: Ack) -> None:
        ack(text="`/wa-report` is coming soon: conversations are being recorded for it already.")
