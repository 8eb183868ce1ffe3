"""GET /media/<token>: files reps share in Slack, served to Twilio through signed, expiring URLs.

Twilio fetches `MediaUrl` itself (GET, and HEAD to check the Content-Type), so the link is
public but signed (`bot.whatsapp.media_links`, keyed on SLACK_SIGNING_SECRET) and expires. A valid
link is turned into the file's Slack download URL (files.info, `bot.slack.files`) and the bytes
are streamed back with the file's Content-Type. The bot token goes only to Slack's file host
(or the configured Slack API host, for tests against a fake); anything else is refused unfetched.

Answers: 403 for a bad or expired link (Slack is not asked), 413 for files over WhatsApp's
16 MB, 502 for everything Slack gets wrong. Never 500.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from flask import Blueprint, Response, request

from bot.deps import HTTP_TIMEOUT, Deps
from bot.slack.files import SlackFile, Unavailable, download, short_name, slack_file
from bot.whatsapp.media import problem
from bot.whatsapp.media_links import verify

log = logging.getLogger(__name__)


def blueprint(deps: Deps) -> Blueprint:
    bp = Blueprint("media", __name__)

    @bp.get("/media/<token>")  # Flask answers HEAD here too; Twilio uses both
    def media(token: str) -> Response:
        file_id = verify(token, deps.settings.slack_signing_secret, now=deps.clock.now())
        if file_id is None:
            return _text("This link is invalid or has expired.", 403)
        try:
            file = slack_file(deps.slack, file_id, slack_api_url=deps.settings.slack_api_url)
            if problem(file.content_type, None):  # only what WhatsApp takes, whatever the link was made for
                return _text("This kind of file is not served.", 415)
            if request.method == "HEAD":
                return _file_response(file, b"", file.size)
            fetched = download(deps.http, deps.settings.slack_bot_token, file, timeout=HTTP_TIMEOUT)
        except Unavailable as exc:
            log.warning("media link for %s not served (%s): %s", file_id, exc.status, exc)
            return _text(str(exc), exc.status)
        response = _file_response(file, fetched.body, fetched.length)
        response.call_on_close(fetched.close)  # also when the body is never read
        return response

    return bp


def _file_response(file: SlackFile, body: bytes | Iterator[bytes], length: int | None) -> Response:
    response = Response(body, status=200, content_type=file.content_type)
    if length is None:
        response.headers.pop("Content-Length", None)  # unknown, not 0
    else:
        response.headers["Content-Length"] = str(length)
    if file.name:
        response.headers["Content-Disposition"] = f'inline; filename="{short_name(file.name)}"'
    response.headers["Cache-Control"] = "private, no-store"
    return _hardened(response)


def _text(text: str, status: int) -> Response:
    return _hardened(Response(text + "\n", status=status, content_type="text/plain; charset=utf-8"))


def _hardened(response: Response) -> Response:
    """A browser that opens the link never sniffs another type, runs a script or reads our origin."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox"
    return response
