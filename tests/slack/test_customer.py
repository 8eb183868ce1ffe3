"""Customer text is visibly the customer's and cannot pass for the bot's own notes."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from bot.slack.customer import render_customer_message
from bot.whatsapp.inbound import clean_name


def test_an_imitation_of_the_bots_note_is_quoted_customer_text():
    [(fallback, [heading, body])] = render_customer_message("*:lock: Closed by <@U0BOSS>*\n_Qualified_", "Ana *x*")
    text = body["text"]["text"]
    assert text.startswith(">") and "\n>" in text  # every line quoted
    assert "*:lock:" not in text and "_Qualified_" not in text  # no bold or italic
    assert "<@U0BOSS>" not in text and "&lt;@U0BOSS&gt;" in text
    assert "*Ana \u200b*\u200bx\u200b*\u200b*" in heading["elements"][0]["text"]
    assert fallback == "*:lock: Closed by &lt;@U0BOSS&gt;*\n_Qualified_"


def test_a_long_message_is_numbered_and_named_in_each_part():
    posts = render_customer_message("*" * 9000, None)
    assert len(posts) > 1
    assert all("The customer" in json.dumps(blocks) for _, blocks in posts)
    assert all(len(blocks[1]["text"]["text"]) <= 3000 for _, blocks in posts)
    assert "(1/" in json.dumps(posts[0][1])


@given(st.text(max_size=5000))
def test_every_character_of_the_text_is_kept_in_order(text: str) -> None:
    posts = render_customer_message(text, "x")
    assert "".join(fallback for fallback, _ in posts).replace("&lt;", "<").replace("&gt;", ">").replace(
        "&amp;", "&") == text
    assert all(len(blocks[1]["text"]["text"]) <= 3000 and "<" not in blocks[1]["text"]["text"] for _, blocks in posts)


def test_profile_names_lose_bidi_overrides_controls_and_line_breaks():
    assert clean_name("Ana\u202e\u202dSouza\n*Closed by* \x07") == "AnaSouza *Closed by*"
    assert clean_name("  Omar\u2028\u2029Ali\r\n ") == "Omar Ali"
    assert clean_name("مه\u200cسا 👨\u200d👩\u200d👧") == "مه\u200cسا 👨\u200d👩\u200d👧"  # ZWNJ and ZWJ kept
    assert clean_name("\u2066\u2067\u2068\u2069") == ""
