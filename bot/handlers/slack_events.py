"""Events API listeners. Every subscribed event type has a listener: an unmatched event
gets a 404 from Bolt and Slack retries it."""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import App, BoltContext

from bot.conversations.replies import (
    SlackReply,
    accept_reply,
    files_of,
    is_person_reply,
)
from bot.deps import Deps
from bot.handlers.slack_team import event_is_external
from bot.slack.to_whatsapp import deferred_name, to_whatsapp

log = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:

    @app.event("message")
    def handle_message(event: dict[str, Any], body: dict[str, Any], context: BoltContext) -> None:
        """A rep's reply in a card's thread goes to WhatsApp (through the outbox), once."""
        if not is_person_reply(event, bot_user_id=context.bot_user_id):
            log.debug("message in %s not sent (subtype %s)", event.get("channel"), event.get("subtype"))
            return
        reply = SlackReply(
            event_id=body.get("event_id"), channel=event["channel"], ts=event["ts"], thread_ts=event["thread_ts"],
            user=event["user"], text=to_whatsapp(event, deferred_name), files=files_of(event),
            external=event_is_external(deps.settings, body, event),
        )
        now = deps.clock.now()
        # No Slack call before the ack: mentions and the author's name are looked up by the send job.
        outcome = deps.db.transaction(
            lambda session: accept_reply(session=session, reply=reply, lanes=deps.lanes, now=now, author_name=None)
        )
        log.info("reply %s in %s: %s", reply.ts, reply.channel, outcome.kind)
        if outcome.kind in ("queued", "note", "refused"):
            deps.wake()


def register_fallback(app: App) -> None:
    """Register last: any other event is acknowledged, so Slack does not retry it."""

    @app.event(re.compile(".*"))
    def handle_any_other_event(event: dict[str, Any]) -> None:
        log.info("Slack event %r ignored", event.get("type"))
