"""Ownership and closing as domain functions, on both databases: who may act, what changes,
and what every change leaves in the audit log."""

from __future__ import annotations

from bot.conversations import closing, ownership
from bot.store.db import Database
from bot.store.models import Conversation
from tests.factories import NOW, events, make_conversation


def open_conversation(db: Database, **fields) -> int:  # type: ignore[no-untyped-def]
    with db.session() as session:
        conversation = make_conversation(session, **fields)
        session.commit()
        assert conversation.id is not None
        return conversation.id


def act(db, change, conversation_id, user, lanes, **kw):  # type: ignore[no-untyped-def]
    return db.transaction(lambda session: change(session=session, conversation_id=conversation_id, user=user,
                                                 lanes=lanes, now=NOW, **kw))


def row(db: Database, conversation_id: int) -> Conversation:
    with db.session() as session:
        found = session.get(Conversation, conversation_id)
        assert found is not None
        return found


def test_a_member_claims_once_and_the_second_claimant_is_told_who_owns_it(db, lanes) -> None:  # type: ignore[no-untyped-def]
    conversation = open_conversation(db)

    assert act(db, ownership.claim, conversation, "U0AAA", lanes).ok
    second = act(db, ownership.claim, conversation, "U0BBB", lanes)

    assert not second.ok and "<@U0AAA>" in second.text
    assert row(db, conversation).owner == "U0AAA" and len(events(db, "claimed")) == 1


def test_someone_outside_the_lane_cannot_claim(db, lanes) -> None:  # type: ignore[no-untyped-def]
    conversation = open_conversation(db)

    outcome = act(db, ownership.claim, conversation, "U0STRANGER", lanes)

    assert not outcome.ok and "members and leads" in outcome.text and row(db, conversation).owner is None


def test_only_the_owner_releases_and_reassigning_stays_inside_the_lane(db, lanes) -> None:  # type: ignore[no-untyped-def]
    conversation = open_conversation(db, owner="U0AAA")

    assert not act(db, ownership.release, conversation, "U0BBB", lanes).ok
    assert not act(db, ownership.reassign, conversation, "U0AAA", lanes, to_user="U0CCC").ok  # billing's member
    assert act(db, ownership.reassign, conversation, "U0AAA", lanes, to_user="U0BBB").ok
    assert row(db, conversation).owner == "U0BBB"


def test_a_label_must_come_from_the_lanes_file(db, lanes) -> None:  # type: ignore[no-untyped-def]
    conversation = open_conversation(db, owner="U0AAA")

    assert not act(db, ownership.set_label, conversation, "U0AAA", lanes, label="Made up").ok
    assert act(db, ownership.set_label, conversation, "U0AAA", lanes, label="Paid media").ok
    assert row(db, conversation).label == "Paid media"


def test_closing_records_the_outcome_and_frees_the_contact_for_a_new_conversation(db, lanes) -> None:  # type: ignore[no-untyped-def]
    conversation = open_conversation(db, owner="U0AAA")

    refused = db.transaction(lambda s: closing.close(session=s, conversation_id=conversation, user="U0BBB",
                                                     outcome="Qualified", note=None, closing_message=None,
                                                     lanes=lanes, now=NOW))
    closed = db.transaction(lambda s: closing.close(session=s, conversation_id=conversation, user="U0AAA",
                                                    outcome="Qualified", note="signed", closing_message=None,
                                                    lanes=lanes, now=NOW))

    assert not refused.ok and closed.ok
    stored = row(db, conversation)
    assert (stored.status, stored.outcome, stored.open_key, stored.closed_by) == ("closed", "Qualified", None, "U0AAA")
    assert events(db, "closed")[0].data["note"] == "signed"
