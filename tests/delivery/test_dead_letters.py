"""Permanent failures become dead letters people see; configuration faults alert once,
pause only what they block and resume by themselves. Real clients against the fakes."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.store.models import Conversation, Event, OutboxJob
from tests.builders import inbound_form, signed_twilio_post

LEAD = "U0LEAD1"


@pytest.fixture
def lanes(lanes):  # type: ignore[no-untyped-def]
    return replace(lanes, workspace=replace(lanes.workspace, leads=(LEAD,)))


def arrive(client, text, sender):  # type: ignore[no-untyped-def]
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form(text, sender=sender)).status_code == 200


def jobs(db, **where):  # type: ignore[no-untyped-def]
    with db.session() as session:
        rows = session.exec(select(OutboxJob).order_by(OutboxJob.id)).all()
    return [job for job in rows if all(getattr(job, k) == v for k, v in where.items())]


def conversations(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return {c.lane: c for c in session.exec(select(Conversation)).all()}


def texts(fake_slack, channel):  # type: ignore[no-untyped-def]
    return [c.params["text"] for c in fake_slack.posts(channel=channel)]


def test_channel_not_found_on_a_card_is_a_dead_letter_leads_are_told_and_other_lanes_go_on(
        client, worker, fake_slack, db):
    fake_slack.fail_ok_false("chat.postMessage", error="channel_not_found")
    arrive(client, "price please", "+971500000001")  # sales
    worker.run_due()
    arrive(client, "Hello, help please", "+971500000002")  # support
    worker.run_due()

    sales, support = conversations(db)["sales"], conversations(db)["support"]
    assert [(j.kind, j.state) for j in jobs(db, conversation_id=sales.id)] == [
        ("slack.card", "dead"), ("slack.text", "dead")]
    assert all(j.state == "done" for j in jobs(db, conversation_id=support.id))
    assert support.thread_ts and texts(fake_slack, "C0SUPPORT")[1] == "Hello, help please"
    [dm] = texts(fake_slack, LEAD)
    [escalation] = texts(fake_slack, "C0ESCALATE")
    assert dm == escalation
    assert "Not delivered" in dm and "channel_not_found" in dm and f"conversation {sales.id}" in dm
    assert "python -m bot jobs retry --dead" in dm
    health = client.get("/healthz").get_json()
    assert health["dead"] == 2 and health["backlog"] == 0 and health["degraded"] is False


def test_a_permanent_error_in_a_thread_is_told_in_the_thread_and_later_jobs_go_on(client, worker, fake_slack, db):
    arrive(client, "Hello", "+971500000002")
    worker.run_due()
    [card] = [c for c in fake_slack.posts() if not c.params.get("thread_ts")]
    fake_slack.fail_ok_false("chat.postMessage", error="msg_too_long")
    arrive(client, "second message", "+971500000002")
    arrive(client, "third message", "+971500000002")
    worker.run_due()

    thread = [c.params["text"] for c in fake_slack.posts(thread_ts=card.ts)]
    assert thread[0] == "Hello" and "third message" in thread
    [note] = [text for text in thread if text.startswith(":warning: *Not delivered:*")]
    assert "msg_too_long" in note
    assert [j.state for j in jobs(db, kind="slack.text")] == ["done", "dead", "done"]


def test_a_revoked_token_alerts_once_degrades_health_and_everything_goes_out_once_when_fixed(
        client, worker, fake_slack, fake_twilio, clock, db):
    fake_slack.revoke("token_revoked")
    arrive(client, "price please", "+971500000001")
    arrive(client, "Hello, help please", "+971500000002")
    worker.run_due()

    with db.session() as session:
        faults = session.exec(select(Event).where(Event.kind == "delivery_fault")).all()
    assert len(faults) == 1
    health = client.get("/healthz")
    assert health.status_code == 200
    body = health.get_json()
    assert body["degraded"] is True and body["backlog"] > 0
    assert [(f["fault"], f["error"]) for f in body["faults"]] == [("slack:app", "token_revoked")]
    assert "reinstall the app: the token was revoked" in body["faults"][0]["action"]
    assert client.get("/healthz?strict=1").status_code == 503
    # Each job that met the fault is paused on it; the rest wait behind them, untried.
    assert {(j.fault, j.attempts) for j in jobs(db, state="pending") if j.fault or j.attempts} == {("slack:app", 0)}

    def tries() -> int:  # calls that carry the job's work (a card's names are looked up on the side)
        return len([c for c in fake_slack.failed_calls() if c.method != "users.info"])

    before = tries()
    clock.advance(timedelta(seconds=61))
    worker.run_due()  # still revoked: one paused job probes, the rest keep waiting
    assert tries() == before + 1

    fake_slack.reinstate()
    clock.advance(timedelta(seconds=61))
    worker.run_due()

    assert jobs(db, state="pending") == [] and jobs(db, state="dead") == []
    assert texts(fake_slack, "C0SALES")[1:] == ["price please"]
    assert texts(fake_slack, "C0SUPPORT")[1:] == ["Hello, help please"]
    [alert] = texts(fake_slack, "C0ESCALATE")
    assert texts(fake_slack, LEAD) == [alert]
    assert "token_revoked" in alert and "reinstall the app: the token was revoked" in alert
    assert len([c for c in fake_slack.posts() if not c.params.get("thread_ts")]) == 4  # 2 cards, 2 alerts
    body = client.get("/healthz?strict=1").get_json()
    assert body["degraded"] is False and body["faults"] == []
    assert fake_twilio.sent() == []


def test_the_bot_not_in_a_lanes_channel_pauses_that_lane_only_and_resumes_once_invited(
        client, worker, fake_slack, clock, db):
    fake_slack.fail_ok_false("chat.postMessage", error="not_in_channel")  # until the bot is invited
    arrive(client, "price please", "+971500000001")
    worker.run_due()
    arrive(client, "Hello, help please", "+971500000002")
    worker.run_due()

    assert texts(fake_slack, "C0SALES") == []
    assert texts(fake_slack, "C0SUPPORT")[1:] == ["Hello, help please"]
    [alert] = texts(fake_slack, "C0ESCALATE")
    assert "invite @WA Bridge to <#C0SALES>" in alert and "the sales lane" in alert
    assert [f["fault"] for f in client.get("/healthz").get_json()["faults"]] == ["slack:channel:C0SALES"]

    clock.advance(timedelta(seconds=61))  # the fault switch is spent: the bot was invited
    worker.run_due()

    assert texts(fake_slack, "C0SALES")[1:] == ["price please"]
    assert client.get("/healthz").get_json()["faults"] == []
    assert texts(fake_slack, "C0ESCALATE") == [alert]


def test_twilio_rejecting_our_credentials_pauses_replies_alerts_once_and_sends_once_fixed(
        client, worker, fake_slack, fake_twilio, clock, db):
    from tests.handlers.test_slack_replies import reply_event, send

    arrive(client, "Hello", "+971500000002")
    worker.run_due()
    [card] = [c for c in fake_slack.posts() if not c.params.get("thread_ts")]
    fake_twilio.fail_next(code=20003, status=401, times=2)
    send(client, reply_event((card.params["channel"], card.ts), "first"))
    send(client, reply_event((card.params["channel"], card.ts), "second"))
    worker.run_due()
    clock.advance(timedelta(seconds=61))
    worker.run_due()  # the probe meets the fault again

    assert fake_twilio.sent() == []
    [alert] = texts(fake_slack, "C0ESCALATE")
    assert "Twilio delivery is paused" in alert and "TWILIO_AUTH_TOKEN" in alert
    assert [f["fault"] for f in client.get("/healthz").get_json()["faults"]] == ["twilio:auth"]

    clock.advance(timedelta(seconds=61))
    worker.run_due()

    assert [m["Body"] for m in fake_twilio.sent()] == ["first", "second"]
    assert texts(fake_slack, "C0ESCALATE") == [alert]
    assert not any("Not delivered" in text for text in texts(fake_slack, "C0SUPPORT"))
