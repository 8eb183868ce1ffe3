"""Click-to-chat links: digits only, the preset URL-encoded with Arabic intact and the ref inside."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from bot.lanes import EntryPoint
from bot.routing.entry import find_entry_ref
from bot.routing.links import business_digits, click_to_chat, preset_text


def test_the_link_carries_the_preset_with_arabic_intact_and_the_ref() -> None:
    entry = EntryPoint("seo-audit", "arabic_seo", preset="أبي تدقيق سيو لموقعي (ref: seo-audit)")
    link = click_to_chat("whatsapp:+971 50 123 4567", entry)

    assert link.startswith("https://wa.me/971501234567?text=%D8%A3")
    [text] = parse_qs(urlsplit(link).query)["text"]
    assert text == "أبي تدقيق سيو لموقعي (ref: seo-audit)"
    assert find_entry_ref(text, ["seo-audit"]) == "seo-audit"


def test_a_preset_without_its_ref_gets_it_and_no_preset_is_the_ref_alone() -> None:
    assert preset_text(EntryPoint("pricing", "sales", preset="Hi, a quote please")) == "Hi, a quote please (ref: pricing)"
    assert preset_text(EntryPoint("tender", "sales")) == "ref: tender"
    assert business_digits("whatsapp:+14155238886") == "14155238886"
