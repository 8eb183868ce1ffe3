"""The outbox's lease order: higher priority first across conversations (the hook for hot
leads first), never within a conversation; `next_job_time` counts only jobs first in line."""

from __future__ import annotations

from datetime import timedelta

from bot.store import repo
from tests.factories import NOW, make_contact, make_conversation


def test_higher_priority_first_across_conversations_but_order_kept_within_one(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        cold = make_conversation(session, contact=make_contact(session, wa_id="+971500000001"))
        hot = make_conversation(session, contact=make_contact(session, wa_id="+971500000002"))
        first = repo.queue_job(session=session, kind="slack.text", conversation_id=cold.id, now=NOW)
        repo.queue_job(session=session, kind="slack.card", conversation_id=hot.id, now=NOW)
        hot_card = repo.queue_job(session=session, kind="slack.card", conversation_id=hot.id, now=NOW, priority=5)
        session.commit()
        due = repo.due_jobs(session=session, now=NOW, limit=10, lock=False)
    # The hot conversation's priority-5 job waits for its own earlier job (order within it).
    assert [job.id for job in due] == [first.id, hot_card.id - 1]

    with db.session() as session:
        newer = make_conversation(session, contact=make_contact(session, wa_id="+971500000003"))
        urgent = repo.queue_job(session=session, kind="slack.card", conversation_id=newer.id, now=NOW, priority=9)
        session.commit()
        due = repo.due_jobs(session=session, now=NOW, limit=10, lock=False)
    assert due[0].id == urgent.id  # queued last, leased first


def test_next_job_time_ignores_jobs_queued_behind_their_conversation(db) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        conversation = make_conversation(session)
        card = repo.queue_job(session=session, kind="slack.card", conversation_id=conversation.id, now=NOW)
        repo.queue_job(session=session, kind="slack.text", conversation_id=conversation.id, now=NOW)
        card.next_attempt_at = NOW + timedelta(seconds=30)  # paced: back in 30 s
        session.add(card)
        session.commit()
        assert repo.next_job_time(session=session) == NOW + timedelta(seconds=30)
