"""POST /twilio/status over signed requests: statuses in order, marks and notes in Slack."""

from __future__ import annotations

import json
import random
from datetime import timedelta
from pathlib import Path

import pytest
from bot.errors import StoreUnavailable
from sqlmodel import select

from bot.store.models import Contact, Conversation, Event, Message, OutboxJob
from tests.builders import signed_twilio_post, twilio_signature
from tests.fakes.fixtures import TWILIO_ACCOUNT_SID

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SID = "SM5a7e5a7e5a7e5a7e5a7e5a7e5a7e5a7e"
CHANNEL, THREAD, REPLY_TS = "C0SUPPORT", "1700000000.000100", "1700000000.000900"


@pytest.fixture
def outbound(db, clock):  # type: ignore[no-untyped-def]
    """Make an outbound reply (already sent to Twilio) with `sid`; returns the maker."""
    made: dict[str, int] = {}

    def make(sid: str = SID, *, slack_ts: str | None = REPLY_TS) -> int:
        with db.session() as session:
            if not made:
                contact = Contact(wa_id="+971501234567", phone_e164="+971501234567", created_at=clock.now())
                session.add(contact)
                session.flush()
                conversation = Conversation(
                    contact_id=contact.id, open_key=contact.id, lane="support", channel=CHANNEL, thread_ts=THREAD,
                    created_at=clock.now(), last_inbound_at=clock.now() - timedelta(hours=1))
                session.add(conversation)
                session.flush()
                made["conversation"] = conversation.id
            message = Message(conversation_id=made["conversation"], direction="out", body="Hello!", twilio_sid=sid,
                              slack_ts=slack_ts, status="queued", created_at=clock.now())
            session.add(message)
            session.commit()
            return message.id

    return make


def status_form(status: str, sid: str = SID, **extra: str) -> dict[str, str]:
    form = {
        "SmsSid": sid, "MessageSid": sid, "SmsStatus": status, "MessageStatus": status, "AccountSid": TWILIO_ACCOUNT_SID,
        "To": "whatsapp:+971501234567", "From": "whatsapp:+15550100001", "ApiVersion": "2010-04-01",
        "ChannelPrefix": "whatsapp", "ChannelToAddress": "+97150123XXXX",
    }
    form.update(extra)
    return form


def post(client, status: str, sid: str = SID, **extra: str):  # type: ignore[no-untyped-def]
    return signed_twilio_post(client, "/twilio/status", status_form(status, sid, **extra))


def post_fixture(client, name: str):  # type: ignore[no-untyped-def]
    """A recorded callback, posted as Twilio sent it, with its own signature."""
    fixture = json.loads((FIXTURES / f"{name}.json").read_text())
    assert fixture["url"] == "https://wa-bridge.example.com/twilio/status"
    body = (FIXTURES / f"{name}.form").read_text().strip()
    return client.post("/twilio/status", data=body, content_type="application/x-www-form-urlencoded",
                       headers={"X-Twilio-Signature": fixture["headers"]["X-Twilio-Signature"]})


def reply(db, sid: str = SID) -> Message:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.exec(select(Message).where(Message.twilio_sid == sid)).one()


def rows(db, model):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return list(session.exec(select(model)).all())


def marks(fake_slack) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [(c.params["channel"], c.params["timestamp"], c.params["name"]) for c in fake_slack.calls("reactions.add")]


def notes_in_thread(fake_slack) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.params["text"] for c in fake_slack.posts(channel=CHANNEL, thread_ts=THREAD)]


def test_delivered_puts_a_check_mark_on_the_reps_message(client, db, worker, fake_slack, outbound, deps):  # type: ignore[no-untyped-def]
    woken = []
    deps.wakeup.set = lambda: woken.append(1)  # type: ignore[method-assign]
    outbound()

    response = post(client, "delivered")
    assert response.status_code == 200 and response.data == b""
    assert woken == [1]
    worker.run_due()

    assert marks(fake_slack) == [(CHANNEL, REPLY_TS, "white_check_mark")]
    message = reply(db)
    assert message.status == "delivered" and message.status_at is not None
    assert [(e.kind, e.data["status"]) for e in rows(db, Event)] == [("delivery_status", "delivered")]


