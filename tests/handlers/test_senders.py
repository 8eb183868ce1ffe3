"""Several WhatsApp senders end to end (issue 14): the real app, signed Twilio webhooks, the
worker, the real twilio client against the fake Twilio. A message to the KSA number goes to the
lane that owns it and every reply leaves from that number; one open conversation per contact
follows the number the customer last wrote to; a number that is not ours is refused."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from sqlmodel import select

from bot.conversations import ownership
from bot.delivery.worker import DeliveryWorker
from bot.lanes import parse_lanes
from bot.store.models import Conversation, Event, Message
from bot.timers.jobs import sweep
from tests.builders import inbound_form, signed_twilio_post
from tests.conftest import BUSINESS_NUMBER, LANES, make_settings
from tests.handlers.test_slack_replies import reply_event, send

KSA = "whatsapp:+966500000009"
SENDERS = (BUSINESS_NUMBER, KSA)
KSA_REP = "U0KSA"


@pytest.fixture
def settings(fake_slack, fake_twilio, db_url):  # type: ignore[no-untyped-def]
    return make_settings(SLACK_API_URL=fake_slack.url, TWILIO_API_URL=fake_twilio.url,
                         TWILIO_CONTENT_URL=fake_twilio.url, DATABASE_URL=db_url,
                         TWILIO_WHATSAPP_FROM=", ".join(SENDERS))


@pytest.fixture
def lanes():  # type: ignore[no-untyped-def]
    data = copy.deepcopy(LANES)
    data["lanes"].append({"name": "ksa", "channel": "C0KSA", "members": [KSA_REP], "sender": "+966 50 000 0009"})
    return parse_lanes(data, senders=SENDERS)


def arrive(client, text, *, to=BUSINESS_NUMBER, sender="+971501234567"):  # type: ignore[no-untyped-def]
    return signed_twilio_post(client, "/twilio/whatsapp", inbound_form(text, sender=sender, To=to))


def conversations(db) -> list[Conversation]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return list(session.exec(select(Conversation).order_by(Conversation.id)).all())


def cards(fake_slack):  # type: ignore[no-untyped-def]
    return [c for c in fake_slack.posts() if not c.params.get("thread_ts")]


def card_text(fake_slack, card) -> str:  # type: ignore[no-untyped-def]
    updates = [c for c in fake_slack.calls("chat.update") if c.params.get("ts") == card.ts]
    return json.dumps((updates[-1] if updates else card).params["blocks"], ensure_ascii=False)


def test_a_message_to_the_ksa_number_lands_in_its_lane_and_the_reply_leaves_from_it(
        client, worker, fake_slack, fake_twilio, db):  # type: ignore[no-untyped-def]
    assert arrive(client, "Hi, what is the price of a new website?", to=KSA).status_code == 200
    worker.run_due()

    [card] = cards(fake_slack)
    assert card.params["channel"] == "C0KSA"  # not sales, where "price" would have sent it
    [stored] = conversations(db)
    assert (stored.lane, stored.sender) == ("ksa", KSA) and stored.label is not None  # the label is still given
    blocks = card_text(fake_slack, card)
    assert "Wrote to: +966500000009" in blocks and "the ksa lane's number" in blocks

    send(client, reply_event(("C0KSA", card.ts), "Hello from Riyadh", user=KSA_REP))
    worker.run_due()

    [sent] = fake_twilio.sent()
    assert (sent["From"], sent["To"], sent["Body"]) == (KSA, "whatsapp:+971501234567", "Hello from Riyadh")


def test_a_message_to_the_first_number_routes_as_before_and_is_answered_from_it(
        client, worker, fake_slack, fake_twilio, db):  # type: ignore[no-untyped-def]
    assert arrive(client, "Hi, what is the price of a new website?").status_code == 200
    worker.run_due()

    [card] = cards(fake_slack)
    assert card.params["channel"] == "C0SALES" and conversations(db)[0].sender == BUSINESS_NUMBER
    assert "Wrote to: +15550100001" in card_text(fake_slack, card)  # several senders: the card says which
    send(client, reply_event(("C0SALES", card.ts), "Here is our price list", user="U0AAA"))
    worker.run_due()

    assert [m["From"] for m in fake_twilio.sent()] == [BUSINESS_NUMBER]


def test_a_message_to_a_number_that_is_not_ours_is_refused(
        client, worker, fake_slack, db):  # type: ignore[no-untyped-def]
    response = arrive(client, "hello", to="whatsapp:+966500000010")
    worker.run_due()

    assert response.status_code == 400 and b"senders" in response.data
    assert conversations(db) == [] and fake_slack.posts() == []


def test_writing_to_the_other_number_continues_the_conversation_and_replies_follow_it(
        client, worker, fake_slack, fake_twilio, db):  # type: ignore[no-untyped-def]
    arrive(client, "Hi, what is the price of a new website?")
    worker.run_due()
    arrive(client, "I'm in Riyadh now, writing to your Saudi number", to=KSA)
    worker.run_due()

    [card] = cards(fake_slack)  # one open conversation per contact: still one card, in its lane
    [stored] = conversations(db)
    assert (stored.lane, stored.sender) == ("sales", KSA)
    thread = [c.params["text"] for c in fake_slack.posts(thread_ts=card.ts)]
    assert any("now writes to +966500000009 (before: +15550100001)" in text for text in thread)
    assert "Wrote to: +966500000009" in card_text(fake_slack, card)
    with db.session() as session:
        [event] = session.exec(select(Event).where(Event.kind == "sender_changed")).all()
    assert event.data == {"from": BUSINESS_NUMBER, "to": KSA}

    send(client, reply_event(("C0SALES", card.ts), "Welcome to Riyadh", user="U0AAA"))
    worker.run_due()
    assert [m["From"] for m in fake_twilio.sent()] == [KSA]


def test_the_after_hours_reply_leaves_from_the_number_written_to(
        client, deps, worker, fake_twilio, clock):  # type: ignore[no-untyped-def]
    deps.use_lanes(replace(deps.lanes, workspace=replace(deps.lanes.workspace,
                                                         after_hours_reply="We're closed, back {back}.")))
    clock.set(datetime(2026, 11, 26, 16, 0, tzinfo=timezone.utc))  # Thursday 20:00 in Dubai
    arrive(client, "hello?", to=KSA)
    worker.run_due()

    [sent] = fake_twilio.sent()
    assert sent["Body"].startswith("We're closed") and sent["From"] == KSA


def test_the_follow_up_template_leaves_from_the_number_written_to(
        client, deps, worker, fake_slack, fake_twilio, clock, db):  # type: ignore[no-untyped-def]
    sid = fake_twilio.add_template("Still interested", "Hi {{1}}, still interested?", variables={"1": "first name"})
    ksa = replace(deps.lanes.lane("ksa"), followup_template=(("*", sid),))
    deps.use_lanes(replace(deps.lanes, lanes=tuple(ksa if lane.name == "ksa" else lane for lane in deps.lanes.lanes)))
    arrive(client, "Hi, what is the price of a new website?", to=KSA)
    worker.run_due()
    [stored] = conversations(db)
    db.transaction(lambda s: ownership.claim(session=s, conversation_id=stored.id, user=KSA_REP, lanes=deps.lanes,
                                             now=clock.now()))
    send(client, reply_event(("C0KSA", stored.thread_ts), "Quote sent", user=KSA_REP))
    worker.run_due()
    clock.advance(timedelta(days=7))
    assert sweep(deps) == 1
    worker.run_due()
    worker.run_due()

    [typed, nudge] = fake_twilio.sent()
    assert nudge["ContentSid"] == sid
    assert (typed["From"], nudge["From"]) == (KSA, KSA)


def test_a_send_whose_answer_was_lost_is_looked_up_from_the_same_number_and_goes_out_once(
        client, worker, deps, fake_slack, fake_twilio, clock, db):  # type: ignore[no-untyped-def]
    arrive(client, "Hi, what is the price of a new website?", to=KSA)
    worker.run_due()
    [card] = cards(fake_slack)
    send(client, reply_event(("C0KSA", card.ts), "Your quote is ready", user=KSA_REP))
    impatient = DeliveryWorker(replace(deps, twilio=fake_twilio.client(timeout=0.3)))
    fake_twilio.accept_then_hang(1.0)

    impatient.run_due()  # Twilio accepted it; the client timed out
    clock.advance(timedelta(minutes=1))
    impatient.run_due()  # looks for it among the messages from the KSA number, and adopts it

    [sent] = fake_twilio.sent()
    assert sent["From"] == KSA
    with db.session() as session:
        reply = session.exec(select(Message).where(Message.direction == "out")).one()
    assert reply.twilio_sid == sent.sid


def test_with_one_sender_the_card_does_not_name_it(lanes) -> None:  # type: ignore[no-untyped-def]
    from bot.delivery.card_jobs import card_view
    from bot.slack.blocks import render_card
    from bot.store.models import Contact

    conversation = Conversation(id=7, contact_id=1, lane="ksa", channel="C0KSA", sender=KSA)
    contact = Contact(id=1, wa_id="+971501234567", phone_e164="+971501234567")

    one = json.dumps(render_card(card_view(conversation, contact, lanes, senders=(KSA,)))[1])
    several = json.dumps(render_card(card_view(conversation, contact, lanes, senders=SENDERS))[1])

    assert "Wrote to" not in one and "Wrote to: +966500000009" in several
