"""Durable ingest: the webhook stores one row and answers; intake (the delivery worker) takes it in.
Nothing lost (a kill between the two), nothing twice (Twilio's retries), each sender's order kept,
bad input still a clear 4xx, and the operator sees what waits for intake."""

from __future__ import annotations

import argparse
import io
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.app import create_app
from bot.cli.jobs import add_parser, run
from bot.conversations import ingest, intake
from bot.deps import build_deps
from bot.delivery.worker import DeliveryWorker
from bot.store.db import Database
from bot.store.models import Conversation, Inbound, Message, OutboxJob
from tests.builders import drain_intake, inbound_form, signed_twilio_post


@pytest.fixture
def lanes(lanes):  # type: ignore[no-untyped-def]
    """Lanes without members: no App Home refreshes interleave with the posts under test."""
    return replace(lanes, lanes=tuple(replace(lane, members=()) for lane in lanes.lanes))


def rows(db, model):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return list(session.exec(select(model).order_by(model.id)).all())


def stored_only(client, body, **kw):  # type: ignore[no-untyped-def]
    """The webhook's part alone: signed, answered 200, not yet taken in."""
    form = inbound_form(body, **kw)
    response = signed_twilio_post(client, "/twilio/whatsapp", form, intake=False)
    assert response.status_code == 200 and b"<Response" in response.data
    return form


def test_the_webhook_commits_one_row_and_answers_before_intake(client, db, fake_slack):
    stored_only(client, "Hi, price for SEO?")

    [row] = rows(db, Inbound)
    assert row.form is not None and row.form["Body"] == "Hi, price for SEO?"
    assert row.from_address == "whatsapp:+971501234567"
    assert rows(db, Message) == [] and rows(db, Conversation) == [] and rows(db, OutboxJob) == []
    assert fake_slack.posts() == []

    assert drain_intake(client.application) == 1
    [message] = rows(db, Message)
    assert message.body == "Hi, price for SEO?" and message.twilio_sid == row.message_sid
    assert rows(db, Inbound) == []  # taken in: the raw copy is gone in the same transaction


def test_a_retried_webhook_is_stored_once_before_and_after_intake(client, db, worker, fake_slack):
    form = stored_only(client, "Hello")
    stored_only(client, "ignored", sid=form["MessageSid"])  # Twilio's retry while the first still waits
    assert len(rows(db, Inbound)) == 1

    worker.run_due()
    assert signed_twilio_post(client, "/twilio/whatsapp", form).status_code == 200  # retried after intake
    worker.run_due()

    assert [m.body for m in rows(db, Message)] == ["Hello"]
    assert rows(db, Inbound) == []
    assert [call.params["text"] for call in fake_slack.posts() if call.params.get("thread_ts")] == ["Hello"]


def test_a_kill_between_the_webhook_and_intake_loses_nothing(client, settings, lanes, clock, db, fake_slack):
    for n in range(3):
        stored_only(client, f"before the crash {n}")
    # the process dies here: its app, worker and connections are gone; another one starts
    restarted = build_deps(settings, lanes, clock=clock, db=Database(settings.database_url))
    try:
        DeliveryWorker(restarted).run_due()
    finally:
        restarted.db.dispose()
        restarted.http.close()

    assert [m.body for m in rows(db, Message)] == [f"before the crash {n}" for n in range(3)]
    [card] = [call for call in fake_slack.posts() if not call.params.get("thread_ts")]
    assert [call.params["text"] for call in fake_slack.posts(thread_ts=card.ts)] == [
        f"before the crash {n}" for n in range(3)]
    assert rows(db, Inbound) == []


def test_each_senders_order_is_kept_across_intake_batches(client, db, worker, fake_slack):
    for n in range(5):
        stored_only(client, f"ana {n}", sender="+971501234567")
        stored_only(client, f"omar {n}", sender="+971509999999")

    worker.run_due()

    by_sender: dict[int, list[str]] = {}
    for message in rows(db, Message):
        by_sender.setdefault(message.conversation_id, []).append(message.body)
    assert sorted(by_sender.values()) == [[f"ana {n}" for n in range(5)], [f"omar {n}" for n in range(5)]]
    for card in (call for call in fake_slack.posts() if not call.params.get("thread_ts")):
        texts = [call.params["text"] for call in fake_slack.posts(thread_ts=card.ts)]
        assert texts in ([f"ana {n}" for n in range(5)], [f"omar {n}" for n in range(5)])


def test_intake_takes_one_row_per_sender_per_batch(client, db, clock):
    for n in range(3):
        stored_only(client, f"ana {n}", sender="+971501234567")
    stored_only(client, "omar 0", sender="+971509999999")
    deps = client.application.extensions["wa_bridge"]

    assert ingest.drain(db=db, lanes=deps.lanes, clock=clock) == 2  # ana 0 and omar 0
    assert [m.body for m in rows(db, Message)] == ["ana 0", "omar 0"]
    assert ingest.drain_all(db=db, lanes=deps.lanes, clock=clock) == 2
    assert [m.body for m in rows(db, Message)] == ["ana 0", "omar 0", "ana 1", "ana 2"]


