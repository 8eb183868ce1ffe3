"""The Bolt app behind POST /slack/events (events, interactivity and commands on one URL)."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from flask import Blueprint, request
from flask.typing import ResponseReturnValue
from slack_bolt import App
from slack_bolt.adapter.flask import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

from bot.deps import Deps
from bot.handlers import (
    slack_actions,
    slack_assist,
    slack_close,
    slack_events,
    slack_home,
    slack_privacy,
    slack_report,
    slack_templates,
)

log = logging.getLogger(__name__)

# Bolt's default executor has 5 threads; slow listeners starved it (protocol-notes.md).
LISTENER_THREADS = 16


def build_bolt_app(deps: Deps) -> App:
    app = App(
        client=deps.slack,
        signing_secret=deps.settings.slack_signing_secret,
        token_verification_enabled=False,  # no auth.test at construction
        # Answer Slack only after the listener has stored what it must: if storing fails,
        # Slack gets a 500 and retries (and the event-id dedupe makes the retry safe).
        # Listeners only store and queue; slow work happens in the outbox.
        process_before_response=True,
        listener_executor=ThreadPoolExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="bolt"),
        logger=logging.getLogger("bot.bolt"),
    )

    @app.error
    def handle_error(error: Exception, body: dict[str, Any]) -> None:
        log.error("Slack listener failed on %s: %s", body.get("type"), error, exc_info=error)

    slack_events.register(app, deps)
    slack_actions.register(app, deps)
    slack_close.register(app, deps)
    slack_home.register(app, deps)
    slack_report.register(app, deps)
    slack_templates.register(app, deps)
    slack_assist.register(app, deps)
    slack_privacy.register(app, deps)
    slack_events.register_fallback(app)
    return app


def blueprint(bolt: App, signing_secret: str) -> Blueprint:
    bp = Blueprint("slack", __name__)
    handler = SlackRequestHandler(bolt)
    verifier = SignatureVerifier(signing_secret)

    @bp.post("/slack/events")
    def slack_events_route() -> ResponseReturnValue:
        try:
            return handler.handle(request)
        except Exception:  # noqa: BLE001 - Bolt failed to parse the body, before any listener
            body = request.get_data(as_text=True)
            if not verifier.is_valid_request(body, dict(request.headers)):
                return "invalid request signature", 401
            log.warning("malformed Slack payload ignored", exc_info=True)
            return "", 200

    return bp
