"""The outbox worker against the real WebClient and a fake Slack: cards, threads, order,
outages, rate limits and restarts. Nothing lost, nothing twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.delivery.worker import DeliveryWorker
from bot.store.models import Conversation, OutboxJob
from tests.builders import inbound_form, signed_twilio_post


@pytest.fixture
def lanes(lanes):  # type: ignore[no-untyped-def]
    """Lanes without members: no App Home refreshes interleave with the jobs under test."""
    from dataclasses import replace

    return replace(lanes, lanes=tuple(replace(lane, members=()) for lane in lanes.lanes))


def say(client, body, **kw):  # type: ignore[no-untyped-def]
    response = signed_twilio_post(client, "/twilio/whatsapp", inbound_form(body, **kw))
    assert response.status_code == 200
    return response


def pending(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.exec(select(OutboxJob).where(OutboxJob.state == "pending")).all()


def thread_texts(fake_slack, card):  # type: ignore[no-untyped-def]
    return [call.params["text"] for call in fake_slack.posts(channel=card.params["channel"], thread_ts=card.ts)]


def cards(fake_slack, channel=None):  # type: ignore[no-untyped-def]
    return [call for call in fake_slack.posts(channel=channel) if not call.params.get("thread_ts")]


def test_a_new_conversation_posts_a_card_in_its_lane_channel_and_the_text_in_its_thread(client, worker, fake_slack, db):
    say(client, "Hi, can I get a quote?")
    worker.run_due()

    [card] = cards(fake_slack)
    assert card.params["channel"] == "C0SALES"
    blocks = str(card.params["blocks"])
    assert "Claim" in blocks and "Label" in blocks and "Close" in blocks and "Ana Souza" in blocks
    assert thread_texts(fake_slack, card) == ["Hi, can I get a quote?"]
    with db.session() as session:
        conversation = session.exec(select(Conversation)).one()
    assert conversation.thread_ts == card.ts
    assert pending(db) == []


def test_customer_messages_appear_in_the_thread_in_the_order_sent(client, worker, fake_slack):
    for n in range(6):
        say(client, f"message {n}")
    worker.run_due()

    [card] = cards(fake_slack)
    assert thread_texts(fake_slack, card) == [f"message {n}" for n in range(6)]


def test_two_contacts_get_two_cards_each_with_its_own_thread(client, worker, fake_slack):
    say(client, "invoice please", sender="+971500000001")
    say(client, "hello", sender="+966500000002")
    say(client, "second from the first", sender="+971500000001")
    worker.run_due()

    billing, support = cards(fake_slack, "C0BILLING"), cards(fake_slack, "C0SUPPORT")
    assert len(billing) == len(support) == 1
    assert thread_texts(fake_slack, billing[0]) == ["invoice please", "second from the first"]
    assert thread_texts(fake_slack, support[0]) == ["hello"]


def test_a_duplicate_message_sid_is_posted_once(client, worker, fake_slack):
    form = inbound_form("only once", sid="SM" + "c" * 32)
    signed_twilio_post(client, "/twilio/whatsapp", form)
    signed_twilio_post(client, "/twilio/whatsapp", form)
    worker.run_due()

    assert [c.params["text"] for c in fake_slack.posts() if c.params.get("thread_ts")] == ["only once"]


def test_customer_text_cannot_mention_anyone_and_keeps_its_script(client, worker, fake_slack):
    say(client, "مرحبا <!channel> & <@U0AAA> <#C0SALES|sales> <!subteam^S1>", name="<!here> سارة")
    worker.run_due()

    everything = str([call.params for call in fake_slack.posts()])
    for dangerous in ("<!channel>", "<@U0AAA>", "<#C0SALES", "<!here>", "<!subteam"):
        assert dangerous not in everything
    [card] = cards(fake_slack)
    assert thread_texts(fake_slack, card) == [
        "مرحبا &lt;!channel&gt; &amp; &lt;@U0AAA&gt; &lt;#C0SALES|sales&gt; &lt;!subteam^S1&gt;"]
    assert "&lt;!here&gt; سارة" in str(card.params["blocks"])


def test_a_long_message_is_split_into_several_posts_never_cut(client, worker, fake_slack):
    body = ("سطر طويل جدا " * 40 + "\n") * 30  # ~16,000 characters of Arabic
    say(client, body)
    worker.run_due()

    [card] = cards(fake_slack)
    parts = thread_texts(fake_slack, card)
    assert len(parts) >= 6
    assert all(len(part) <= 3000 for part in parts)
    assert "".join(parts) == body


def test_slack_down_for_a_while_delays_delivery_and_loses_nothing(client, worker, fake_slack, clock, db):
    fake_slack.down()
    for n in range(3):
        say(client, f"while down {n}")
    worker.run_due()
    assert fake_slack.posts() == []
    assert len(pending(db)) == 4

    clock.advance(timedelta(minutes=1))
    worker.run_due()  # still down: tries again, later
    fake_slack.up()
    worker.run_due()
    assert fake_slack.posts() == []  # not due yet: backoff is respected

    clock.advance(timedelta(minutes=15))
    worker.run_due()
    [card] = cards(fake_slack)
    assert thread_texts(fake_slack, card) == [f"while down {n}" for n in range(3)]
    assert pending(db) == []


def test_a_429_waits_for_retry_after_and_keeps_the_order(client, worker, fake_slack, clock):
    say(client, "first")
    say(client, "second")
    fake_slack.rate_limit("chat.postMessage", times=1, retry_after=30)
    worker.run_due()
    assert fake_slack.posts() == []

    clock.advance(timedelta(seconds=29))
    worker.run_due()
    assert fake_slack.posts() == []

    clock.advance(timedelta(seconds=1))
    worker.run_due()
    [card] = cards(fake_slack)
    assert thread_texts(fake_slack, card) == ["first", "second"]


def test_ratelimited_in_a_200_answer_is_retried_too(client, worker, fake_slack, clock):
    say(client, "hello")
    fake_slack.fail_ok_false("chat.postMessage", error="ratelimited", times=1)
    worker.run_due()
    clock.advance(timedelta(minutes=1))
    worker.run_due()

    [card] = cards(fake_slack)
    assert thread_texts(fake_slack, card) == ["hello"]


def test_a_failure_mid_conversation_holds_later_messages_back_until_it_succeeds(client, worker, fake_slack, clock):
    say(client, "one")
    worker.run_due()
    say(client, "two")
    say(client, "three")
    fake_slack.fail("chat.postMessage", times=1, status=500)
    worker.run_due()
    [card] = cards(fake_slack)
    assert thread_texts(fake_slack, card) == ["one"]

    clock.advance(timedelta(minutes=1))
    worker.run_due()
    assert thread_texts(fake_slack, card) == ["one", "two", "three"]


def test_a_process_killed_mid_delivery_resends_on_restart(client, deps, fake_slack, clock, db):
    for n in range(3):
        say(client, f"before the crash {n}")
    dying = DeliveryWorker(deps)
    leased = dying._lease_due()  # it took the work… and died before doing any of it
    assert leased and fake_slack.posts() == []

    restarted = DeliveryWorker(deps)
    restarted.run_due()
    assert fake_slack.posts() == []  # the dead worker's lease still holds

    clock.advance(timedelta(seconds=31))
    restarted.run_due()
    [card] = cards(fake_slack)
    assert thread_texts(fake_slack, card) == [f"before the crash {n}" for n in range(3)]
    assert pending(db) == []


def test_work_queued_before_a_restart_is_delivered_by_the_new_process(client, settings, lanes, clock, db, fake_slack):
    from bot.deps import build_deps

    say(client, "queued, never delivered")
    fresh = build_deps(settings, lanes, clock=clock)  # a new process: new clients, same database
    try:
        DeliveryWorker(fresh).run_due()
    finally:
        fresh.db.dispose()
    [card] = cards(fake_slack)
    assert thread_texts(fake_slack, card) == ["queued, never delivered"]


def test_a_second_conversation_after_close_gets_its_own_card(client, worker, fake_slack, db):
    say(client, "first time")
    worker.run_due()
    with db.session() as session:
        conversation = session.exec(select(Conversation)).one()
        conversation.status, conversation.open_key = "closed", None
        session.add(conversation)
        session.commit()
    say(client, "back again")
    worker.run_due()

    first, second = cards(fake_slack)
    assert thread_texts(fake_slack, first) == ["first time"]
    assert thread_texts(fake_slack, second) == ["back again"]


def _dead_pid() -> int:
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_restart_takes_back_the_leases_of_a_dead_process_at_once(client, deps, fake_slack, db):
    import socket

    say(client, "the worker died holding me")
    dying = DeliveryWorker(deps)
    dying.owner = f"{socket.gethostname()}:{_dead_pid()}:deadbeef"
    assert dying._lease_due()

    restarted = DeliveryWorker(deps)
    assert restarted.reclaim_dead_leases() == 1
    restarted.run_due()  # no need to wait for the lease to run out
    [card] = cards(fake_slack)
    assert thread_texts(fake_slack, card) == ["the worker died holding me"]


def test_leases_of_live_processes_and_other_hosts_are_left_alone(client, deps, fake_slack):
    import os
    import socket

    say(client, "first", sender="+971500000001")
    say(client, "second", sender="+971500000002")
    alive = DeliveryWorker(deps, batch=1)
    alive.owner = f"{socket.gethostname()}:{os.getppid()}:cafe"  # our parent process: alive
    elsewhere = DeliveryWorker(deps, batch=1)
    elsewhere.owner = f"another-host:{_dead_pid()}:f00d"
    assert alive._lease_due() and elsewhere._lease_due()

    assert DeliveryWorker(deps).reclaim_dead_leases() == 0
    DeliveryWorker(deps).run_due()
    assert fake_slack.posts() == []
