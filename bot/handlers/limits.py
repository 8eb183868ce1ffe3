"""Body caps on every route, enforced before a byte of the body is read: the declared
`Content-Length` is checked first (413 at once), and the stream is capped for bodies sent
without one (chunked). Slack's payloads are small (~1 MB covers the largest); Twilio's
webhooks keep their own 256 KiB (bot/handlers/twilio_webhook.py)."""

from __future__ import annotations

from flask import Flask, Response, request

SLACK_MAX_BODY = 1024 * 1024
TWILIO_MAX_BODY = 256 * 1024


def limit_for(path: str) -> int:
    return TWILIO_MAX_BODY if path.startswith("/twilio/") else SLACK_MAX_BODY


def install(app: Flask) -> None:
    app.config["MAX_CONTENT_LENGTH"] = SLACK_MAX_BODY

    @app.before_request
    def cap_the_body() -> Response | None:
        limit = limit_for(request.path)
        request.max_content_length = limit
        if request.content_length is not None and request.content_length > limit:
            return Response(f"request body over {limit} bytes\n", status=413, mimetype="text/plain")
        return None
