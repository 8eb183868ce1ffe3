"""What WhatsApp (through Twilio) accepts as outbound media, and why a file is refused.

From Twilio's "Accepted content types for media" and "Guidance on WhatsApp Media Messages":
Twilio checks the Content-Type the media URL answers with; a WhatsApp message may carry at
most 16 MB, images at most 5 MB. Pure: no I/O.
"""

from __future__ import annotations

import math
import posixpath
from urllib.parse import unquote, urlsplit

MB = 1024 * 1024
MAX_BYTES = 16 * MB  # any WhatsApp media message
MAX_IMAGE_BYTES = 5 * MB

IMAGE_TYPES = frozenset({"image/jpeg", "image/jpg", "image/png"})
AUDIO_TYPES = frozenset({"audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"})
VIDEO_TYPES = frozenset({"video/mp4", "video/3gpp"})
DOCUMENT_TYPES = frozenset({
    "application/pdf",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "text/plain",
})
ACCEPTED_TYPES = IMAGE_TYPES | AUDIO_TYPES | VIDEO_TYPES | DOCUMENT_TYPES

_WHAT_GOES = ("images (JPEG, PNG), audio (AAC, AMR, MP3, M4A, OGG), video (MP4, 3GP) "
              "and documents (PDF, Word, Excel, PowerPoint, plain text)")


def problem(mimetype: str | None, size: int | None) -> str | None:
    """None when WhatsApp accepts a file of this type and size, else the reason, for the rep.

    An unknown `size` is judged by type alone. Parameters such as ``; charset=utf-8`` and
    letter case in `mimetype` are ignored.
    """
    kind = (mimetype or "").split(";", 1)[0].strip().lower()
    if not kind:
        return f"Slack did not say what kind of file this is, so it was not sent. WhatsApp takes {_WHAT_GOES}."
    if kind not in ACCEPTED_TYPES:
        return f"WhatsApp does not accept this kind of file ({kind}). It takes {_WHAT_GOES}."
    if size is None:
        return None
    if size <= 0:
        return "The file is empty, so it was not sent."
    limit, what = (MAX_IMAGE_BYTES, "images") if kind in IMAGE_TYPES else (MAX_BYTES, "files")
    if size > limit:
        return (f"The file is {_megabytes(size)}; WhatsApp takes {what} up to {limit // MB} MB. "
                "Make it smaller, or share a link to it instead.")
    return None


def _megabytes(size: int) -> str:
    """Rounded up, so a file just over a limit never reads as exactly the limit."""
    return f"{math.ceil(size * 10 / MB) / 10:.1f} MB"


def is_under(url: str, prefix: str) -> bool:
    """True when `url` lies under `prefix` (same scheme, host and port; path below it) after
    resolving `.`/`..` segments and percent-escapes, and the URL has no dot segments of its own."""
    try:
        target, base = urlsplit(url), urlsplit(prefix)
    except ValueError:
        return False
    if (target.scheme.lower(), (target.netloc or "").lower()) != (base.scheme.lower(), (base.netloc or "").lower()):
        return False
    raw = unquote(target.path)
    normal = posixpath.normpath(raw) + ("/" if raw.endswith("/") else "")
    if normal != raw or "\\" in raw:
        return False  # `..`, `.`, `//` or an escaped slash: never what Twilio sends
    return normal.startswith(base.path if base.path.endswith("/") else base.path + "/")
