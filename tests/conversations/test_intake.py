"""Intake as a domain function, on both databases: one inbound message becomes rows and the
outbox jobs that show it in Slack, in one transaction; a redelivery changes nothing."""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import col, select

from bot.conversations.intake import accept_inbound
from bot.conversations.kinds import CARD, POST_MEDIA, POST_TEXT
from bot.lanes import LanesConfig
from bot.store.db import Database
from bot.store.models import Contact, Conversation, Message, OutboxJob
from bot.whatsapp.inbound import parse_inbound
from tests.builders import inbound_form
from tests.factories import NOW, events


def accept(db: Database, lanes: LanesConfig, body: str = "Hi, can I get a quote?", **kw: str):  # type: ignore[no-untyped-def]
    message = parse_inbound(inbound_form(body, **kw))
    return db.transaction(lambda session: accept_inbound(session=session, message=message, lanes=lanes, now=NOW))


def jobs(db: Database) -> list[str]:
    with db.session() as session:
        return [job.kind for job in session.exec(select(OutboxJob).order_by(col(OutboxJob.id))).all()]


def test_a_first_message_opens_a_routed_conversation_and_queues_its_card_then_its_text(db, lanes) -> None:  # type: ignore[no-untyped-def]
    accepted = accept(db, lanes)

    assert accepted.new_conversation and not accepted.duplicate
    with db.session() as session:
        conversation = session.exec(select(Conversation)).one()
        contact = session.exec(select(Contact)).one()
    assert conversation.lane == "sales" and '"quote"' in conversation.route_reason
    assert contact.phone_e164 == "+971501234567" and contact.profile_name == "Ana Souza"
    kinds = jobs(db)
    assert kinds.index(CARD) < kinds.index(POST_TEXT)


def test_the_same_message_sid_twice_is_stored_once(db, lanes) -> None:  # type: ignore[no-untyped-def]
    first = accept(db, lanes, sid="SM" + "1" * 32)
    before = jobs(db)
    again = accept(db, lanes, sid="SM" + "1" * 32)

    assert again.duplicate and again.message_id == first.message_id
    assert jobs(db) == before


def test_a_later_message_joins_the_open_conversation(db, lanes) -> None:  # type: ignore[no-untyped-def]
    first = accept(db, lanes)
    second = accept(db, lanes, "and the delivery time?")

    assert second.conversation_id == first.conversation_id and not second.new_conversation
    with db.session() as session:
        assert len(session.exec(select(Message)).all()) == 2


def test_an_attachment_queues_one_media_job_per_item(db, lanes) -> None:  # type: ignore[no-untyped-def]
    accept(db, lanes, "photo", NumMedia="1", MediaUrl0="https://api.twilio.com/x/Media/ME1", MediaContentType0="image/jpeg")

    assert jobs(db).count(POST_MEDIA) == 1


def test_stop_opts_the_contact_out_and_start_opts_back_in(db, lanes) -> None:  # type: ignore[no-untyped-def]
    lanes = replace(lanes, workspace=replace(lanes.workspace, opt_out_words=("STOP",), opt_in_words=("START",)))
    accept(db, lanes, "hello")
    accept(db, lanes, "stop")
    with db.session() as session:
        assert session.exec(select(Contact)).one().opted_out
    accept(db, lanes, "START")

    assert [e.kind for e in events(db) if e.kind.startswith("opted")] == ["opted_out", "opted_in"]
