"""Click-to-chat links for entry points: `https://wa.me/<digits>?text=<preset, URL-encoded>`.

Pure. The preset keeps its Arabic (percent-encoded UTF-8, which WhatsApp decodes back) and
always carries the entry point's ref, so routing finds it (`bot.routing.entry`).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from bot.lanes import EntryPoint
from bot.routing.entry import find_entry_ref


def business_digits(sender: str) -> str:
    """`whatsapp:+971 50 123 4567` → `971501234567` (wa.me takes digits only)."""
    return re.sub(r"\D", "", sender.removeprefix("whatsapp:"))


def preset_text(entry: EntryPoint) -> str:
    """The entry point's preset, with `(ref: …)` added when it does not carry its ref."""
    preset = (entry.preset or "").strip()
    if preset and find_entry_ref(preset, (entry.ref,)) is not None:
        return preset
    return f"{preset} (ref: {entry.ref})" if preset else f"ref: {entry.ref}"


def click_to_chat(sender: str, entry: EntryPoint) -> str:
    return f"https://wa.me/{business_digits(sender)}?text={quote(preset_text(entry), safe='')}"