def test_bad_input_is_a_clear_4xx_and_stores_nothing(client, db):
    missing_from = {k: v for k, v in inbound_form().items() if k != "From"}
    response = signed_twilio_post(client, "/twilio/whatsapp", missing_from)
    assert response.status_code == 400 and b"missing From" in response.data
    not_ours = inbound_form(AccountSid="AC" + "f" * 32)
    assert signed_twilio_post(client, "/twilio/whatsapp", not_ours).status_code == 400
    assert client.post("/twilio/whatsapp", data=inbound_form()).status_code == 403

    assert rows(db, Inbound) == [] and rows(db, Message) == []


def test_a_failing_row_waits_alone_and_is_taken_in_later_in_order(client, db, clock, monkeypatch):
    real = intake.accept_inbound

    def broken(**kw):  # type: ignore[no-untyped-def]
        if kw["message"].body == "breaks":
            raise RuntimeError("a bug")
        return real(**kw)

    monkeypatch.setattr(ingest, "accept_inbound", broken)
    stored_only(client, "breaks", sender="+971501234567")
    stored_only(client, "after it", sender="+971501234567")
    stored_only(client, "someone else", sender="+971509999999")
    deps = client.application.extensions["wa_bridge"]

    ingest.drain_all(db=db, lanes=deps.lanes, clock=clock)
    assert [m.body for m in rows(db, Message)] == ["someone else"]
    [failed, waiting] = rows(db, Inbound)
    assert failed.attempts == 1 and failed.next_attempt_at == clock.now() + timedelta(seconds=2)
    assert waiting.form is not None and waiting.form["Body"] == "after it"

    monkeypatch.setattr(ingest, "accept_inbound", real)  # the fix is deployed
    clock.advance(timedelta(seconds=2))
    ingest.drain_all(db=db, lanes=deps.lanes, clock=clock)
    assert [m.body for m in rows(db, Message)] == ["someone else", "breaks", "after it"]


def test_health_and_the_jobs_command_show_what_waits_for_intake(client, db, clock):
    stored_only(client, "Hello")
    clock.advance(timedelta(seconds=30))
    body = client.get("/healthz").get_json()
    assert body["intake_backlog"] == 1 and body["oldest_intake_s"] == 30 and body["degraded"] is False

    clock.advance(timedelta(seconds=31))
    assert client.get("/healthz?strict=1").status_code == 503  # intake is not running

    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    out = io.StringIO()
    assert run(parser.parse_args(["jobs"]), db=db, now=clock.now(), out=out, actor="cli:ops") == 0
    assert "1 inbound message(s) waiting for intake, the oldest for 61s" in out.getvalue()

    drain_intake(client.application)
    body = client.get("/healthz").get_json()
    assert body["intake_backlog"] == 0 and body["oldest_intake_s"] == 0


def test_erasing_a_contact_removes_its_messages_still_waiting_for_intake(client, db, clock):
    from bot.store import repo

    signed_twilio_post(client, "/twilio/whatsapp", inbound_form("first"))
    stored_only(client, "still waiting")

    def erase(session):  # type: ignore[no-untyped-def]
        contact = repo.find_contact(session=session, number="+971501234567")
        assert contact is not None
        repo.erase_contact(session=session, contact=contact)

    db.transaction(erase)
    assert rows(db, Inbound) == []


def test_the_webhook_wakes_the_worker_only_when_it_stored_something(client, deps):
    deps.wakeup.clear()
    form = stored_only(client, "Hello")
    assert deps.wakeup.is_set()
    deps.wakeup.clear()
    stored_only(client, "again", sid=form["MessageSid"])
    assert not deps.wakeup.is_set()


def test_a_second_app_on_the_same_database_takes_in_what_the_first_stored(client, deps, db, fake_slack):
    stored_only(client, "Hello from one process")
    other = create_app(deps).test_client()
    assert drain_intake(other.application) == 1
    assert [m.body for m in rows(db, Message)] == ["Hello from one process"]


def test_the_intake_thread_takes_messages_in_and_wakes_the_delivery_loop(client, deps, db, monkeypatch):
    import threading

    from bot.delivery import intake_loop

    for n in range(3):
        stored_only(client, f"while delivery is busy {n}", sender=f"+97150123456{n}")  # one batch
    stop = threading.Event()

    class Delivery(threading.Event):
        def set(self) -> None:  # the delivery loop is told; this test then stops the intake thread
            super().set()
            stop.set()

    delivery = Delivery()
    monkeypatch.setattr(intake_loop, "INTAKE_GRACE", 0.0)
    monkeypatch.setattr(intake_loop, "QUIET", 0.0)  # no burst to wait out
    intake_loop.intake_loop(deps, stop, delivery)  # runs here, returns once stopped

    assert delivery.is_set()
    assert [m.body for m in rows(db, Message)] == [f"while delivery is busy {n}" for n in range(3)]
    assert rows(db, Inbound) == []


def test_in_a_dense_burst_the_background_intake_waits_for_a_pause(client, deps):
    from bot.delivery.intake_loop import quiet

    assert quiet(deps)  # nothing arrived yet
    stored_only(client, "Hello")
    deps.arrivals.gap = 3600.0  # a message on its own is taken in at once
    assert quiet(deps)
    deps.arrivals.gap, deps.arrivals.last = 0.001, deps.arrivals.last + 3600  # messages 1 ms apart, the last just now
    assert not quiet(deps)
    deps.arrivals.last = 0.0  # the burst paused long ago
    assert quiet(deps)
