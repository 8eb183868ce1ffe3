"""The bot's WSGI app for the webhook bench, plus one bare route as the baseline.

    gunicorn -c gunicorn.conf.py 'bench.webhook_app:create_bench_app()'

`POST /bench/bare` answers 200 with an empty body and does nothing else (it does not
even parse the form): what the same gunicorn workers, Flask and ProxyFix cost by
themselves, so the webhook's own work is the difference. `POST /bench/forward` (for
bench/e2e.py) checks the signature and calls chat.postMessage directly.
"""

from __future__ import annotations

from flask import Flask, Response, request
from slack_sdk import WebClient
from twilio.request_validator import RequestValidator

from bot.app import create_app
from bot.runtime import deps_from_environment

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

    return app
