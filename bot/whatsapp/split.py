"""WhatsApp (through Twilio) takes at most 1,600 characters in a message body (error 21617
above it). A longer reply is sent as several messages, in order, each cut at the best
boundary that fits: a blank line, a line break, the end of a sentence, a space."""

from __future__ import annotations

MAX_BODY = 1600
# Room kept in each part for what the send job adds: names for mentions, "— Name" signatures.
PART_LIMIT = 1400
_BOUNDARIES = ("\n\n", "\n", ". ", "! ", "? ", "، ", "؟ ", " ")


def split_text(text: str, limit: int = PART_LIMIT) -> list[str]:
    """`text` in parts of at most `limit` characters, in order; one part when it fits."""
    parts: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = 0
        for boundary in _BOUNDARIES:
            at = window.rfind(boundary)
            if at > limit // 2:
                cut = at + len(boundary)
                break
        cut = cut or limit  # one long word: cut it
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip("\n ")
    if rest or not parts:
        parts.append(rest)
    return [part for part in parts if part] or [text]
