"""Escaping and splitting of untrusted customer text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.slack.text import escape_mrkdwn, format_customer_message, split_text

HOSTILE = ["<!channel>", "<!here>", "<!subteam^S0SALES>", "<@U123>", "<#C123|x>", "&amp;", "&lt;"]
SCRIPTS = [
    "مَرْحَبًا بِكُمْ",  # Arabic with harakat
    "سعر",
    "👩‍👩‍👧‍👦",  # ZWJ family
    "👍🏽",  # skin tone
    "❤️",  # variation selector
    "1️⃣",  # keycap
    "🇦🇪",  # flag
    "é",  # e + combining acute
    "नमस्ते",  # Devanagari vowel signs
    "日本語",
    "Ана",
]
SEPARATORS = [" ", "\n", "\n\n", "\r\n", "&", "<", ">"]
TOKENS = HOSTILE + SCRIPTS + SEPARATORS

# Characters that never start a cluster of their own, so random text from the rest keeps
# every cluster short and whole.
_PLAIN_CHARS = st.characters(
    exclude_categories=("Mn", "Mc", "Me", "Cs", "Cf", "Sk"),
    exclude_characters="\r",
    max_codepoint=0x1F1E5,
)
clean_text = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(_PLAIN_CHARS, max_size=8))).map(
    "".join
)
any_text = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=8))).map("".join)


def unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def is_mark(ch: str) -> bool:
    return unicodedata.combining(ch) != 0 or unicodedata.category(ch) in ("Mn", "Mc", "Me")


def splits_a_cluster(before: str, after: str) -> bool:
    """Whether ending a chunk with ``before`` and starting the next with ``after`` splits one."""
    if is_mark(after[0]) or after[0] in "\u200d\ufe0f" or 0x1F3FB <= ord(after[0]) <= 0x1F3FF:
        return True
    if before[-1] == "\u200d" or (before[-1] == "\r" and after[0] == "\n"):
        return True
    flags = len(before) - len(before.rstrip("".join(map(chr, range(0x1F1E6, 0x1F200)))))
    return flags % 2 == 1


@given(any_text)
def test_escaped_text_cannot_mention_or_link(text: str) -> None:
    escaped = escape_mrkdwn(text)
    for forbidden in ("<!", "<@", "<#", "<", ">"):
        assert forbidden not in escaped


@given(any_text)
def test_unescaping_gives_back_the_input(text: str) -> None:
    assert unescape(escape_mrkdwn(text)) == text


@given(any_text, st.integers(min_value=5, max_value=60))
def test_chunks_join_back_and_fit(text: str, limit: int) -> None:
    chunks = split_text(text, limit)
    assert "".join(chunks) == text
    assert all(chunk and len(escape_mrkdwn(chunk)) <= limit for chunk in chunks)


@given(clean_text, st.integers(min_value=24, max_value=80))
def test_chunks_never_split_a_character_cluster(text: str, limit: int) -> None:
    chunks = split_text(text, limit)
    assert "".join(chunks) == text
    assert all(len(escape_mrkdwn(chunk)) <= limit for chunk in chunks)
    for before, after in zip(chunks, chunks[1:]):
        assert not is_mark(after[0])
        assert not splits_a_cluster(before, after), (before, after)


def test_escapes_only_amp_lt_gt_in_that_order() -> None:
    assert escape_mrkdwn("<!channel> & <@U1> &amp;") == "&lt;!channel&gt; &amp; &lt;@U1&gt; &amp;amp;"
    assert escape_mrkdwn("مَرْحَبًا 👩‍👩‍👧‍👦 *bold* :smile:") == "مَرْحَبًا 👩‍👩‍👧‍👦 *bold* :smile:"


def test_empty_and_fitting_text() -> None:
    assert split_text("") == []
    assert split_text("hello") == ["hello"]
    assert split_text("&" * 600) == ["&" * 600]  # escapes to exactly 3000
    assert len(split_text("&" * 601)) == 2


def test_limit_below_one_escaped_character_is_refused() -> None:
    with pytest.raises(ValueError):
        split_text("abc", 4)


def test_arabic_harakat_stay_with_their_letter_at_the_boundary() -> None:
    text = "a" * 9 + "بَ" + "b" * 5
    assert split_text(text, 10) == ["a" * 9, "بَ" + "b" * 5]


def test_long_arabic_message_is_cut_after_spaces() -> None:
    text = "مَرْحَبًا بِكُمْ فِي مَتْجَرِنَا، أُرِيدُ عَرْضَ سِعْرٍ " * 200
    chunks = split_text(text)
    assert "".join(chunks) == text
    assert len(chunks) >= 4
    assert all(len(escape_mrkdwn(c)) <= 3000 for c in chunks)
    assert all(c.endswith(" ") for c in chunks[:-1])


def test_ten_thousand_characters_become_four_or_more_chunks() -> None:
    text = ("lorem ipsum dolor " * 600)[:10_000]
    chunks = split_text(text)
    assert len(chunks) >= 4
    assert "".join(chunks) == text
    assert len(split_text("&" * 10_000)) == 17  # 50,000 escaped characters


def test_prefers_paragraph_then_line_then_space() -> None:
    text = "a" * 2000 + "\n\n" + "b" * 500 + "\n" + "c" * 300 + " " + "d" * 1000
    assert split_text(text)[0] == "a" * 2000 + "\n\n"
    text = "a" * 2000 + "\n" + "b" * 500 + " " + "d" * 1000
    assert split_text(text)[0] == "a" * 2000 + "\n"
    text = "a" * 2000 + " " + "b" * 500 + " " + "d" * 1000
    assert split_text(text)[0] == "a" * 2000 + " " + "b" * 500 + " "


def test_emoji_sequences_are_not_cut() -> None:
    family = "👩‍👩‍👧‍👦"
    text = "x" * 8 + family + "y"
    chunks = split_text(text, 12)
    assert "".join(chunks) == text
    assert family in chunks[1]
    assert split_text("abc" + "🇦🇪🇧🇷", 5) == ["abc🇦🇪", "🇧🇷"]
    assert split_text("abcd" + "🇦🇪🇧🇷", 5) == ["abcd", "🇦🇪🇧🇷"]


def test_surrogate_pairs_are_not_cut() -> None:
    pair = "\ud83d\ude00"  # as decoded with surrogatepass
    text = "abcd" + pair + "e"
    assert split_text(text, 5) == ["abcd", pair + "e"]


def test_a_cluster_longer_than_the_limit_is_cut_rather_than_lost() -> None:
    text = "a" + "\u0301" * 20
    chunks = split_text(text, 10)
    assert "".join(chunks) == text
    assert all(len(c) <= 10 for c in chunks)


def test_format_customer_message() -> None:
    assert format_customer_message("<!here> hi & bye") == ["&lt;!here&gt; hi &amp; bye"]
    assert format_customer_message("") == []
