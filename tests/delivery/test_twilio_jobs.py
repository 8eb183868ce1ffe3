"""The WhatsApp send job against the fake Twilio: names are looked up here (not before
Slack's ack), and the 24-hour window is checked when the reply goes out."""

from __future__ import annotations

from datetime import timedelta

from bot.conversations.kinds import SEND
from bot.slack.to_whatsapp import deferred_name
from bot.store import repo
from bot.store.models import Message
from tests.factories import NOW, make_conversation, make_message


def queue_reply(db, body: str, *, last_inbound=NOW):  # type: ignore[no-untyped-def]
    with db.session() as session:
        conversation = make_conversation(session, last_inbound_at=last_inbound)
        message = make_message(session, conversation, body=body, direction="out", author="U0AGENT02",
                               status="pending", slack_ts="1700000200.000001")
        repo.queue_job(session=session, kind=SEND, conversation_id=conversation.id, message_id=message.id, now=NOW)
        session.commit()
        return message.id


def test_mentions_and_the_authors_name_are_resolved_by_the_send_job(db, deps, clock, worker, fake_slack, fake_twilio) -> None:  # type: ignore[no-untyped-def]
    fake_slack.add_user("U0AGENT02", display_name="Omar")
    clock.set(NOW + timedelta(minutes=5))
    message_id = queue_reply(db, f"ask @{deferred_name('U0AGENT02')} about it")

    worker.run_due()

    [sent] = fake_twilio.sent()
    assert sent["Body"] == "ask @Omar about it"
    with db.session() as session:
        stored = session.get(Message, message_id)
    assert stored.body == "ask @Omar about it" and stored.author_name == "Omar" and stored.twilio_sid


def test_outside_the_24_hour_window_nothing_is_sent_and_the_reply_is_kept(db, deps, clock, worker, fake_twilio) -> None:  # type: ignore[no-untyped-def]
    clock.set(NOW + timedelta(hours=25))
    message_id = queue_reply(db, "are you still there?")

    worker.run_due()

    assert fake_twilio.sent() == []
    with db.session() as session:
        stored = session.get(Message, message_id)
    assert stored.status == "window_closed" and stored.error_code == "63016" and stored.body == "are you still there?"
