"""Messages arriving at once: one conversation, one card, each MessageSid once."""

from __future__ import annotations

import threading

from sqlmodel import select

from bot.store.models import Conversation, Message, OutboxJob
from tests.builders import inbound_form, signed_twilio_post


def _at_once(app, forms):  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(len(forms))
    statuses: list[int] = []

    def post(form):  # type: ignore[no-untyped-def]
        client = app.test_client()
        barrier.wait()
        statuses.append(signed_twilio_post(client, "/twilio/whatsapp", form).status_code)

    threads = [threading.Thread(target=post, args=(form,)) for form in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_messages_from_a_new_contact_arriving_together_open_one_conversation(app, db):
    statuses = _at_once(app, [inbound_form(f"message {n}", sender="+971501112233") for n in range(8)])

    assert statuses == [200] * 8
    with db.session() as session:
        assert len(session.exec(select(Conversation)).all()) == 1
        assert len(session.exec(select(Message)).all()) == 8
        cards = session.exec(select(OutboxJob).where(OutboxJob.kind == "slack.card")).all()
    assert len(cards) == 1


def test_the_same_message_sid_delivered_together_is_stored_once(app, db):
    form = inbound_form("Hello", sid="SM" + "b" * 32)
    statuses = _at_once(app, [form] * 6)

    assert statuses == [200] * 6
    with db.session() as session:
        assert len(session.exec(select(Message)).all()) == 1
        jobs = [j.kind for j in session.exec(select(OutboxJob).order_by(OutboxJob.id)).all()  # queue order
                if j.kind != "slack.home"]
        assert jobs == ["slack.card", "slack.text"]
