"""A rep's thread reply as a domain function, on both databases: stored once, queued for
WhatsApp, kept internal as a note, or refused — and what each leaves behind."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from bot.conversations.kinds import REACT, SEND
from bot.conversations.replies import SlackReply, accept_reply, internal_text, is_person_reply
from bot.store.db import Database
from bot.store.models import Conversation, Message, OutboxJob
from tests.factories import NOW, make_contact, make_conversation


def card(db: Database, **fields):  # type: ignore[no-untyped-def]
    with db.session() as session:
        conversation = make_conversation(session, **fields)
        session.commit()
        return conversation


def reply(db, lanes, conversation, text="On it!", *, ts="1700000100.000001", event_id="Ev1"):  # type: ignore[no-untyped-def]
    answer = SlackReply(event_id=event_id, channel=conversation.channel, ts=ts, thread_ts=conversation.thread_ts,
                        user="U0AAA", text=text)
    return db.transaction(lambda session: accept_reply(session=session, reply=answer, lanes=lanes,
                                                       now=NOW + timedelta(minutes=3), author_name=None))


def kinds(db: Database) -> list[str]:
    with db.session() as session:
        return [job.kind for job in session.exec(select(OutboxJob)).all()]


def test_a_reply_is_stored_queued_for_whatsapp_and_counts_as_the_first_reply(db, lanes) -> None:  # type: ignore[no-untyped-def]
    conversation = card(db)

    outcome = reply(db, lanes, conversation)

    assert outcome.kind == "queued" and SEND in kinds(db)
    with db.session() as session:
        stored = session.get(Message, outcome.message_id)
        row = session.get(Conversation, conversation.id)
    assert stored.direction == "out" and stored.body == "On it!" and stored.status == "pending"
    assert row.first_reply_at is not None and row.last_outbound_at is not None


def test_a_retried_event_or_a_redelivered_message_is_stored_once(db, lanes) -> None:  # type: ignore[no-untyped-def]
    conversation = card(db)
    first = reply(db, lanes, conversation)

    assert reply(db, lanes, conversation).kind == "duplicate"  # same event id
    assert reply(db, lanes, conversation, event_id="Ev2").kind == "duplicate"  # same (channel, ts)
    assert kinds(db).count(SEND) == 1 and first.kind == "queued"


def test_a_note_stays_internal_and_is_marked(db, lanes) -> None:  # type: ignore[no-untyped-def]
    conversation = card(db)

    outcome = reply(db, lanes, conversation, "note: check the invoice first")

    assert outcome.kind == "note" and SEND not in kinds(db) and REACT in kinds(db)
    with db.session() as session:
        assert session.get(Message, outcome.message_id).body == "check the invoice first"


def test_an_opted_out_customer_gets_nothing_and_the_reply_is_kept(db, lanes) -> None:  # type: ignore[no-untyped-def]
    with db.session() as session:
        contact = make_contact(session, opted_out=True)
        conversation = make_conversation(session, contact=contact)
        session.commit()

    outcome = reply(db, lanes, conversation)

    assert outcome.kind == "refused" and SEND not in kinds(db)
    with db.session() as session:
        assert session.get(Message, outcome.message_id).status == "refused"


def test_a_reply_in_a_thread_that_is_no_card_is_not_stored(db, lanes) -> None:  # type: ignore[no-untyped-def]
    conversation = card(db)
    conversation.thread_ts = "1600000000.000001"

    assert reply(db, lanes, conversation).kind == "not_a_card" and kinds(db) == []


def test_only_a_persons_message_inside_a_thread_is_a_reply() -> None:
    base = {"type": "message", "user": "U0AAA", "channel": "C0SALES", "ts": "2.0", "thread_ts": "1.0", "text": "x"}

    assert is_person_reply(base)
    assert not is_person_reply({**base, "thread_ts": "2.0"})  # the parent itself
    assert not is_person_reply({**base, "bot_id": "B1"})
    assert not is_person_reply({**base, "subtype": "message_changed"})
    assert not is_person_reply(base, bot_user_id="U0AAA")


def test_note_prefixes_match_in_any_case_after_spaces() -> None:
    assert internal_text("  NOTE: hi", "note:") == "hi"
    assert internal_text("private: hi", "note:") == "hi"
    assert internal_text("a note: hi", "note:") is None
