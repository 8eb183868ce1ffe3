"""A rep's Slack message as WhatsApp text: Slack's escaping and markup undone, names looked
up after the ack (deferred mentions), nothing lost."""

from __future__ import annotations

from bot.slack.to_whatsapp import deferred_name, from_mrkdwn, resolve_mentions, to_whatsapp

NAMES = {"U0AGENT02": "Omar"}


def test_escapes_links_and_channels_are_undone() -> None:
    text = "Tom &amp; Jerry &lt;3 see <https://example.com|our site> in <#C0SALES|sales>"

    assert from_mrkdwn(text) == "Tom & Jerry <3 see our site (https://example.com) in #sales"


def test_a_mention_is_the_persons_name_or_their_id() -> None:
    assert from_mrkdwn("ask <@U0AGENT02>", NAMES.get) == "ask @Omar"
    assert from_mrkdwn("ask <@U0NOBODY>", NAMES.get) == "ask @U0NOBODY"


def test_rich_text_wins_over_text_with_styles_and_unicode_emoji() -> None:
    event = {"text": "ignored", "blocks": [{"type": "rich_text", "elements": [{"type": "rich_text_section", "elements": [
        {"type": "text", "text": "done", "style": {"bold": True}},
        {"type": "text", "text": " "},
        {"type": "emoji", "name": "truck", "unicode": "1f69a"},
    ]}]}]}

    assert to_whatsapp(event) == "*done* 🚚"


def test_deferred_mentions_are_resolved_later_by_whoever_may_call_slack() -> None:
    event = {"text": "hi <@U0AGENT02> and <@U0NOBODY>"}

    stored = to_whatsapp(event, deferred_name)  # what the listener stores, asking nobody

    assert "Omar" not in stored
    assert resolve_mentions(stored, NAMES.get) == "hi @Omar and @U0NOBODY"


def test_text_without_deferred_mentions_is_left_alone() -> None:
    assert resolve_mentions("price @ 5 AED, U0AGENT02", NAMES.get) == "price @ 5 AED, U0AGENT02"
