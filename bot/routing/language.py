"""Which language a customer writes in (pure): "ar" when Arabic letters outnumber Latin
ones, "en" when Latin letters do (Arabizi, written in Latin letters, counts as "en": the
customer reads Latin script), None when the text has no letters (emoji, numbers)."""

from __future__ import annotations


def detect(text: str) -> str | None:
    arabic = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if arabic == latin == 0:
        return None
    return "ar" if arabic >= latin else "en"
