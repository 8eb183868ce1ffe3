"""A rep's reply in the card's thread reaches WhatsApp once; notes, bots, edits and other
threads never do. Real signed Slack requests, real Twilio client against the fake."""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from bot.store.models import Contact, Message
from tests.builders import inbound_form, signed_slack_json, signed_twilio_post

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
_events = iter(range(1, 10_000))


@pytest.fixture
def card(client, worker, fake_slack):  # type: ignore[no-untyped-def]
    """A customer wrote; the card is in #support. Returns (channel, thread_ts)."""
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form("Hello, help please")).status_code == 200
    worker.run_due()
    [parent] = [c for c in fake_slack.posts() if not c.params.get("thread_ts")]
    return parent.params["channel"], parent.ts


def reply_event(card, text="Hi Ana, on it!", *, ts=None, event_id=None, **event_changes):  # type: ignore[no-untyped-def]
    channel, thread_ts = card
    payload = copy.deepcopy(json.loads((FIXTURES / "slack_event_message_thread_reply.json").read_text()))
    payload = {k: v for k, v in payload.items() if not k.startswith("_")}
    n = next(_events)
    event = payload["event"]
    event.update(channel=channel, thread_ts=thread_ts, text=text, ts=ts or f"1800000000.{n:06d}",
                 event_ts=ts or f"1800000000.{n:06d}")
    event.pop("blocks", None)
    event.update(event_changes)
    payload["event_id"] = event_id or f"Ev{n:08d}"
    return payload


def send(client, payload, **kw):  # type: ignore[no-untyped-def]
    response = signed_slack_json(client, payload, **kw)
    assert response.status_code == 200, response.data
    return response


def test_a_reply_in_the_thread_is_sent_to_the_customer_once(client, worker, fake_twilio, card, settings):
    send(client, reply_event(card, "Hi Ana &amp; team, on it! &lt;3"))
    worker.run_due()

    [sent] = fake_twilio.sent()
    assert sent["To"] == "whatsapp:+971501234567"
    assert sent["From"] == settings.twilio_whatsapp_from
    assert sent["Body"] == "Hi Ana & team, on it! <3"
    assert sent["StatusCallback"] == "https://wa-bridge.example.com/twilio/status"


def test_rich_text_mentions_links_and_emoji_become_plain_whatsapp_text(client, worker, fake_twilio, fake_slack, card):
    fake_slack.add_user("U0AGENT02", display_name="Omar")
    payload = reply_event(card, "x")
    payload["event"]["blocks"] = json.loads((FIXTURES / "slack_event_message_thread_reply.json").read_text())[
        "event"]["blocks"]
    send(client, payload)
    worker.run_due()

    [sent] = fake_twilio.sent()
    assert sent["Body"] == "Oi Ana! Seu pedido sai amanhã & chega em 2 dias <3 @Omar 🚚"


def test_slack_retries_and_redeliveries_send_once(client, worker, fake_twilio, card):
    payload = reply_event(card, "only once")
    send(client, payload)
    retry = copy.deepcopy(payload)
    send(client, retry)  # same event_id: Slack's retry
    redelivered = copy.deepcopy(payload)
    redelivered["event_id"] = "EvOTHER0001"  # same (channel, ts), another event id
    send(client, redelivered)
    worker.run_due()
    worker.run_due()

    assert [s["Body"] for s in fake_twilio.sent()] == ["only once"]


@pytest.mark.parametrize("text", ["note: call her tomorrow", "  NOTE: internal", "private: margin is 20%",
                                  "Private:   between us"])
def test_notes_stay_internal_and_are_marked(client, worker, fake_twilio, fake_slack, card, db, text):
    send(client, reply_event(card, text))
    worker.run_due()

    assert fake_twilio.sent() == []
    [mark] = fake_slack.calls("reactions.add")
    assert mark.params["name"] == "lock"
    with db.session() as session:
        note = session.exec(select(Message).where(Message.direction == "note")).one()
    assert "note" not in note.body.lower()[:5] and note.status == "internal"


@pytest.mark.parametrize("change", [
    {"bot_id": "B0BOT0001"},
    {"subtype": "bot_message"},
    {"user": "U0BOT0001"},  # the bot's own post
    {"subtype": "message_changed"},
    {"subtype": "message_deleted"},
    {"subtype": "channel_join"},
    {"thread_ts": None},  # top level, not in a thread
])
def test_bots_edits_joins_and_top_level_messages_are_never_sent(client, worker, fake_twilio, card, change):
    payload = reply_event(card)
    payload["event"].update(change)
    payload["event"] = {k: v for k, v in payload["event"].items() if v is not None}
    send(client, payload)
    worker.run_due()

    assert fake_twilio.sent() == []


