"""The bot's WSGI app for the webhook bench, plus one bare route as the baseline.

    gunicorn -c gunicorn.conf.py 'bench.webhook_app:create_bench_app()'

`POST /bench/bare` answers 200 with an empty body and does nothing else (it does not
even parse the form): what the same gunicorn workers, Flask and ProxyFix cost by
themselves, so the webhook's own work is the difference. `POST /bench/forward` (for
bench/e2e.py) checks the signature and calls chat.postMessage directly.
"""

from __future__ import annotations

import os
import threading
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, request
from slack_sdk import WebClient
from twilio.request_validator import RequestValidator

from bot.app import create_app
from bot.runtime import deps_from_environment
from bot.store.models import Contact, Conversation, Message

FORWARD_CHANNEL = "C0FORWARD"


def create_bench_app() -> Flask:
    deps = deps_from_environment()
    app = create_app(deps)

    @app.post("/bench/bare")
    def bench_bare() -> Response:
        return Response(b"", status=200)

    # bench/e2e.py's baseline: check Twilio's signature, then post the Body to Slack at once
    # (no database, no outbox, no pacing): the least an inbound → Slack bridge can do.
    validator = RequestValidator(deps.settings.twilio_auth_token)
    forward_client = WebClient(token=deps.settings.slack_bot_token, base_url=deps.settings.slack_api_url, timeout=10)

    @app.post("/bench/forward")
    def bench_forward() -> Response:
        url = f"{deps.settings.public_url}{request.path}"
        if not validator.validate(url, request.form, request.headers.get("X-Twilio-Signature", "")):
            return Response(b"bad signature", status=403)
        forward_client.chat_postMessage(channel=FORWARD_CHANNEL, text=request.form.get("Body", ""))
        return Response(b"", status=200)

    floor = _DurabilityFloor(deps)

    @app.post("/bench/floor")
    def bench_floor() -> Response:
        url = f"{deps.settings.public_url}{request.path}"
        if not validator.validate(url, request.form, request.headers.get("X-Twilio-Signature", "")):
            return Response(b"bad signature", status=403)
        floor.store(request.form)
        return Response(b"", status=200)

    return app


class _DurabilityFloor:
    """bench/webhook.py's durability floor: the one thing a webhook cannot skip — the message
    row, inserted and committed (SQLAlchemy Core, one statement), into a conversation of its own
    (made on first use, closed: no delivery, no routing ever picks it)."""

    def __init__(self, deps: Any) -> None:
        self.db = deps.db
        self.clock = deps.clock
        self.conversation_id: int | None = None
        self.lock = threading.Lock()

    def _conversation(self) -> int:
        with self.lock:
            if self.conversation_id is None:
                with self.db.engine.begin() as conn:
                    name = f"bench-floor-{os.getpid()}"  # one per gunicorn worker
                    row = conn.execute(sa.text("SELECT c.id FROM conversation c JOIN contact k ON k.id = c.contact_id"
                                               " WHERE k.wa_id = :name"), {"name": name}).first()
                    if row is None:
                        now = self.clock.now()
                        contact = conn.execute(sa.insert(Contact.__table__).values(  # type: ignore[attr-defined]
                            wa_id=name, opted_out=False, created_at=now)).inserted_primary_key[0]
                        row = (conn.execute(sa.insert(Conversation.__table__).values(  # type: ignore[attr-defined]
                            contact_id=contact, lane="bench", channel="C0FLOOR", status="closed", route_reason="",
                            created_at=now, ping_count=0, reassign_count=0)).inserted_primary_key[0],)
                self.conversation_id = int(row[0])
            return self.conversation_id

    def store(self, form: Any) -> None:
        conversation_id = self._conversation()
        with self.db.engine.begin() as conn:
            conn.execute(sa.insert(Message.__table__).values(  # type: ignore[attr-defined]
                conversation_id=conversation_id, direction="in", body=form.get("Body", ""),
                twilio_sid=form.get("MessageSid"), status="received", created_at=self.clock.now()))
