"""Files reps share in Slack, fetched for Twilio: which file a signed link names, whether it
may be fetched (only from Slack's file host, with the bot token), and its bytes, capped at
WhatsApp's 16 MB. The web route that serves them is bot/handlers/media.py."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

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


@dataclass(frozen=True)
class Download:
    """The file's bytes: all of them (`length` None when Slack gave no length and they were
    read up to the cap), or a stream of exactly `length` bytes; `close` frees the connection."""

    body: bytes | Iterator[bytes]
    length: int
    close: Callable[[], None]


def slack_file(client: WebClient, file_id: str, *, slack_api_url: str) -> SlackFile:
    """The file's download URL, type and size from files.info, checked before anything is fetched."""
    try:
        answer = client.files_info(file=file_id)
    except SlackApiError as exc:
        error = exc.response.get("error") or exc.response.status_code
        raise Unavailable(f"Slack did not give the file: {error}") from exc
    except (SlackClientError, OSError, ValueError) as exc:
        raise Unavailable(f"Slack could not be reached ({type(exc).__name__})") from exc
    info: Any = answer.get("file")
    if not isinstance(info, dict):
        raise Unavailable("Slack answered files.info without the file")
    url = info.get("url_private_download") or info.get("url_private")
    if not isinstance(url, str) or not is_slack_file_url(url, slack_api_url):
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


def download(http: requests.Session, token: str, file: SlackFile, *, timeout: float) -> Download:
    """Fetch the file with the bot token (buffered only when Slack gives no length)."""
    try:
        upstream = http.get(
            file.url,
            headers={"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"},
            timeout=timeout, stream=True, allow_redirects=False,
        )
    except requests.RequestException as exc:
        raise Unavailable(f"Slack could not be reached ({type(exc).__name__})") from exc
    try:
        length = _checked_length(upstream, file)
        if length is None:
            body = _read_capped(upstream)
            upstream.close()
            return Download(body, len(body), lambda: None)
    except BaseException:
        upstream.close()
        raise
    return Download(_stream(upstream, length), length, upstream.close)


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


def short_name(name: str) -> str:
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
