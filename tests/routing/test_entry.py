"""find_entry_ref(): the entry point's ref in a first message."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.routing.entry import find_entry_ref

REFS = ["pricing", "seo-audit", "Tender_2025"]


@pytest.mark.parametrize(
    "text",
    [
        "ref: pricing",
        "ref:pricing",
        "[ref:pricing]",
        "[ref: pricing]",
        "(ref: pricing)",
        "#pricing",
        "REF: PRICING",
        "Ref:Pricing",
        "#Pricing",
        "ref :  pricing",
        "Hi, I'd like a quote (ref: pricing)",
        "Hi, I'd like a quote (ref: pricing). Thanks!",
        "مرحبا، أريد عرض سعر (ref: pricing) شكرا",
        "مرحبا #pricing",
        "ｒｅｆ：ｐｒｉｃｉｎｇ",  # full-width, as some keyboards type it
        "first line\nsecond line [ref:pricing]\n",
    ],
)
def test_finds_the_ref_in_every_written_form(text: str) -> None:
    assert find_entry_ref(text, REFS) == "pricing"


def test_returns_the_ref_as_spelled_in_the_lanes_file() -> None:
    assert find_entry_ref("ref: tender_2025", REFS) == "Tender_2025"
    assert find_entry_ref("[REF:SEO-AUDIT]", REFS) == "seo-audit"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "pricing",  # a bare word is not a ref
        "ref: prices",  # not a ref in the file
        "ref: pricing-old",  # a different ref that merely starts like one
        "#pricing2",
        "xref: pricing",  # not the word "ref"
        "see example.com/page#pricing",  # a URL fragment, not a hashtag
        "ref - pricing",
        "ref pricing",
    ],
)
def test_ignores_what_is_not_a_known_ref(text: str) -> None:
    assert find_entry_ref(text, REFS) is None


def test_unknown_refs_are_skipped_and_the_first_known_ref_wins() -> None:
    assert find_entry_ref("ref: nope then #tender_2025 then ref: pricing", REFS) == "Tender_2025"
    assert find_entry_ref("#pricing and [ref: seo-audit]", REFS) == "pricing"
    assert find_entry_ref("[ref: seo-audit] and #pricing", REFS) == "seo-audit"


def test_no_refs_means_no_match() -> None:
    assert find_entry_ref("ref: pricing", []) is None


@settings(deadline=None)
@given(st.text(), st.text())
def test_a_ref_anywhere_in_any_text_is_found(before: str, after: str) -> None:
    text = before + " (ref: pricing) " + after

    assert find_entry_ref(text, ["pricing"]) == "pricing"