def test_the_real_edit_and_bot_fixtures_are_never_sent(client, worker, fake_twilio, card):
    for name in ("slack_event_message_changed", "slack_event_message_bot_self"):
        payload = {k: v for k, v in json.loads((FIXTURES / f"{name}.json").read_text()).items()
                   if not k.startswith("_")}
        payload["event"]["channel"], payload["event"]["thread_ts"] = card
        send(client, payload)
    worker.run_due()

    assert fake_twilio.sent() == []


def test_a_reply_in_a_thread_that_is_not_a_card_is_ignored(client, worker, fake_twilio, card):
    send(client, reply_event((card[0], "1699999999.000100")))
    send(client, reply_event(("C0UNKNOWN", card[1])))
    worker.run_due()

    assert fake_twilio.sent() == []


def test_outside_the_24_hour_window_twilio_is_not_called_and_the_thread_says_why(
        client, worker, fake_twilio, fake_slack, card, clock, db):
    clock.advance(timedelta(hours=24, minutes=1))
    send(client, reply_event(card, "Sorry for the delay"))
    worker.run_due()

    assert fake_twilio.sent() == []
    notes = [c.params["text"] for c in fake_slack.posts(thread_ts=card[1]) if "24" in c.params.get("text", "")]
    assert len(notes) == 1 and "template" in notes[0].lower()
    with db.session() as session:
        reply = session.exec(select(Message).where(Message.direction == "out")).one()
    assert reply.status == "window_closed" and reply.body == "Sorry for the delay"


def test_twilio_answering_63016_is_treated_as_a_closed_window(client, worker, fake_twilio, fake_slack, card, db):
    fake_twilio.fail_next(code=63016, status=400)
    send(client, reply_event(card, "hello?"))
    worker.run_due()

    notes = [c.params["text"] for c in fake_slack.posts(thread_ts=card[1]) if "24" in c.params.get("text", "")]
    assert len(notes) == 1
    with db.session() as session:
        assert session.exec(select(Message).where(Message.direction == "out")).one().status == "window_closed"


@pytest.mark.parametrize("code, words", [(21211, "number"), (63024, "recipient"), (63003, "number")])
def test_a_permanent_twilio_error_is_reported_at_once_with_its_code(
        client, worker, fake_twilio, fake_slack, card, db, code, words):
    fake_twilio.fail_next(code=code, status=400)
    send(client, reply_event(card, "hello"))
    worker.run_due()

    notes = [c.params["text"] for c in fake_slack.posts(thread_ts=card[1]) if str(code) in c.params.get("text", "")]
    assert len(notes) == 1 and words in notes[0].lower()
    assert [c.params["name"] for c in fake_slack.calls("reactions.add")] == ["x"]
    with db.session() as session:
        reply = session.exec(select(Message).where(Message.direction == "out")).one()
    assert reply.status == "failed" and reply.error_code == str(code)
    assert len(fake_twilio.failed()) == 1  # not retried


def test_a_server_error_is_retried_with_backoff_before_anything_is_reported(
        client, worker, fake_twilio, fake_slack, card, clock):
    fake_twilio.fail_server(times=2, status=503)
    send(client, reply_event(card, "eventually"))
    worker.run_due()
    assert fake_twilio.sent() == [] and fake_slack.calls("reactions.add") == []

    for _ in range(3):
        clock.advance(timedelta(minutes=1))
        worker.run_due()
    assert [s["Body"] for s in fake_twilio.sent()] == ["eventually"]
    assert fake_slack.calls("reactions.add") == []


def test_a_rate_limit_that_never_ends_is_reported_after_the_retries(client, worker, fake_twilio, fake_slack, card, clock):
    fake_twilio.fail_next(code=63018, status=429, times=50)
    send(client, reply_event(card, "hello"))
    for _ in range(8):
        worker.run_due()
        clock.advance(timedelta(minutes=15))

    assert fake_twilio.sent() == []
    notes = [c.params["text"] for c in fake_slack.posts(thread_ts=card[1]) if "63018" in c.params.get("text", "")]
    assert len(notes) == 1


def test_an_opted_out_customer_gets_nothing_and_the_rep_is_told(client, worker, fake_twilio, fake_slack, card, db):
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form("STOP")).status_code == 200
    worker.run_due()
    with db.session() as session:
        assert session.exec(select(Contact)).one().opted_out
    [update] = fake_slack.calls("chat.update")
    assert "opted out" in json.dumps(update.params["blocks"]).lower()

    send(client, reply_event(card, "But wait!"))
    worker.run_due()
    assert fake_twilio.sent() == []
    assert any("opted out" in c.params.get("text", "").lower() for c in fake_slack.posts(thread_ts=card[1])[-2:])

    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form("start")).status_code == 200
    send(client, reply_event(card, "Welcome back"))
    worker.run_due()
    assert [s["Body"] for s in fake_twilio.sent()] == ["Welcome back"]