def test_read_then_a_late_sent_stays_read(client, db, worker, fake_slack, outbound, deps):  # type: ignore[no-untyped-def]
    woken = []
    deps.wakeup.set = lambda: woken.append(1)  # type: ignore[method-assign]
    outbound()

    assert post(client, "read").status_code == 200
    assert post(client, "sent").status_code == 200
    assert post(client, "delivered").status_code == 200
    worker.run_due()

    assert reply(db).status == "read"
    assert marks(fake_slack) == [(CHANNEL, REPLY_TS, "eyes")]
    assert woken == [1]  # only the first callback queued anything


def test_a_duplicate_callback_changes_nothing(client, db, worker, fake_slack, outbound):  # type: ignore[no-untyped-def]
    outbound()
    post(client, "delivered")
    post(client, "delivered")

    assert len(rows(db, OutboxJob)) == 1 and len(rows(db, Event)) == 1
    worker.run_due()
    assert marks(fake_slack) == [(CHANNEL, REPLY_TS, "white_check_mark")]


def test_failed_63016_marks_x_and_explains_the_24_hour_window(client, db, worker, fake_slack, outbound):  # type: ignore[no-untyped-def]
    outbound()
    post(client, "sent")
    post(client, "failed", ErrorCode="63016",
         ErrorMessage="Failed to send freeform message because you are outside the allowed window.")
    worker.run_due()

    assert marks(fake_slack) == [(CHANNEL, REPLY_TS, "x")]
    [note] = notes_in_thread(fake_slack)
    assert "24-hour window" in note and "template" in note
    assert "Mon 23 Nov 12:00 (Asia/Dubai)" in note  # last inbound 08:00 UTC on the 22nd + 24 h, in Dubai time
    message = reply(db)
    assert (message.status, message.error_code) == ("failed", "63016")


def test_undelivered_63024_says_why_in_the_thread(client, db, worker, fake_slack, outbound):  # type: ignore[no-untyped-def]
    outbound()
    post(client, "undelivered", ErrorCode="63024", ErrorMessage="Invalid message recipient <@U0BOSS>")
    worker.run_due()

    assert marks(fake_slack) == [(CHANNEL, REPLY_TS, "x")]
    [note] = notes_in_thread(fake_slack)
    assert "63024" in note and "recipient" in note.lower() and "<@" not in note
    assert reply(db).error_message == "Invalid message recipient <@U0BOSS>"


def test_each_reply_gets_its_own_marks(client, db, worker, fake_slack, outbound):  # type: ignore[no-untyped-def]
    outbound("SMfirst", slack_ts="1700000000.000901")
    outbound("SMsecond", slack_ts="1700000000.000902")
    post(client, "delivered", sid="SMsecond")
    post(client, "read", sid="SMfirst")
    worker.run_due()

    assert sorted(marks(fake_slack)) == [(CHANNEL, "1700000000.000901", "eyes"),
                                         (CHANNEL, "1700000000.000902", "white_check_mark")]


def test_an_unknown_sid_gets_200_and_nothing_is_queued(client, db, worker, fake_slack, outbound, deps):  # type: ignore[no-untyped-def]
    woken = []
    deps.wakeup.set = lambda: woken.append(1)  # type: ignore[method-assign]
    outbound()

    response = post(client, "delivered", sid="SM00000000000000000000000000000000")
    assert response.status_code == 200 and response.data == b""
    assert rows(db, OutboxJob) == [] and woken == []
    assert reply(db).status == "queued"
    # Kept, in case our own send has not stored this sid yet; applied once it does.
    [early] = rows(db, Event)
    assert (early.kind, early.actor, early.data["status"]) == ("status_early", "SM00000000000000000000000000000000",
                                                                "delivered")


@pytest.mark.parametrize("form", [
    {},
    {"MessageSid": SID},
    {"MessageStatus": "delivered"},
    {"MessageSid": SID, "MessageStatus": "receiving"},
    {"MessageSid": SID, "MessageStatus": "💥"},
    {"MessageSid": "SM" + "0" * 200, "MessageStatus": "delivered"},
    {"MessageSid": SID, "MessageStatus": "failed", "ErrorCode": "9" * 40, "ErrorMessage": "x" * 5000},
])
def test_a_malformed_callback_gets_200_and_never_a_500(client, db, outbound, form):  # type: ignore[no-untyped-def]
    outbound()
    response = signed_twilio_post(client, "/twilio/status", form)

    assert response.status_code == 200 and response.data == b""


