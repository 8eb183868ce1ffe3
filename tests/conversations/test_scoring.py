"""The live score's pieces (SQLite and PostgreSQL): what the scorer reads, what a band changes
in the due times, and card re-renders queued once."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

from sqlmodel import select

from bot.conversations import scoring
from bot.conversations.schedule import calendar_of, close_after_of
from bot.store import repo
from bot.store.models import OutboxJob
from tests.factories import NOW, make_conversation, make_message

NIGHT = datetime(2026, 11, 22, 19, 0, tzinfo=timezone.utc)  # Sunday 23:00 in Dubai


def test_a_cold_lead_closes_in_half_the_time_and_a_hot_one_runs_around_the_clock_where_allowed(lanes):
    lane = lanes.lane("sales")
    assert close_after_of(lane, "cold") == lane.close_after / 2 and close_after_of(lane, "warm") == lane.close_after
    assert not calendar_of(lanes, lane, band="hot").is_open(NIGHT)
    hot_only = replace(lane, after_hours_hot=True)
    assert calendar_of(lanes, hot_only, band="hot").is_open(NIGHT)
    assert not calendar_of(lanes, hot_only, band="warm").is_open(NIGHT)


def test_the_scorer_reads_customer_and_rep_messages_in_order_without_notes(db, lanes):
    def setup(session):  # type: ignore[no-untyped-def]
        conversation = make_conversation(session)
        make_message(session, conversation, body="price for SEO?")
        make_message(session, conversation, body="note: VIP", direction="note", now=NOW + timedelta(minutes=1))
        make_message(session, conversation, body="refused", direction="out", status="refused",
                     now=NOW + timedelta(minutes=1))
        make_message(session, conversation, body="AED 2,000", direction="out", now=NOW + timedelta(minutes=2))
        make_message(session, conversation, body="ok let's start", now=NOW + timedelta(minutes=4))
        lines = repo.said_lines(session=session, conversation_id=conversation.id)
        return [(m.sender, m.text, m.minutes) for m in scoring.lines_to_messages(lines, None)]

    assert db.transaction(setup) == [("customer", "price for SEO?", 0.0), ("rep", "AED 2,000", 2.0),
                                     ("customer", "ok let's start", 4.0)]


def test_a_score_change_queues_one_card_update(db, lanes):
    def run(session):  # type: ignore[no-untyped-def]
        conversation = make_conversation(session)
        make_message(session, conversation, body="hello")
        scoring.rescore(session=session, conversation=conversation, lanes=lanes, now=NOW)
        make_message(session, conversation, body="we want to start Google ads next week, budget 20k AED, can we meet tomorrow?", now=NOW)
        scoring.rescore(session=session, conversation=conversation, lanes=lanes, now=NOW)  # pending one shows it
        return conversation.score_band

    assert db.transaction(run) in ("warm", "hot")
    with db.session() as session:
        updates = session.exec(select(OutboxJob).where(OutboxJob.kind == "slack.card_update")).all()
    assert len(updates) == 1
