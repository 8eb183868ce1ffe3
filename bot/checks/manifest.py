"""manifest.yml: its bot scopes (for the online check) and `python -m bot manifest --url …`."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

EXAMPLE_URL = "https://wa-bridge.example.com"


def bot_scopes(text: str) -> list[str]:
    """The scopes under ``oauth_config: scopes: bot:`` (a small reader for this file's layout)."""
    scopes: list[str] = []
    in_bot = False
    indent = 0
    for line in text.splitlines():
        stripped = line.split("#", 1)[0].rstrip()
        if not stripped.strip():
            continue
        depth = len(stripped) - len(stripped.lstrip())
        if stripped.strip() == "bot:":
            in_bot, indent = True, depth
            continue
        if in_bot:
            item = re.match(r"^\s*-\s*([a-z:._-]+)\s*$", stripped)
            if depth > indent and item:
                scopes.append(item.group(1))
            elif depth <= indent:
                in_bot = False
    return scopes


def with_url(text: str, url: str) -> str:
    """The manifest with every example URL replaced by `url` (an https base URL)."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"--url must be an https base URL such as https://bot.example.org, got {url!r}")
    return text.replace(EXAMPLE_URL, url.rstrip("/"))
