"""Downloading a customer's attachment from Twilio.

The URL comes from the request body, so the account's credentials go only to the
account's own API host and path; the redirect Twilio answers with (a short-lived CDN
URL) is followed without them.
"""

from __future__ import annotations

import mimetypes
from urllib.parse import urljoin

import requests

from bot.delivery.retry import Retry, backoff
from bot.deps import HTTP_TIMEOUT, Deps
from bot.whatsapp.media import MAX_BYTES, MB, is_under

TRANSIENT_TRIES = 4  # a 404 right after the webhook can be transient; so can a 5xx


class MediaUnavailable(Exception):
    """The attachment cannot be brought over; the text says why, for people."""


def download(deps: Deps, url: str, *, attempt: int) -> bytes:
    settings = deps.settings
    own_prefix = f"{settings.twilio_api_url}/2010-04-01/Accounts/{settings.twilio_account_sid}/"
    if not is_under(url, own_prefix):
        raise MediaUnavailable("it is not stored under this Twilio account, so it was not fetched")
    try:
        response = deps.http.get(url, auth=(settings.twilio_account_sid, settings.twilio_auth_token),
                                 timeout=HTTP_TIMEOUT, allow_redirects=False, stream=True)
        hops = 0
        while response.is_redirect and hops < 5:
            location = urljoin(response.url, response.headers["Location"])
            response.close()
            response = deps.http.get(location, timeout=HTTP_TIMEOUT, allow_redirects=False, stream=True)
            hops += 1
        return _read(response, attempt)
    except requests.RequestException as exc:
        _transient(f"download failed ({type(exc).__name__})", attempt)
    raise AssertionError("unreachable")


def _read(response: requests.Response, attempt: int) -> bytes:
    with response:
        if response.status_code == 404 or response.status_code >= 500 or response.status_code == 429:
            _transient(f"Twilio answered {response.status_code}", attempt)
        if response.status_code != 200:
            raise MediaUnavailable(f"Twilio answered {response.status_code}")
        chunks, size = [], 0
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > MAX_BYTES:
                raise MediaUnavailable(f"it is larger than {MAX_BYTES // MB} MB")
            chunks.append(chunk)
        return b"".join(chunks)


def _transient(reason: str, attempt: int) -> None:
    if attempt < TRANSIENT_TRIES:
        raise Retry(reason, delay=backoff(attempt))
    raise MediaUnavailable(f"{reason} after {attempt} tries")


def kind(content_type: str) -> str:
    major = content_type.split("/", 1)[0]
    if content_type == "application/pdf":
        return "document"
    return {"image": "image", "audio": "voice note", "video": "video"}.get(major, "file")


def filename(sid: str, index: int, content_type: str) -> str:
    extension = {"audio/ogg": ".ogg", "image/jpeg": ".jpg"}.get(content_type) or mimetypes.guess_extension(content_type) or ""
    return f"whatsapp-{sid}-{index}{extension}"
