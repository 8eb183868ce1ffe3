"""Keyword triage: whole words, Arabic prefixes, most hits wins, ties to the first lane."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.lanes import Lane
from bot.routing.triage import KeywordHits, keyword_hits, triage

SALES = Lane("sales", "C0SALES", keywords=("price", "quote", "price list", "سعر", "عرض سعر", "أسعار"))
SEO = Lane("arabic_seo", "C0SEO", keywords=("seo", "سيو", "تحسين محركات البحث"))
BILLING = Lane("billing", "C0BILLING", keywords=("invoice", "فاتورة", "دفع"))
SUPPORT = Lane("support", "C0SUPPORT")
LANES = (SALES, SEO, BILLING, SUPPORT)


def lane_for(text: str) -> str | None:
    hits = triage(text, LANES)
    return hits.lane if hits else None


@pytest.mark.parametrize(
    ("text", "lane"),
    [
        # English: whole words and phrases, any case
        ("What's your PRICE?", "sales"),
        ("Can you send a quote.", "sales"),
        ("need help with SEO", "arabic_seo"),
        ("Where is my invoice", "billing"),
        ("prices are too high", None),  # not the whole word
        ("invoices", None),
        ("seoul is nice", None),
        # Arabic: diacritics, alef and taa-marbuta variants, Arabic-Indic digits around
        ("كم السِّعْر؟", "sales"),
        ("ما هي الاسعار", "sales"),  # keyword written أسعار
        ("أرسلوا لي الفاتوره رقم ١٢٣", "billing"),  # keyword written فاتورة
        ("أريد تحسينَ محركاتِ البحث", "arabic_seo"),
        ("خدمة سيو", "arabic_seo"),
        # Arabic attached prefixes: و ف ب ك ل ال and combinations
        ("والسعر", "sales"),
        ("بالسعر", "sales"),
        ("فبالسعر", "sales"),
        ("للسعر", "sales"),
        ("وسعر", "sales"),
        ("ودفع", "billing"),
        ("وبالدفع", "billing"),
        # ...but not other letters or suffixes
        ("سعرات حرارية", None),  # calories
        ("مسعر", None),
        ("مرحبا", None),
        ("", None),
    ],
)
def test_lane_by_keyword(text: str, lane: str | None) -> None:
    assert lane_for(text) == lane


def test_a_multi_word_keyword_needs_its_words_in_a_row() -> None:
    assert triage("عرض سعر من فضلك", [SALES]) == KeywordHits("sales", ("عرض سعر", "سعر"))
    assert triage("عرض جديد", [SALES]) is None
    assert triage("send the price list", [SALES]) == KeywordHits("sales", ("price", "price list"))
    assert triage("list the price", [SALES]) == KeywordHits("sales", ("price",))


def test_the_lane_with_most_hits_wins() -> None:
    text = "invoice for the SEO work: the price of SEO in the فاتورة"

    assert keyword_hits(text, LANES) == (
        KeywordHits("sales", ("price",)),
        KeywordHits("arabic_seo", ("seo",)),
        KeywordHits("billing", ("invoice", "فاتورة")),
    )
    assert lane_for(text) == "billing"


def test_a_repeated_keyword_counts_once() -> None:
    assert lane_for("seo seo seo seo invoice فاتورة") == "billing"


def test_ties_go_to_the_lane_listed_first() -> None:
    assert lane_for("price and invoice") == "sales"
    assert triage("price and invoice", (BILLING, SALES)) == KeywordHits("billing", ("invoice",))


def test_keywords_are_reported_in_the_order_they_appear_in_the_text() -> None:
    assert triage("quote, then price", [SALES]) == KeywordHits("sales", ("quote", "price"))


def test_keywords_that_fold_to_the_same_words_count_once() -> None:
    lane = Lane("x", "C0X", keywords=("سعر", "سِعْر", "PRICE", "price"))

    assert triage("السعر price", [lane]) == KeywordHits("x", ("سعر", "PRICE"))


def test_blank_keywords_never_match() -> None:
    assert triage("anything at all", [Lane("x", "C0X", keywords=("", "  ", "!!"))]) is None


WORDS = ["price", "quote", "list", "سعر", "عرض", "والسعر", "seo", "سيو", "invoice", "فاتورة", "دفع", "hello", "مرحبا"]
KEYWORDS = ["price", "quote", "price list", "سعر", "عرض سعر", "seo", "سيو", "invoice", "فاتورة", "دفع", "hello world"]


@settings(deadline=None)
@given(
    st.data(),
    st.lists(st.lists(st.sampled_from(KEYWORDS), max_size=6), min_size=1, max_size=4),
    st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join),
)
def test_the_lane_does_not_depend_on_the_order_of_a_lanes_keywords(
    data: st.DataObject, keyword_lists: list[list[str]], text: str
) -> None:
    lanes = [Lane(f"lane{i}", "C0X", keywords=tuple(keywords)) for i, keywords in enumerate(keyword_lists)]
    shuffled = [
        Lane(lane.name, lane.channel, keywords=tuple(data.draw(st.permutations(lane.keywords)))) for lane in lanes
    ]

    assert triage(text, shuffled) == triage(text, lanes)