def test_arabic_opt_out_word_works(client, worker, card, db):
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form("إلغاء")).status_code == 200
    with db.session() as session:
        assert session.exec(select(Contact)).one().opted_out


@pytest.fixture
def maria(fake_slack):  # type: ignore[no-untyped-def]
    """The rep is known to Slack before the card's first Home refresh looks her up."""
    fake_slack.add_user("U0AGENT01", display_name="Maria")


def test_the_reps_name_is_recorded_and_signed_when_the_lane_asks(client, deps, maria, worker, fake_twilio, fake_slack,
                                                                 card, db):
    from dataclasses import replace

    lanes = deps.lanes
    deps.use_lanes(replace(lanes, lanes=tuple(replace(l, sign_replies=l.name == "support") for l in lanes.lanes)))
    send(client, reply_event(card, "Done"))
    worker.run_due()

    [sent] = fake_twilio.sent()
    assert sent["Body"] == "Done\n— Maria"
    with db.session() as session:
        assert session.exec(select(Message).where(Message.direction == "out")).one().author_name == "Maria"


def test_an_alerts_only_lane_sends_nothing(client, deps, worker, fake_twilio, fake_slack, card):
    from dataclasses import replace

    deps.use_lanes(replace(deps.lanes, lanes=tuple(replace(l, alerts_only=True) for l in deps.lanes.lanes)))
    send(client, reply_event(card, "just for us"))
    worker.run_due()

    assert fake_twilio.sent() == []
    assert [c.params["name"] for c in fake_slack.calls("reactions.add")] == ["lock"]


def test_a_file_shared_in_the_thread_is_sent_as_media_through_a_signed_link(client, worker, fake_twilio, card):
    payload = reply_event(card, "comprovante", subtype="file_share",
                          files=[{"id": "F0FILE0001", "name": "comprovante.png", "mimetype": "image/png",
                                  "size": 48213}])
    send(client, payload)
    worker.run_due()

    [sent] = fake_twilio.sent()
    media = sent["MediaUrl"] if isinstance(sent["MediaUrl"], str) else sent["MediaUrl"][0]
    assert media.startswith("https://wa-bridge.example.com/media/")


def test_a_file_whatsapp_refuses_is_reported_before_sending(client, worker, fake_twilio, fake_slack, card):
    payload = reply_event(card, "", subtype="file_share",
                          files=[{"id": "F0FILE0002", "name": "huge.mov", "mimetype": "video/quicktime",
                                  "size": 200_000_000}])
    send(client, payload)
    worker.run_due()

    assert fake_twilio.sent() == []
    assert any("huge.mov" in c.params.get("text", "") for c in fake_slack.posts(thread_ts=card[1]))


def test_a_status_callback_that_beats_the_send_commit_is_applied_afterwards(
        client, worker, fake_twilio, fake_slack, card, db):
    from tests.builders import signed_twilio_post as post

    sid = fake_twilio.next_sid()
    # Twilio calls back (failed, 63016) before our send has stored the sid.
    assert post(client, "/twilio/status", {"MessageSid": sid, "MessageStatus": "failed", "ErrorCode": "63016",
                                           "AccountSid": "AC", "To": "whatsapp:+971501234567"}).status_code == 200
    send(client, reply_event(card, "too late?"))
    worker.run_due()

    with db.session() as session:
        reply = session.exec(select(Message).where(Message.direction == "out")).one()
    assert reply.twilio_sid == sid and reply.status == "failed" and reply.error_code == "63016"
    assert "x" in [c.params["name"] for c in fake_slack.calls("reactions.add")]


def test_twilio_saying_the_customer_unsubscribed_marks_the_contact(client, worker, fake_twilio, fake_slack, card, db):
    fake_twilio.fail_next(code=21610, status=400)
    send(client, reply_event(card, "hello"))
    worker.run_due()

    with db.session() as session:
        assert session.exec(select(Contact)).one().opted_out
    assert "opted out" in json.dumps(fake_slack.calls("chat.update")[-1].params["blocks"]).lower()


def test_a_reply_that_cannot_be_stored_gets_a_500_so_slacks_retry_delivers_it_once(
        client, deps, worker, fake_twilio, card):
    from bot.store.db import make_engine

    working = deps.db.engine
    broken_url = "sqlite:////nonexistent/dir/bot.db" if working.dialect.name == "sqlite" else \
        working.url.set(port=1).render_as_string(hide_password=False)
    deps.db.engine = make_engine(broken_url)
    payload = reply_event(card, "please arrive")
    try:
        failed = signed_slack_json(client, payload)
    finally:
        deps.db.engine.dispose()
        deps.db.engine = working
    assert failed.status_code == 500

    send(client, payload)  # Slack's retry: same event_id
    worker.run_due()
    assert [s["Body"] for s in fake_twilio.sent()] == ["please arrive"]
