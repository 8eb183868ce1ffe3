"""normalize(): the folding used for matching keywords (never for display)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.routing.normalize import normalize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # English: case, compatibility forms, whitespace
        ("Price QUOTE", "price quote"),
        ("  price\t\n quote  ", "price quote"),
        ("Straße", "strasse"),
        ("Ｐｒｉｃｅ", "price"),  # full-width
        ("ﬁle", "file"),  # ligature
        ("price\u00a0quote", "price quote"),  # no-break space
        # Arabic diacritics (harakat, shadda, sukun, superscript alef) and tatweel
        ("سِعْر", "سعر"),
        ("مُحَمَّد", "محمد"),
        ("عَرْضُ سِعْرٍ", "عرض سعر"),
        ("هٰذا", "هذا"),
        ("ســــعر", "سعر"),
        # alef forms, hamza on waw / yeh
        ("أسعار", "اسعار"),
        ("إعلان", "اعلان"),
        ("آخر", "اخر"),
        ("ٱلسعر", "السعر"),
        ("مؤتمر", "موتمر"),
        ("مسائل", "مسايل"),
        # taa marbuta, alef maqsura
        ("فاتورة", "فاتوره"),
        ("مستشفى", "مستشفي"),
        # Persian / Urdu yeh and kaf
        ("کیف", "كيف"),
        # digits
        ("٠١٢٣٤٥٦٧٨٩", "0123456789"),
        ("۰۱۲۳۴۵۶۷۸۹", "0123456789"),
        # presentation forms (NFKC) and invisible marks
        ("ﺳﻌﺮ", "سعر"),
        ("ﻻ", "لا"),
        ("\u200fسعر\u200e", "سعر"),
        ("سع\u200cر", "سعر"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_spelling_variants_of_one_word_fold_together() -> None:
    variants = ["الفاتورة", "الفاتوره", "ٱلْفَاتُورَة", "الفاتــورة", "ﺍﻟﻔﺎﺗﻮﺭﺓ"]

    assert {normalize(variant) for variant in variants} == {"الفاتوره"}


@settings(max_examples=300, deadline=None)
@given(st.text() | st.text(alphabet=st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)))
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)

    assert normalize(once) == once


@settings(deadline=None)
@given(st.text())
def test_normalize_leaves_no_runs_of_whitespace(text: str) -> None:
    folded = normalize(text)

    assert folded == folded.strip() and "  " not in folded and "\n" not in folded
