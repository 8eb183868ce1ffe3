"""Hot leads first: new conversations' cards go before other conversations' thread posts, hot
before warm before the rest, and so do the waiting jobs of a lead that becomes hot (its card
update among them); each conversation keeps its order, and nothing starves (a job queued over AGED_AFTER ago goes first)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlmodel import select

from bot.conversations.scoring import CARD_PRIORITY
from bot.store import repo
from bot.store.models import Contact, Conversation, OutboxJob
from bot.store.repo.outbox import AGED_AFTER
from tests.builders import inbound_form, signed_twilio_post

HOT = ("I'm the marketing manager at Acme (acme.ae): we want to start Google ads next week, budget 20k AED, "
       "can we meet tomorrow 10am?")
WARM = "we want to start Google ads next week for our company, budget 20k AED"


@pytest.fixture
def lanes(lanes):  # type: ignore[no-untyped-def]
    """Lanes without members: no App Home refreshes or assignments interleave with the jobs under test."""
    return replace(lanes, lanes=tuple(replace(lane, members=()) for lane in lanes.lanes))


def arrive(client, body: str, sender: str) -> None:  # type: ignore[no-untyped-def]
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form(body, sender=sender)).status_code == 200


def band_of(db, sender: str) -> tuple[int, str | None]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        contact = session.exec(select(Contact).where(Contact.wa_id == sender)).one()
        conversation = session.exec(select(Conversation).where(Conversation.contact_id == contact.id)).one()
        assert conversation.id is not None
        return conversation.id, conversation.score_band


def lease_order(db, clock) -> list[tuple[int | None, str]]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return [(job.conversation_id, job.kind)
                for job in repo.due_jobs(session=session, now=clock.now(), limit=50, lock=False)]


def test_new_cards_go_first_hot_before_warm_before_the_rest_and_thread_posts_last(client, worker, db, clock):
    arrive(client, "hello", "+971500000001")  # an earlier conversation, its card already posted
    worker.run_due()
    arrive(client, "and one more thing", "+971500000001")  # its thread post, queued first
    arrive(client, "hello there", "+971500000002")  # a new nurture lead
    arrive(client, WARM, "+971500000003")
    arrive(client, HOT, "+971500000004")
    earlier, _ = band_of(db, "+971500000001")
    nurture, warm, hot = (band_of(db, f"+97150000000{n}") for n in (2, 3, 4))
    assert (nurture[1], warm[1], hot[1]) == ("nurture", "warm", "hot")

    order = [entry for entry in lease_order(db, clock) if entry[1] in ("slack.card", "slack.text")]
    assert order == [(hot[0], "slack.card"), (warm[0], "slack.card"), (nurture[0], "slack.card"),
                     (earlier, "slack.text")]
    with db.session() as session:
        cards = {job.conversation_id: job.priority
                 for job in session.exec(select(OutboxJob).where(OutboxJob.kind == "slack.card",
                                                                 OutboxJob.state == "pending"))}
        texts = {job.priority for job in session.exec(select(OutboxJob).where(OutboxJob.kind == "slack.text"))}
    assert cards == {hot[0]: CARD_PRIORITY["hot"], warm[0]: CARD_PRIORITY["warm"], nurture[0]: CARD_PRIORITY["nurture"]}
    assert texts == {0}


def test_a_conversations_own_order_is_kept_whatever_its_priority(client, worker, db, fake_slack):
    arrive(client, HOT, "+971500000004")
    arrive(client, "second message", "+971500000004")
    worker.run_due()

    [card] = [call for call in fake_slack.posts() if not call.params.get("thread_ts")]
    texts = [call.params["text"] for call in fake_slack.posts(thread_ts=card.ts)]
    assert texts[:1] == [HOT] and texts.index("second message") > 0


def test_a_lead_that_becomes_hot_has_its_card_update_and_posts_go_before_other_thread_posts(client, worker, db, clock):
    arrive(client, "hello", "+971500000001")
    arrive(client, "hello", "+971500000005")
    worker.run_due()
    arrive(client, "a question for you", "+971500000001")  # a thread post of another conversation, first
    arrive(client, HOT, "+971500000005")  # this lead becomes hot
    heated, band = band_of(db, "+971500000005")
    other, _ = band_of(db, "+971500000001")
    assert band == "hot"

    order = lease_order(db, clock)
    assert order.index((heated, "slack.text")) < order.index((other, "slack.text"))  # first in line: its text
    with db.session() as session:
        waiting = session.exec(select(OutboxJob).where(OutboxJob.conversation_id == heated,
                                                       OutboxJob.state == "pending").order_by(OutboxJob.id)).all()
    assert "slack.card_update" in [job.kind for job in waiting]
    assert {job.priority for job in waiting} == {CARD_PRIORITY["hot"]}  # the text, the card update, the ping


def test_nothing_starves_a_job_queued_long_ago_goes_before_fresh_hot_cards(client, worker, db, clock):
    arrive(client, "hello", "+971500000001")
    worker.run_due()
    arrive(client, "still waiting", "+971500000001")
    clock.advance(AGED_AFTER)
    arrive(client, HOT, "+971500000004")
    earlier, _ = band_of(db, "+971500000001")
    hot, _ = band_of(db, "+971500000004")

    order = [entry for entry in lease_order(db, clock) if entry[1] in ("slack.card", "slack.text")]
    assert order == [(earlier, "slack.text"), (hot, "slack.card")]
