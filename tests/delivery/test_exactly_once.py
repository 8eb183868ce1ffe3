"""Nothing dropped, nothing doubled: Slack events that beat the card's commit are kept and
applied; a post or a WhatsApp send whose outcome was unknown is found again, never repeated.
Real slack_sdk and twilio clients against the fakes, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlmodel import select

from bot.delivery.worker import DeliveryWorker
from bot.slack import ids
from bot.store.models import Conversation, Message, OutboxJob, PendingSlackEvent
from bot.timers.early import settle_early_events
from tests.builders import inbound_form, signed_twilio_post
from tests.handlers.test_slack_ownership import press
from tests.handlers.test_slack_replies import reply_event, send


def cards(fake_slack):  # type: ignore[no-untyped-def]
    return [c for c in fake_slack.posts() if not c.params.get("thread_ts")]


def only_conversation(db) -> Conversation:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.exec(select(Conversation)).one()


def test_a_reply_sent_0_ms_after_slack_accepted_the_card_reaches_whatsapp(client, worker, fake_slack, fake_twilio, db):
    fake_slack.after_post(lambda call: send(client, reply_event((call.params["channel"], call.ts), "Hi Ana, on it")))
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form("Hello, help please")).status_code == 200

    worker.run_due()

    [sent] = fake_twilio.sent()
    assert sent["Body"] == "Hi Ana, on it"
    [card] = cards(fake_slack)
    assert only_conversation(db).thread_ts == card.ts
    with db.session() as session:
        [kept] = session.exec(select(PendingSlackEvent)).all()
    assert kept.kind == "reply" and kept.applied_at is not None


def test_a_click_in_the_same_window_is_applied(client, worker, fake_slack, db):
    fake_slack.after_post(lambda call: press(client, (call.params["channel"], call.ts), "U0AAA", ids.CLAIM))
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form("I need a price quote")).status_code == 200

    worker.run_due()

    conversation = only_conversation(db)
    assert conversation.owner == "U0AAA" and conversation.status == "claimed"
    [update] = fake_slack.calls("chat.update")
    assert "U0AAA" in str(update.params["blocks"])


def test_every_post_carries_metadata_naming_its_conversation_and_job(client, worker, fake_slack, db):
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form("Hello")).status_code == 200
    worker.run_due()

    with db.session() as session:
        jobs = {job.kind: job.id for job in session.exec(select(OutboxJob)).all()}
    card, text = fake_slack.posts()
    assert card.params["metadata"] == {"event_type": "wa_bridge_post",
                                       "event_payload": {"job": jobs["slack.card"], "part": 0, "conversation": 1}}
    assert text.params["metadata"]["event_payload"] == {"job": jobs["slack.text"], "part": 0, "conversation": 1}


def test_a_card_post_that_timed_out_after_slack_accepted_it_is_adopted_not_repeated(
        client, deps, fake_slack, clock, db):
    slow = DeliveryWorker(replace(deps, slack=fake_slack.client(timeout=0.3)))
    fake_slack.set_delay(0.6)  # Slack stores the card, the client gives up first
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form("Hello")).status_code == 200
    slow.run_due()
    fake_slack.set_delay(0)
    assert only_conversation(db).thread_ts is None
    assert len(fake_slack.wait_for("chat.postMessage")) == 1  # Slack took it after the client gave up

    clock.advance(timedelta(minutes=1))
    slow.run_due()

    [card] = cards(fake_slack)
    assert only_conversation(db).thread_ts == card.ts
    assert [c.params.get("thread_ts") for c in fake_slack.posts()] == [None, card.ts]
    assert fake_slack.calls("conversations.history")


def test_a_whatsapp_send_that_timed_out_after_twilio_accepted_it_goes_out_once(
        client, worker, deps, fake_slack, fake_twilio, clock, db):
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form("Hello")).status_code == 200
    worker.run_due()
    [card] = cards(fake_slack)
    send(client, reply_event((card.params["channel"], card.ts), "Your quote is ready"))
    impatient = DeliveryWorker(replace(deps, twilio=fake_twilio.client(timeout=0.3)))
    fake_twilio.accept_then_hang(1.0)

    impatient.run_due()  # Twilio accepted it; the client timed out
    assert len(fake_twilio.sent()) == 1
    clock.advance(timedelta(minutes=1))
    impatient.run_due()

    [sent] = fake_twilio.sent()
    assert sent["Body"] == "Your quote is ready"
    with db.session() as session:
        reply = session.exec(select(Message).where(Message.direction == "out")).one()
        jobs = session.exec(select(OutboxJob).where(OutboxJob.kind == "twilio.send")).all()
    assert reply.twilio_sid == sent.sid and reply.status == "queued"
    assert [(job.state, job.in_flight_at) for job in jobs] == [("done", None)]


def test_a_send_refused_outright_is_not_looked_up_and_a_later_one_is_sent(
        client, worker, fake_slack, fake_twilio, clock):
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form("Hello")).status_code == 200
    worker.run_due()
    [card] = cards(fake_slack)
    fake_twilio.fail_server()  # a 500: the outcome is unknown, so the retry looks first
    send(client, reply_event((card.params["channel"], card.ts), "ok"))
    worker.run_due()
    clock.advance(timedelta(minutes=1))
    worker.run_due()

    assert [m["Body"] for m in fake_twilio.sent()] == ["ok"]


def test_an_event_on_a_message_that_never_becomes_a_card_is_reported_not_dropped(
        client, worker, deps, fake_slack, clock, db):
    fake_slack.fail("chat.postMessage", times=1)
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form("Hello")).status_code == 200
    worker.run_due()  # the card is not posted yet
    send(client, reply_event(("C0SUPPORT", "1699999999.000100"), "a reply under someone else's message"))

    clock.advance(timedelta(minutes=11))
    assert settle_early_events(deps) == (0, 1)
    assert settle_early_events(deps) == (0, 0)  # once
    worker.run_due()

    [note] = [c for c in fake_slack.posts(channel="C0ESCALATE")]
    assert "<#C0SUPPORT>" in note.params["text"] and "not a WhatsApp card" in note.params["text"]
