"""GET /media/<token>: files reps share in Slack, served to Twilio through signed, expiring URLs.

Twilio fetches `MediaUrl` itself (GET, and HEAD to check the Content-Type), so the link is
public but signed (`bot.whatsapp.media_links`, keyed on SLACK_SIGNING_SECRET) and expires. A valid
link is turned into the file's Slack download URL (files.info) and the bytes are streamed
back with the file's Content-Type. The bot token goes only to Slack's file host (or the
configured Slack API host, for tests against a fake); anything else is refused unfetched.

Answers: 403 for a bad or expired link (Slack is not asked), 413 for files over WhatsApp's
16 MB, 502 for everything Slack gets wrong. Never 500.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from flask import Blueprint, Response, request
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.deps import HTTP_TIMEOUT, Deps
from bot.whatsapp.media_links import verify
from bot.whatsapp.media import MAX_BYTES, MB

log = logging.getLogger(__name__)

SLACK_FILE_HOST = "files.slack.com"
CHUNK_BYTES = 64 * 1024
TOO_BIG = f"The file is larger than the {MAX_BYTES // MB} MB WhatsApp takes"
_MIMETYPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+_-]*/[A-Za-z0-9][A-Za-z0-9.+_-]*")


class Unavailable(Exception):
    """The file cannot be served; the text is short and safe to show, `status` is the answer."""

    def __init__(self, text: str, status: int = 502) -> None:
        super().__init__(text)
        self.status = status


@dataclass(frozen=True)
class SlackFile:
    id: str
    url: str
    content_type: str
    size: int | None
    name: str | None


def blueprint(deps: Deps) -> Blueprint:
    bp = Blueprint("media", __name__)

    @bp.get("/media/<token>")  # Flask answers HEAD here too; Twilio uses both
    def media(token: str) -> Response:
        file_id = verify(token, deps.settings.slack_signing_secret, now=deps.clock.now())
        if file_id is None:
            return _text("This link is invalid or has expired.", 403)
        try:
            file = slack_file(deps, file_id)
            if request.method == "HEAD":
                return _file_response(file, b"", file.size)
            return download(deps, file)
        except Unavailable as exc:
            log.warning("media link for %s not served (%s): %s", file_id, exc.status, exc)
            return _text(str(exc), exc.status)

    return bp


def slack_file(deps: Deps, file_id: str) -> SlackFile:
    """The file's download URL, type and size from files.info, checked before anything is fetched."""
    try:
        answer = deps.slack.files_info(file=file_id)
    except SlackApiError as exc:
        error = exc.response.get("error") or exc.response.status_code
        raise Unavailable(f"Slack did not give the file: {error}") from exc
    except (SlackClientError, OSError, ValueError) as exc:
        raise Unavailable(f"Slack could not be reached ({type(exc).__name__})") from exc
    info: Any = answer.get("file")
    if not isinstance(info, dict):
        raise Unavailable("Slack answered files.info without the file")
    url = info.get("url_private_download") or info.get("url_private")
    if not isinstance(url, str) or not is_slack_file_url(url, deps.settings.slack_api_url):
        raise Unavailable("The file is not stored on Slack, so it was not fetched")
    size = info.get("size") if isinstance(info.get("size"), int) else None
    if size is not None and size > MAX_BYTES:
        raise Unavailable(TOO_BIG, 413)
    mimetype = info.get("mimetype")
    if not (isinstance(mimetype, str) and _MIMETYPE.fullmatch(mimetype)):
        mimetype = "application/octet-stream"
    name = info.get("name")
    return SlackFile(file_id, url, mimetype, size, name if isinstance(name, str) else None)


def is_slack_file_url(url: str, slack_api_url: str) -> bool:
    """True for https://files.slack.com/… and for URLs on the configured Slack API's origin."""
    try:
        target = _origin(url)
        return target == ("https", SLACK_FILE_HOST, 443) or target == _origin(slack_api_url)
    except ValueError:
        return False


def download(deps: Deps, file: SlackFile) -> Response:
    """Fetch the file with the bot token and stream it back (buffered only when Slack gives no length)."""
    try:
        upstream = deps.http.get(
            file.url,
            headers={"Authorization": f"Bearer {deps.settings.slack_bot_token}", "Accept-Encoding": "identity"},
            timeout=HTTP_TIMEOUT, stream=True, allow_redirects=False,
        )
    except requests.RequestException as exc:
        raise Unavailable(f"Slack could not be reached ({type(exc).__name__})") from exc
    streaming = False
    try:
        length = _checked_length(upstream, file)
        if length is None:
            body = _read_capped(upstream)
            return _file_response(file, body, len(body))
        response = _file_response(file, _stream(upstream, length), length)
        response.call_on_close(upstream.close)  # also when the body is never read
        streaming = True
        return response
    finally:
        if not streaming:
            upstream.close()


def _checked_length(upstream: requests.Response, file: SlackFile) -> int | None:
    if upstream.status_code != 200:
        # A 302 to the sign-in page means the token was refused (or lacks files:read).
        raise Unavailable(f"Slack answered {upstream.status_code} for the file")
    served = upstream.headers.get("Content-Type", "")
    if served.startswith("text/html") and not file.content_type.startswith("text/html"):
        raise Unavailable("Slack answered with a web page instead of the file (does the bot have files:read?)")
    header = upstream.headers.get("Content-Length", "")
    length = int(header) if header.isdigit() else None
    if length is not None and length > MAX_BYTES:
        raise Unavailable(TOO_BIG, 413)
    return length


def _read_capped(upstream: requests.Response) -> bytes:
    chunks, size = [], 0
    try:
        for chunk in upstream.iter_content(CHUNK_BYTES):
            size += len(chunk)
            if size > MAX_BYTES:
                raise Unavailable(TOO_BIG)
            chunks.append(chunk)
    except requests.RequestException as exc:
        raise Unavailable(f"the download from Slack broke off ({type(exc).__name__})") from exc
    return b"".join(chunks)


def _stream(upstream: requests.Response, length: int) -> Iterator[bytes]:
    """At most `length` bytes; a broken download ends the body early (the client sees it short)."""
    sent = 0
    try:
        for chunk in upstream.iter_content(CHUNK_BYTES):
            chunk = chunk[: length - sent]
            sent += len(chunk)
            yield chunk
            if sent >= length:
                break
    except requests.RequestException as exc:
        log.warning("download from Slack broke off after %d of %d bytes: %s", sent, length, type(exc).__name__)
    finally:
        upstream.close()


def _file_response(file: SlackFile, body: bytes | Iterator[bytes], length: int | None) -> Response:
    response = Response(body, status=200, content_type=file.content_type)
    if length is None:
        response.headers.pop("Content-Length", None)  # unknown, not 0
    else:
        response.headers["Content-Length"] = str(length)
    if file.name:
        response.headers["Content-Disposition"] = f'inline; filename="{_short_name(file.name)}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _short_name(name: str) -> str:
    """Twilio shows the name from Content-Disposition: no spaces or specials, 20 characters at most."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "file"
    stem, dot, extension = safe.rpartition(".")
    if not dot or len(extension) > 8:
        return safe[:20]
    return f"{stem[: 20 - len(extension) - 1]}.{extension}"


def _origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if scheme not in ("http", "https") or not host:
        raise ValueError(url)
    return scheme, host, parts.port or (443 if scheme == "https" else 80)


def _text(text: str, status: int) -> Response:
    return Response(text + "\n", status=status, content_type="text/plain; charset=utf-8")
