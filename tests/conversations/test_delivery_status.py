"""Status callbacks in order: ranks (pure) and what `apply_status` stores and queues."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from bot.conversations.delivery_status import STATUS_RANK, apply_status, is_newer
from bot.store.models import Contact, Conversation, Event, Message, OutboxJob

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
SID = "SM0123456789abcdef0123456789abcdef"
STATUSES = sorted(STATUS_RANK)


def fold(statuses: list[str], start: str | None = None) -> str | None:
    current = start
    for status in statuses:
        if is_newer(current, status):
            current = status
    return current


@pytest.mark.parametrize("current, new", [
    (None, "queued"), ("pending", "queued"), ("pending", "failed"), ("queued", "sent"), ("sent", "delivered"),
    ("delivered", "read"), ("sent", "failed"), ("sent", "undelivered"), ("delivered", "failed"), ("failed", "read"),
    ("accepted", "queued"),
])
def test_newer_statuses_replace_older_ones(current: str | None, new: str) -> None:
    assert is_newer(current, new)


@pytest.mark.parametrize("current, new", [
    ("delivered", "sent"), ("read", "sent"), ("read", "delivered"), ("read", "failed"), ("read", "read"),
    ("delivered", "delivered"), ("failed", "sent"), ("failed", "undelivered"), ("sent", "queued"),
    ("queued", "receiving"), (None, "nonsense"), ("sent", ""),
])
def test_older_repeated_and_unknown_statuses_do_not(current: str | None, new: str) -> None:
    assert not is_newer(current, new)


def test_ranks_are_distinct_so_order_never_matters() -> None:
    assert len(set(STATUS_RANK.values())) == len(STATUS_RANK)


@given(data=st.data(), statuses=st.lists(st.sampled_from(STATUSES), max_size=12),
       start=st.sampled_from([None, "pending", "queued"]))
def test_any_order_of_the_same_callbacks_ends_in_the_same_status(data: st.DataObject, statuses: list[str],
                                                                  start: str | None) -> None:
    shuffled = data.draw(st.permutations(statuses))
    assert fold(shuffled, start) == fold(statuses, start)


@given(statuses=st.lists(st.sampled_from(STATUSES), min_size=1, max_size=12))
def test_the_final_status_is_the_highest_ranked_one_received(statuses: list[str]) -> None:
    assert fold(statuses) == max(statuses, key=STATUS_RANK.__getitem__)


# -- apply_status on the store (SQLite and PostgreSQL) ------------------------------------

def outbound(db, *, slack_ts: str | None = "1700000000.000900", last_inbound_at: datetime | None = NOW,
             status: str = "queued") -> int:  # type: ignore[no-untyped-def]
    with db.session() as session:
        contact = Contact(wa_id="+971501234567", phone_e164="+971501234567", created_at=NOW)
        session.add(contact)
        session.flush()
        conversation = Conversation(contact_id=contact.id, open_key=contact.id, lane="support", channel="C0SUPPORT",
                                    thread_ts="1700000000.000100", created_at=NOW, last_inbound_at=last_inbound_at)
        session.add(conversation)
        session.flush()
        message = Message(conversation_id=conversation.id, direction="out", body="Hello", twilio_sid=SID,
                          slack_ts=slack_ts, status=status, created_at=NOW)
        session.add(message)
        session.commit()
        assert message.id is not None
        return message.id


def apply(db, lanes, status: str, code: str | None = None, message: str | None = None, sid: str = SID):  # type: ignore[no-untyped-def]
    return db.transaction(lambda session: apply_status(
        session=session, message_sid=sid, status=status, error_code=code, error_message=message,
        now=NOW + timedelta(minutes=1), lanes=lanes))


def stored(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return (session.exec(select(Message)).one(), list(session.exec(select(OutboxJob)).all()),
                list(session.exec(select(Event)).all()))


def test_delivered_is_recorded_with_a_mark_and_an_event(db, lanes) -> None:  # type: ignore[no-untyped-def]
    message_id = outbound(db)
    update = apply(db, lanes, "delivered")

    assert update.found and update.applied and update.queued == 1
    message, jobs, events = stored(db)
    assert message.status == "delivered" and message.status_at == NOW + timedelta(minutes=1)
    assert [(j.kind, j.payload, j.message_id) for j in jobs] == [
        ("slack.react", {"ts": "1700000000.000900", "name": "white_check_mark"}, message_id)]
    assert [(e.kind, e.data["status"], e.data["code"]) for e in events] == [("delivery_status", "delivered", None)]


def test_a_duplicate_or_late_callback_changes_nothing_and_queues_nothing(db, lanes) -> None:  # type: ignore[no-untyped-def]
    outbound(db)
    apply(db, lanes, "read")
    before = stored(db)

    for status in ("read", "delivered", "sent", "failed"):
        update = apply(db, lanes, status, code="30008")
        assert update.found and not update.applied and update.queued == 0
    message, jobs, events = stored(db)
    assert message.status == "read" and message.error_code is None
    assert len(jobs) == len(before[1]) == 1 and len(events) == len(before[2]) == 1


def test_a_failure_stores_the_code_and_explains_it_in_the_thread(db, lanes) -> None:  # type: ignore[no-untyped-def]
    outbound(db)
    apply(db, lanes, "sent")
    apply(db, lanes, "undelivered", code="63024", message="Invalid <b>recipient</b>")

    message, jobs, _ = stored(db)
    assert (message.status, message.error_code, message.error_message) == (
        "undelivered", "63024", "Invalid <b>recipient</b>")
    react, note = jobs
    assert react.payload == {"ts": "1700000000.000900", "name": "x"}
    assert note.kind == "slack.note" and "63024" in note.payload["text"] and "recipient" in note.payload["text"]


def test_63016_says_when_the_window_closed_in_the_workspace_time_zone(db, lanes) -> None:  # type: ignore[no-untyped-def]
    outbound(db, last_inbound_at=NOW - timedelta(hours=30))  # 2026-11-21 03:00 UTC; window closed 03:00 + 24 h
    apply(db, lanes, "failed", code="63016")

    _, jobs, _ = stored(db)
    note = next(j for j in jobs if j.kind == "slack.note")
    assert "Sun 22 Nov 07:00 (Asia/Dubai)" in note.payload["text"] and "template" in note.payload["text"]


def test_63016_when_the_customer_never_wrote(db, lanes) -> None:  # type: ignore[no-untyped-def]
    outbound(db, last_inbound_at=None)
    apply(db, lanes, "failed", code="63016")

    _, jobs, _ = stored(db)
    assert "24 hours" in next(j for j in jobs if j.kind == "slack.note").payload["text"]


def test_a_failure_without_a_code_still_says_so(db, lanes) -> None:  # type: ignore[no-untyped-def]
    outbound(db)
    apply(db, lanes, "failed")

    _, jobs, _ = stored(db)
    assert "failed" in next(j for j in jobs if j.kind == "slack.note").payload["text"]


def test_without_a_slack_post_the_status_is_recorded_but_nothing_is_marked(db, lanes) -> None:  # type: ignore[no-untyped-def]
    outbound(db, slack_ts=None)
    update = apply(db, lanes, "failed", code="63003")

    message, jobs, events = stored(db)
    assert update.applied and update.queued == 0 and jobs == []
    assert message.status == "failed" and len(events) == 1


def test_sent_queues_no_mark(db, lanes) -> None:  # type: ignore[no-untyped-def]
    outbound(db)
    assert apply(db, lanes, "sent").queued == 0
    assert stored(db)[0].status == "sent"


def test_an_unknown_sid_or_an_inbound_message_is_not_found(db, lanes) -> None:  # type: ignore[no-untyped-def]
    outbound(db)
    with db.session() as session:
        message = session.exec(select(Message)).one()
        session.add(Message(conversation_id=message.conversation_id, direction="in", body="hi",
                            twilio_sid="SMinbound", status="received", created_at=NOW))
        session.commit()

    assert not apply(db, lanes, "delivered", sid="SMunknown").found
    assert not apply(db, lanes, "delivered", sid="SMinbound").found
    with db.session() as session:
        assert list(session.exec(select(OutboxJob)).all()) == []
        assert {m.status for m in session.exec(select(Message)).all()} == {"queued", "received"}
