"""Replies over WhatsApp's 1,600 characters are split, in order, at good boundaries."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.whatsapp.split import MAX_BODY, PART_LIMIT, split_text


def test_short_text_is_one_part():
    assert split_text("Hello") == ["Hello"]


def test_long_text_splits_at_paragraphs_and_sentences():
    paragraph = ("This is a sentence about the order. " * 30).strip()
    parts = split_text("\n\n".join([paragraph] * 3))
    assert len(parts) >= 3 and all(len(part) <= PART_LIMIT < MAX_BODY for part in parts)
    assert all(part.endswith(".") for part in parts)


@given(st.text(min_size=0, max_size=6000))
def test_parts_fit_and_keep_every_word_in_order(text: str) -> None:
    parts = split_text(text)
    assert all(len(part) <= PART_LIMIT for part in parts)
    assert "".join("".join(parts).split()) == "".join(text.split())
