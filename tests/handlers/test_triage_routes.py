"""Triage end to end (issue 14): the real app, a signed Twilio webhook, the worker and fake Slack.
A label's route picks the lane and pings or assigns; the card shows label, confidence and reasons;
an unsure label asks a person, whose pick is kept as training data."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from sqlmodel import select

from bot.lanes import parse_lanes
from bot.slack import ids
from bot.store.models import Conversation, Event, TriageExample
from tests.builders import inbound_form, signed_slack_form, signed_twilio_post
from tests.conftest import LANES

BUTTON = json.loads((Path(__file__).resolve().parents[1] / "fixtures/slack_block_actions_button.json")
                    .read_text())["payload"]
TECH = "S0TECH"
CS_OWNER = "U0CS"


def triage_lanes(review_below: float = 0.5):  # type: ignore[no-untyped-def]
    data = copy.deepcopy(LANES)
    data["labels"] = {
        "names": ["Support request", "Billing", "Churn risk", "Feature request", "Bug report", "No action needed",
                  "Paid media", "Arabic SEO"],
        "review_below": review_below,
        "routes": {"Billing": {"lane": "billing"}, "Bug report": {"lane": "support", "ping": TECH},
                   "Churn risk": {"lane": "support", "assign": CS_OWNER}},
    }
    return parse_lanes(data)


@pytest.fixture
def lanes():  # type: ignore[no-untyped-def]
    return triage_lanes()


def arrive(client, worker, text, sender="+971500000001"):  # type: ignore[no-untyped-def]
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form(text, sender=sender)).status_code == 200
    worker.run_due()


def the_card(fake_slack):  # type: ignore[no-untyped-def]
    [card] = [c for c in fake_slack.posts() if not c.params.get("thread_ts")]
    return card


def latest_card_blocks(fake_slack, card) -> str:  # type: ignore[no-untyped-def]
    updates = [c for c in fake_slack.calls("chat.update") if c.params.get("ts") == card.ts]
    return json.dumps((updates[-1] if updates else card).params["blocks"], ensure_ascii=False)


def conversation(db) -> Conversation:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.exec(select(Conversation)).one()


def test_a_billing_message_lands_in_the_billing_channel_labelled_billing(client, worker, fake_slack, db):
    arrive(client, worker, "Still waiting on my invoice for October, the amount is wrong")

    card = the_card(fake_slack)
    assert card.params["channel"] == "C0BILLING"
    blocks = json.dumps(card.params["blocks"], ensure_ascii=False)
    stored = conversation(db)
    assert stored.label == "Billing" and stored.lane == "billing" and not stored.label_review
    assert stored.label_confidence is not None and stored.label_confidence >= 0.5
    assert f"Billing ({round(stored.label_confidence * 100)}%)" in blocks  # the category with its confidence
    assert 'route for \\"Billing\\" in the lanes file → billing' in blocks  # the route and its reasons
    assert "Pick a label" not in blocks


def test_a_bug_report_pings_the_routes_target_in_the_thread(client, worker, fake_slack, db):
    arrive(client, worker, "The website stopped loading since this morning, every page shows an error")

    card = the_card(fake_slack)
    assert conversation(db).label == "Bug report" and card.params["channel"] == "C0SUPPORT"
    thread = [c.params["text"] for c in fake_slack.posts(thread_ts=card.ts)]
    assert any(f"<!subteam^{TECH}>" in text and "Bug report" in text for text in thread)


def test_churn_risk_is_given_to_the_routes_owner(client, worker, fake_slack, db):
    arrive(client, worker, "Thanks for everything, but we won't renew the contract next month")

    stored = conversation(db)
    assert (stored.label, stored.owner, stored.first_owned_via) == ("Churn risk", CS_OWNER, "assigned")
    with db.session() as session:
        [assigned] = session.exec(select(Event).where(Event.kind == "assigned")).all()
    assert assigned.data == {"to": CS_OWNER, "reason": 'route for "Churn risk"'}


def test_an_entry_ref_still_wins(client, worker, fake_slack, db):
    arrive(client, worker, "Hi, I'd like a quote (ref: pricing) — our invoice is also late")

    stored = conversation(db)
    assert (stored.lane, stored.label, stored.label_confidence) == ("sales", "Paid media", None)


def test_an_unsure_label_asks_a_person_whose_pick_is_kept(client, worker, fake_slack, deps, db):
    deps.use_lanes(triage_lanes(review_below=0.99))
    text = "About the thing we discussed with your colleague last week"
    arrive(client, worker, text)

    card = the_card(fake_slack)
    stored = conversation(db)
    assert stored.label_review and stored.label_confidence is not None and stored.label_confidence < 0.99
    assert f"Pick a label: the triage is unsure (confidence {round(stored.label_confidence * 100)}%)" in \
        json.dumps(card.params["blocks"], ensure_ascii=False).replace("*", "")

    press_label(client, card, "U0DDD" if stored.lane == "support" else "U0AAA", "Feature request")
    worker.run_due()

    stored = conversation(db)
    assert (stored.label, stored.label_review, stored.label_confidence) == ("Feature request", False, None)
    assert "Pick a label" not in latest_card_blocks(fake_slack, card)
    with db.session() as session:
        [example] = session.exec(select(TriageExample)).all()
    assert (example.text, example.label, example.source, example.conversation_id) == (
        text, "Feature request", "person", stored.id)


def press_label(client, card, user, label):  # type: ignore[no-untyped-def]
    payload = copy.deepcopy(BUTTON)
    payload["user"]["id"] = user
    payload["channel"]["id"] = card.params["channel"]
    payload["container"] = {"type": "message", "channel_id": card.params["channel"], "message_ts": card.ts,
                            "is_ephemeral": False}
    payload["message"]["ts"] = card.ts
    payload["actions"] = [{"type": "static_select", "action_id": ids.LABEL, "block_id": ids.CARD_BLOCK,
                           "action_ts": "1.1", "selected_option": {"value": ids.label_value(label),
                                                                   "text": {"type": "plain_text", "text": label}}}]
    assert signed_slack_form(client, {"payload": json.dumps(payload)}).status_code == 200
