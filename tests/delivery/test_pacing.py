"""The delivery worker paced by Slack's limits (bot/slack/pacing.py) against the fake Slack:
a 429 with Retry-After pauses the channel once for every job (not one 429 per job), paced
jobs use no attempt, new conversations' cards are not starved by a busy thread."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.clock import FixedClock
from bot.delivery.worker import DeliveryWorker
from bot.deps import Deps
from bot.slack.paced_client import PacedWebClient
from bot.slack.pacing import Pacer, Rate, SlackLimits
from bot.store import repo
from bot.store.models import OutboxJob
from tests.builders import inbound_form, signed_twilio_post


@pytest.fixture
def lanes(lanes):  # type: ignore[no-untyped-def]
    """Lanes without members: no App Home refreshes interleave with the jobs under test."""
    return replace(lanes, lanes=tuple(replace(lane, members=()) for lane in lanes.lanes))


@pytest.fixture
def paced(deps: Deps, clock: FixedClock, settings) -> Deps:  # type: ignore[no-untyped-def]
    """The deps with pacing on, its clock the test's clock; a wait moves the clock on."""
    pacer = Pacer(lambda: clock.now().timestamp(), SlackLimits(channel=Rate(1.0, 1)))
    slack = PacedWebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, pacer=pacer,
                           sleep=lambda seconds: clock.advance(timedelta(seconds=seconds)))
    return replace(deps, slack=slack, pacer=pacer)


@pytest.fixture
def app(paced: Deps):  # type: ignore[no-untyped-def]
    from bot.app import create_app

    return create_app(paced)


def say(client, body, sender):  # type: ignore[no-untyped-def]
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form(body, sender=sender)).status_code == 200


def drain(worker: DeliveryWorker, paced: Deps, clock: FixedClock, limit: int = 200) -> None:
    """Run due jobs, move the clock to the next one's time, until nothing is pending."""
    for _ in range(limit):
        worker.run_due()
        due = paced.db.read(lambda session: repo.next_job_time(session=session))
        if due is None:
            return
        clock.set(max(clock.now(), due))
    raise AssertionError("the outbox did not drain")


def jobs(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.exec(select(OutboxJob).order_by(OutboxJob.id)).all()


def test_a_429_pauses_the_channel_once_for_every_job_and_uses_no_attempt(client, paced, clock, fake_slack, db):
    senders = [f"+97150123450{n}" for n in range(5)]
    for sender in senders:
        say(client, f"hello from {sender}", sender)
    fake_slack.rate_limit("chat.postMessage", times=1, retry_after=30)
    worker = DeliveryWorker(paced, parallel=1)
    start = clock.now()

    worker.run_due()  # the first card meets the 429; every other job sees the pause
    assert len(fake_slack.failed_calls("chat.postMessage")) == 1
    assert fake_slack.posts() == []
    assert all(job.attempts == 0 and job.state == "pending" for job in jobs(db))
    cards_jobs = [job for job in jobs(db) if job.kind == "slack.card"]
    assert len(cards_jobs) == 5
    assert all(job.next_attempt_at >= start + timedelta(seconds=29.9) for job in cards_jobs)  # back after the pause

    drain(worker, paced, clock)
    assert len(fake_slack.failed_calls()) == 1  # the one 429, never repeated
    cards = [call for call in fake_slack.posts() if not call.params.get("thread_ts")]
    assert len(cards) == 5
    for card in cards:
        assert len(fake_slack.posts(thread_ts=card.ts)) == 1  # its text, once
    assert all(job.state == "done" and job.attempts == 1 for job in jobs(db))
    # 10 posts, one a second after the pause: the clock moved by the pause and the pace, no backoff.
    assert timedelta(seconds=30 + 9) <= clock.now() - start <= timedelta(seconds=30 + 12)


def test_new_conversations_cards_are_not_starved_by_a_busy_thread(client, paced, clock, fake_slack):
    busy = "+971501111111"
    for n in range(8):
        say(client, f"busy {n}", busy)
    newcomers = [f"+97150222222{n}" for n in range(3)]
    for sender in newcomers:
        say(client, f"new from {sender}", sender)

    start = clock.now()
    drain(DeliveryWorker(paced, parallel=2), paced, clock)
    posts = fake_slack.posts()
    texts = [call.params["text"] for call in posts]
    cards = [index for index, call in enumerate(posts) if not call.params.get("thread_ts")]
    assert len(cards) == 4
    assert max(cards) < texts.index("busy 2")  # every card before the busy thread's third message
    assert [text for text in texts if text.startswith("busy")] == [f"busy {n}" for n in range(8)]  # order kept
    assert len(fake_slack.failed_calls()) == 0
    assert len(posts) == 15  # 4 cards + 11 texts, one a second (a burst of 1 here)
    assert timedelta(seconds=14) <= clock.now() - start <= timedelta(seconds=16)


def test_reads_before_the_post_do_not_stop_a_job_being_put_back_but_a_post_does(paced, clock, fake_slack):
    """users.info (members' names on a card) changes nothing: the post after it may still be
    put back. After a post, a later call of the same job waits in its thread instead."""
    from bot.slack.paced_client import Paced, paced_job

    paced.pacer.pause("chat.postMessage", "C0SALES", 20.0)  # type: ignore[union-attr]
    start = clock.now()
    with paced_job(1), pytest.raises(Paced) as paced_out:
        paced.slack.users_info(user="U0AAA")
        paced.slack.chat_postMessage(channel="C0SALES", text="card")
    assert paced_out.value.delay == pytest.approx(20.0 - 0.05)
    assert clock.now() == start and fake_slack.posts() == []

    with paced_job(2):
        paced.slack.chat_postMessage(channel="C0OTHER", text="first part")
        paced.slack.chat_postMessage(channel="C0SALES", text="second part")  # held, not put back
    assert [call.params["text"] for call in fake_slack.posts()] == ["first part", "second part"]
    assert clock.now() - start == timedelta(seconds=10)  # max_hold, then it went
