"""A returning customer's thread opens with their context; an account owner gets their
customers' new conversations first where the lane assigns automatically."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlmodel import select

from bot.conversations import closing, ownership
from bot.conversations.accounts import import_rows, read_csv
from bot.store.models import Conversation, MemberState
from tests.builders import inbound_form, signed_twilio_post

NUMBER = "+971501234567"


def arrive(client, body="Hello, I need help"):  # type: ignore[no-untyped-def]
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form(body, sender=NUMBER)).status_code == 200


def context_notes(fake_slack):  # type: ignore[no-untyped-def]
    return [c.params["text"] for c in fake_slack.posts() if "Customer context" in c.params.get("text", "")]


def conversations(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return list(session.exec(select(Conversation).order_by(Conversation.id)))


def test_a_first_time_customer_without_an_account_gets_no_context_note(client, worker, fake_slack):  # type: ignore[no-untyped-def]
    arrive(client)
    worker.run_due()
    assert context_notes(fake_slack) == []


def test_a_returning_customer_opens_with_history_promise_and_account(client, deps, worker, fake_slack, db, clock):  # type: ignore[no-untyped-def]
    rows, _ = read_csv("number,name,company,plan,account owner,notes\n"
                       f"{NUMBER},Ana Souza,Souza <!here> Trading,Gold,U0DDD,Renewal in March\n")
    db.transaction(lambda s: import_rows(session=s, rows=rows, now=clock.now()))
    arrive(client)
    worker.run_due()
    [first] = conversations(db)
    db.transaction(lambda s: ownership.claim(session=s, conversation_id=first.id, user="U0DDD", lanes=deps.lanes,
                                             now=clock.now()))
    db.transaction(lambda s: closing.close(session=s, conversation_id=first.id, user="U0DDD", outcome="Resolved",
                                           note="Promised a callback on Sunday", closing_message=None,
                                           lanes=deps.lanes, now=clock.now()))
    clock.advance(timedelta(days=10))
    arrive(client, "Hi again")
    worker.run_due()

    [note] = context_notes(fake_slack)[-1:]
    assert "Souza &lt;!here&gt; Trading" in note and "<!here>" not in note and "plan *Gold*" in note
    assert "account owner <@U0DDD>" in note
    assert "Resolved" in note and "• " in note and "<@U0DDD>" in note
    assert "Promised a callback on Sunday" in note and "Renewal in March" in note
    second = conversations(db)[-1]
    assert len(conversations(db)) == 2 and second.thread_ts is not None
    thread = [c.params["text"] for c in fake_slack.posts(thread_ts=second.thread_ts)]
    assert any("Customer context" in text for text in thread)


def test_the_account_owner_gets_the_new_conversation_first(client, deps, worker, db, clock):  # type: ignore[no-untyped-def]
    support = replace(deps.lanes.lane("support"), members=("U0DDD", "U0EEE"), assign="round_robin")
    deps.use_lanes(replace(deps.lanes, lanes=tuple(support if l.name == "support" else l for l in deps.lanes.lanes)))
    rows, _ = read_csv(f"number,account owner\n{NUMBER},U0EEE\n")
    db.transaction(lambda s: import_rows(session=s, rows=rows, now=clock.now()))
    arrive(client)
    [conversation] = conversations(db)
    assert conversation.owner == "U0EEE" and "account owner" in conversation.route_reason


def test_an_away_account_owner_is_skipped(client, deps, worker, db, clock):  # type: ignore[no-untyped-def]
    support = replace(deps.lanes.lane("support"), members=("U0DDD", "U0EEE"), assign="round_robin")
    deps.use_lanes(replace(deps.lanes, lanes=tuple(support if l.name == "support" else l for l in deps.lanes.lanes)))
    rows, _ = read_csv(f"number,account owner\n{NUMBER},U0EEE\n")
    db.transaction(lambda s: import_rows(session=s, rows=rows, now=clock.now()))
    db.transaction(lambda s: s.add(MemberState(user_id="U0EEE", away=True, updated_at=clock.now())))
    arrive(client)
    [conversation] = conversations(db)
    assert conversation.owner == "U0DDD"
