"""The conversation card and thread posts, as Block Kit JSON."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.slack import ids
from bot.slack.blocks import CardView, render_card, render_media_note, render_message

GOLDEN = Path(__file__).parent / "golden"
LABELS = (
    "Support request", "Billing", "Churn risk", "Feature request", "Bug report",
    "No action needed", "Paid media", "Arabic SEO", "Tender readiness",
)  # fmt: skip
OPENED = datetime(2026, 11, 23, 9, 15, tzinfo=timezone.utc)

UNCLAIMED = CardView(
    conversation_id=7,
    contact_name="أحمد <VIP>",
    contact_number="+971501234567",
    lane="sales",
    label=None,
    score=None,
    owner=None,
    status="unclaimed",
    reason='keywords: "سعر" → sales',
    labels=LABELS,
    opened_at=OPENED,
)
CLAIMED = CardView(
    conversation_id=42,
    contact_name="Ana Souza",
    contact_number="+5511987654321",
    lane="sales",
    label="Paid media",
    score=87,
    owner="U0AAA",
    status="claimed",
    reason='entry point "pricing" → sales',
    labels=LABELS,
    entry_ref="pricing",
    referral="Free quote today & save 20% <limited>",
    opened_at=OPENED,
)


def serialised(view: CardView) -> str:
    text, blocks = render_card(view)
    return json.dumps({"text": text, "blocks": blocks}, ensure_ascii=False)


def actions(blocks: list[dict]) -> list[dict]:
    (block,) = [b for b in blocks if b.get("block_id") == ids.CARD_BLOCK]
    return block["elements"]


def element(blocks: list[dict], action_id: str) -> dict:
    (found,) = [e for e in actions(blocks) if e["action_id"] == action_id]
    return found


@pytest.mark.parametrize(("name", "view"), [("card_unclaimed", UNCLAIMED), ("card_claimed", CLAIMED)])
def test_card_matches_golden_json(name: str, view: CardView) -> None:
    text, blocks = render_card(view)
    actual = json.dumps({"text": text, "blocks": blocks}, ensure_ascii=False, indent=2) + "\n"
    path = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("view", [UNCLAIMED, CLAIMED])
def test_card_carries_claim_label_and_close(view: CardView) -> None:
    _, blocks = render_card(view)
    claim, label, close = element(blocks, ids.CLAIM), element(blocks, ids.LABEL), element(blocks, ids.CLOSE)
    assert actions(blocks)[0] is claim and actions(blocks)[-1] is close
    assert claim["type"] == "button" and "Claim" in claim["text"]["text"]
    assert claim["action_id"] == ids.CLAIM and claim["style"] == "primary"
    assert ids.parse_card_value(claim["value"]) == view.conversation_id
    assert label["type"] == "static_select" and "Label" in label["placeholder"]["text"]
    assert label["action_id"] == ids.LABEL
    assert close["type"] == "button" and "Close" in close["text"]["text"]
    assert close["action_id"] == ids.CLOSE
    assert len(blocks) <= 50


def test_card_shows_contact_lane_label_score_owner_and_status() -> None:
    text, blocks = render_card(CLAIMED)
    assert text == "WhatsApp: Ana Souza (+5511987654321) in sales"
    shown = json.dumps(blocks, ensure_ascii=False)
    for part in ("Ana Souza", "+5511987654321", "Paid media", "87", "<@U0AAA>", "Claimed"):
        assert part in shown
    assert element(blocks, ids.LABEL)["initial_option"]["value"] == "Paid media"

    _, blocks = render_card(UNCLAIMED)
    shown = json.dumps(blocks, ensure_ascii=False)
    assert "*Owner*\\nUnclaimed" in shown and "*Label*\\n—" in shown and "*Score*\\n—" in shown
    assert "initial_option" not in element(blocks, ids.LABEL)


@pytest.mark.parametrize(
    ("status", "words"),
    [
        ("unclaimed", "Unclaimed"),
        ("claimed", "Claimed"),
        ("waiting", "Waiting for customer"),
        ("followup", "Follow-up needed"),
        ("closed", "Closed"),
    ],
)
def test_status_in_human_words(status: str, words: str) -> None:
    _, blocks = render_card(replace(CLAIMED, status=status))
    assert f"*Status*\n{words}" in [f["text"] for f in blocks[0]["fields"]]


HOSTILE = "<!channel> & <@U1> <#C1|general> <!subteam^S1>"


def test_hostile_strings_cannot_mention_anyone() -> None:
    view = replace(
        UNCLAIMED,
        contact_name=HOSTILE,
        contact_number="<!here>",
        referral=HOSTILE,
        reason=HOSTILE,
        entry_ref=HOSTILE,
        label=HOSTILE,
        lane=HOSTILE,
        status=HOSTILE,
        owner="<!everyone>",
    )
    shown = serialised(view)
    for forbidden in ("<!", "<@", "<#", "<"):
        assert forbidden not in shown
    assert "&lt;!channel&gt; &amp; &lt;@U1&gt;" in shown


@given(name=st.text(), referral=st.text(), reason=st.text())
def test_no_untrusted_text_produces_a_mention(name: str, referral: str, reason: str) -> None:
    view = replace(CLAIMED, contact_name=name, referral=referral, reason=reason)
    shown = serialised(view).replace("<@U0AAA>", "")
    assert "<" not in shown and ">" not in shown


def test_labels_are_capped_and_keep_the_current_one() -> None:
    labels = tuple(f"Label {i}" for i in range(150))
    _, blocks = render_card(replace(CLAIMED, labels=labels, label="Label 120"))
    select = element(blocks, ids.LABEL)
    assert len(select["options"]) == 100
    assert select["initial_option"] in select["options"]
    assert select["initial_option"]["value"] == "Label 120"


def test_a_select_without_labels_still_has_an_option() -> None:
    _, blocks = render_card(replace(CLAIMED, labels=("", " "), label=None))
    (option,) = element(blocks, ids.LABEL)["options"]
    assert ids.parse_label_value(option["value"], ("", " ")) is None


def test_long_labels_fit_option_limits_and_round_trip() -> None:
    long_a, long_b = "A" * 149 + "x" + "tail a", "A" * 149 + "x" + "tail b"
    labels = (long_a, long_b, "Billing")
    _, blocks = render_card(replace(CLAIMED, labels=labels, label=long_b))
    select = element(blocks, ids.LABEL)
    values = [o["value"] for o in select["options"]]
    assert all(len(v) <= 150 for v in values) and len(set(values)) == 3
    assert all(len(o["text"]["text"]) <= 75 for o in select["options"])
    assert select["options"][0]["text"]["text"].endswith("…")
    assert ids.parse_label_value(select["initial_option"]["value"], labels) == long_b
    assert ids.parse_label_value("Billing", labels) == "Billing"
    assert ids.parse_label_value("Nope", labels) is None


def test_long_untrusted_text_is_clipped_within_slack_limits() -> None:
    view = replace(CLAIMED, contact_name="&" * 5000, referral="<" * 5000, reason="x " * 5000)
    text, blocks = render_card(view)
    texts = [blocks[0]["text"]["text"]] + [e["text"] for e in blocks[1]["elements"]]
    assert all(len(t) <= 3000 for t in texts)
    assert all(len(f["text"]) <= 2000 for f in blocks[0]["fields"])
    assert text.startswith("WhatsApp: &amp;") and "&amp;… (+5511987654321)" in text


def test_ids_round_trip_and_reject_tampered_values() -> None:
    for conversation_id in (1, 42, 10**12):
        assert ids.parse_card_value(ids.card_value(conversation_id)) == conversation_id
    for bad in ("1; drop", "-1", "abc", "", "1e3", "0", "01", " 1", "1\n", "+1", "١", "1.0"):
        assert ids.parse_card_value(bad) is None, bad
    with pytest.raises(ValueError):
        ids.card_value(0)
    assert len({ids.CLAIM, ids.LABEL, ids.CLOSE}) == 3


def test_message_is_split_into_escaped_sections() -> None:
    text = "<!channel> price please & thanks. " * 300  # 10,200 characters
    posts = render_message(text)
    assert len(posts) >= 4
    rebuilt = ""
    for fallback, blocks in posts:
        (block,) = blocks
        assert block["type"] == "section" and block["text"]["type"] == "mrkdwn"
        assert block["text"]["text"] == fallback and len(fallback) <= 3000
        assert "<" not in fallback
        rebuilt += fallback.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    assert rebuilt == text
    assert render_message("") == []


def test_media_note_is_visible_and_escaped() -> None:
    text, blocks = render_media_note("image/jpeg", "HTTP 404 <not found> & gone")
    assert text == (
        ":warning: The customer sent an image (image/jpeg) that could not be downloaded: "
        "HTTP 404 &lt;not found&gt; &amp; gone"
    )
    assert blocks == [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]
    assert "a file" in render_media_note("application/pdf", "too big")[0]


def test_an_owned_card_offers_release_status_reassign_and_move_and_a_closed_one_does_not() -> None:
    from dataclasses import replace

    owned = replace(CLAIMED, members=(("U0AAA", "Aisha"), ("U0BBB", "Omar")), other_lanes=("billing",))
    _, blocks = render_card(owned)
    assert element(blocks, ids.RELEASE)["type"] == "button"
    assert element(blocks, ids.STATUS)["initial_option"]["value"] == "claimed"
    assert [o["value"] for o in element(blocks, ids.REASSIGN)["options"]] == ["U0AAA", "U0BBB"]
    assert element(blocks, ids.REASSIGN)["initial_option"]["value"] == "U0AAA"
    assert [o["value"] for o in element(blocks, ids.MOVE)["options"]] == ["billing"]

    closed = replace(owned, status="closed", outcome="Qualified", closed_by="U0BBB")
    _, blocks = render_card(closed)
    present = {e["action_id"] for e in actions(blocks)}
    assert present == {ids.CLAIM, ids.LABEL, ids.CLOSE}
    assert "Closed: *Qualified* by <@U0BBB>" in json.dumps(blocks)
