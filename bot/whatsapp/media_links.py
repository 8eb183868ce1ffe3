"""Signed, expiring links to Slack files, for Twilio to fetch as WhatsApp media.

A link is ``{PUBLIC_URL}/media/{token}`` with ``token = "{file_id}.{expires}.{signature}"``:
the Slack file id, the expiry in Unix seconds, and HMAC-SHA256 over both, URL-safe base64
without padding. The file id is not a secret (only the signature is); the token is plain
ASCII made of ``[A-Za-z0-9_.-]`` and needs no escaping in a URL path.

The app signs with a key derived from ``SLACK_SIGNING_SECRET``. Rotating that secret
invalidates every outstanding link, which is fine: links live two hours and are only
needed while Twilio fetches the media right after the send.

Pure: no I/O, and time comes in as ``now`` (timezone-aware).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from datetime import datetime, timedelta

DEFAULT_TTL = timedelta(hours=2)

_KEY_LABEL = b"wa-bridge media links"
_FILE_ID = re.compile(r"F[0-9A-Z]{6,24}")
_EXPIRES = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"[A-Za-z0-9_-]{43}")  # 32 bytes, base64url, no padding


def signed_url(public_url: str, secret: str, file_id: str, *, now: datetime, ttl: timedelta = DEFAULT_TTL) -> str:
    """A link to `file_id` that `verify` accepts until ``now + ttl`` (exclusive)."""
    if not is_file_id(file_id):
        raise ValueError(f"not a Slack file id: {file_id!r}")
    expires = int(_aware(now).timestamp() + ttl.total_seconds())
    body = f"{file_id}.{expires}"
    return f"{public_url.rstrip('/')}/media/{body}.{_sign(secret, body)}"


def verify(token: str, secret: str, *, now: datetime) -> str | None:
    """The file id `token` was signed for, or None when it is forged, altered, expired or garbage."""
    if not isinstance(token, str) or not token.isascii():
        return None
    parts = token.split(".")
    if len(parts) != 3:
        return None
    file_id, expires, signature = parts
    if not (_FILE_ID.fullmatch(file_id) and _EXPIRES.fullmatch(expires) and _SIGNATURE.fullmatch(signature)):
        return None
    expected = _sign(secret, f"{file_id}.{expires}")
    if not hmac.compare_digest(expected.encode("ascii"), signature.encode("ascii")):
        return None
    if _aware(now).timestamp() >= int(expires):
        return None
    return file_id


def is_file_id(value: str) -> bool:
    """Slack file ids look like ``F0123ABC``: F, then upper-case letters and digits."""
    return bool(_FILE_ID.fullmatch(value))


def _sign(secret: str, body: str) -> str:
    key = hmac.new(secret.encode("utf-8"), _KEY_LABEL, hashlib.sha256).digest()
    digest = hmac.new(key, body.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _aware(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now