def test_sms_status_is_read_when_message_status_is_missing(client, db, outbound):  # type: ignore[no-untyped-def]
    outbound()
    post(client, "sent")
    signed_twilio_post(client, "/twilio/status", {"MessageSid": SID, "SmsStatus": "delivered"})

    assert reply(db).status == "delivered"


@pytest.mark.parametrize("signature", [None, "", "bm90IGEgc2lnbmF0dXJl"])
def test_a_bad_signature_is_refused_and_changes_nothing(client, db, outbound, signature):  # type: ignore[no-untyped-def]
    outbound()
    headers = {} if signature is None else {"X-Twilio-Signature": signature}

    assert client.post("/twilio/status", data=status_form("failed", ErrorCode="63016"), headers=headers).status_code == 403
    assert reply(db).status == "queued" and rows(db, OutboxJob) == []


def test_a_callback_signed_for_another_path_is_refused(client, db, outbound):  # type: ignore[no-untyped-def]
    outbound()
    form = status_form("delivered")
    signature = twilio_signature("https://wa-bridge.example.com/twilio/whatsapp", form)

    assert client.post("/twilio/status", data=form, headers={"X-Twilio-Signature": signature}).status_code == 403
    assert reply(db).status == "queued"


def test_a_database_failure_answers_503(client, db, outbound, deps, monkeypatch):  # type: ignore[no-untyped-def]
    outbound()

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise StoreUnavailable("OperationalError: database is down")

    monkeypatch.setattr(deps.db, "transaction", broken)
    assert post(client, "delivered").status_code == 503


# -- Twilio's recorded callbacks, with their own signatures --------------------------------

COFFEE, FAILED, BAD = ("SMc0ffee00c0ffee00c0ffee00c0ffee00", "SMfa11ed00fa11ed00fa11ed00fa11ed00",
                       "SMbad0bad0bad0bad0bad0bad0bad0bad0")


def test_the_recorded_callbacks_in_any_order_end_in_read(client, db, worker, fake_slack, outbound):  # type: ignore[no-untyped-def]
    outbound(COFFEE)
    names = ["twilio_status_queued", "twilio_status_sent", "twilio_status_delivered", "twilio_status_read"]
    random.Random(3).shuffle(names)
    for name in names + names:  # out of order, and each one twice
        assert post_fixture(client, name).status_code == 200, name
    worker.run_due()

    assert reply(db, COFFEE).status == "read"
    assert {name for _, _, name in marks(fake_slack)} <= {"white_check_mark", "eyes"}
    assert (CHANNEL, REPLY_TS, "eyes") in marks(fake_slack)


def test_the_recorded_63016_failure(client, db, worker, fake_slack, outbound):  # type: ignore[no-untyped-def]
    outbound(FAILED)
    assert post_fixture(client, "twilio_status_failed_63016").status_code == 200
    worker.run_due()

    assert (reply(db, FAILED).status, reply(db, FAILED).error_code) == ("failed", "63016")
    assert marks(fake_slack) == [(CHANNEL, REPLY_TS, "x")]
    assert any("24-hour window" in text for text in notes_in_thread(fake_slack))


def test_the_recorded_63024_undelivered(client, db, worker, fake_slack, outbound):  # type: ignore[no-untyped-def]
    outbound(BAD)
    assert post_fixture(client, "twilio_status_undelivered_63024").status_code == 200
    worker.run_due()

    assert reply(db, BAD).status == "undelivered"
    [note] = notes_in_thread(fake_slack)
    assert "63024" in note and "recipient" in note


def test_a_recorded_callback_for_a_message_we_never_sent_is_acknowledged(client, db):  # type: ignore[no-untyped-def]
    assert post_fixture(client, "twilio_status_delivered").status_code == 200
    assert rows(db, OutboxJob) == []
