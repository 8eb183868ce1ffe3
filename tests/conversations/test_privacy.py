"""Erasure, export and retention, on SQLite and PostgreSQL: erase leaves no trace of the
number, the name or the text in any column of any table, and deletes or redacts the bot's
posts in Slack; retention empties exactly the old closed conversations' messages."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import SQLModel, select

from bot.conversations import privacy
from bot.slack import ids
from bot.store.models import Contact, Conversation, Event, Message
from tests.builders import inbound_form, signed_slack_form, signed_twilio_post
from tests.handlers.test_slack_replies import reply_event, send

NUMBER, NAME, SECRET = "+971501234567", "Ana Souza", "my villa in Jumeirah, code 4711"
CLID = "ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvCcnuIG3sI1s"
NEEDLES = ("971501234567", "9715012", NAME, "Souza", "Jumeirah", "4711", CLID, "Hi Ana")


def everything_stored(db) -> str:  # type: ignore[no-untyped-def]
    """Every column of every table, as text."""
    dump = []
    with db.engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            for row in conn.execute(table.select()):
                dump.append(json.dumps([str(value) for value in row], ensure_ascii=False))
    return "\n".join(dump)


def a_customer_with_history(client, worker, db):  # type: ignore[no-untyped-def]
    form = inbound_form(f"Hello, {SECRET}", name=NAME, ReferralCtwaClid=CLID, ReferralSourceId="1202",
                        ReferralSourceType="ad", ReferralHeadline="Villas")
    assert signed_twilio_post(client, "/twilio/whatsapp", form).status_code == 200
    worker.run_due()
    with db.session() as session:
        conversation = session.exec(select(Conversation)).one()
    send(client, reply_event((conversation.channel, conversation.thread_ts), "Hi Ana, about Jumeirah: on it"))
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form("STOP", name=NAME)).status_code == 200
    worker.run_due()
    worker.run_due()
    return conversation


def test_erase_leaves_no_trace_in_any_table_and_cleans_up_slack(client, worker, deps, db, fake_slack, clock):
    conversation = a_customer_with_history(client, worker, db)
    stored = everything_stored(db)
    assert all(needle in stored for needle in NEEDLES)  # it was all there
    thread_posts = [c.ts for c in fake_slack.posts() if c.params.get("thread_ts") == conversation.thread_ts]
    assert thread_posts

    counts = db.transaction(lambda s: privacy.erase(session=s, number=NUMBER, now=clock.now(), actor="cli"))
    assert counts is not None and counts["conversations"] == 1

    stored = everything_stored(db)
    for needle in NEEDLES:
        assert needle not in stored, needle
    with db.session() as session:
        assert session.exec(select(Conversation)).one().lane == "support"  # anonymous counts stay
        [audit] = session.exec(select(Event).where(Event.kind == "erased")).all()
        assert audit.actor == "cli" and set(audit.data) == {"contact", "conversations", "messages"}

    worker.run_due()
    deleted = {c.params["ts"] for c in fake_slack.calls("chat.delete")}
    assert set(thread_posts) <= deleted
    assert all(fake_slack.message_at(conversation.channel, ts) is None for ts in thread_posts)
    card = fake_slack.message_at(conversation.channel, conversation.thread_ts)
    assert card is not None and "erased" in card["text"] and NAME not in json.dumps(card)


def test_erase_of_an_unknown_number_changes_nothing(db, clock):
    assert db.transaction(lambda s: privacy.erase(session=s, number="+15550000000", now=clock.now(),
                                                  actor="cli")) is None


def test_export_gives_the_persons_data_as_json(client, worker, db):
    a_customer_with_history(client, worker, db)
    data = db.read(lambda s: privacy.export(session=s, number="971501234567"))
    assert data is not None
    assert data["contact"]["profile_name"] == NAME and data["contact"]["wa_id"] == NUMBER
    [conversation] = data["conversations"]
    assert any(SECRET in m["body"] for m in conversation["messages"])
    assert conversation["referral"]["CtwaClid"] == CLID
    json.dumps(data)  # plain JSON values


def test_the_erase_shortcut_is_for_leads(client, worker, deps, db, fake_slack):
    from dataclasses import replace

    deps.use_lanes(replace(deps.lanes, workspace=replace(deps.lanes.workspace, leads=("U0BOSS1",))))
    conversation = a_customer_with_history(client, worker, db)

    def shortcut(user):  # type: ignore[no-untyped-def]
        payload = {"type": "message_action", "callback_id": ids.ERASE_SHORTCUT, "trigger_id": "1.2.3",
                   "team": {"id": "T0ACME01"}, "user": {"id": user, "team_id": "T0ACME01"},
                   "channel": {"id": conversation.channel},
                   "message": {"ts": "1700000001.000100", "thread_ts": conversation.thread_ts, "text": "x"},
                   "response_url": fake_slack.response_url()}
        assert signed_slack_form(client, {"payload": json.dumps(payload)}).status_code == 200
        worker.run_due()

    shortcut("U0DDD")  # a member, not a lead
    assert NAME in everything_stored(db)
    shortcut("U0BOSS1")
    assert NAME not in everything_stored(db)
    texts = [c.params["text"] for c in fake_slack.calls("chat.postEphemeral")]
    assert any("Only lane leads" in t for t in texts) and any("being erased" in t for t in texts)


def test_retention_purges_exactly_the_old_closed_conversations(db, deps, clock):
    from dataclasses import replace

    from bot.lanes import Privacy
    from bot.timers.retention import purge_daily

    now = clock.now()

    def conversation(session, n, closed_days_ago):  # type: ignore[no-untyped-def]
        contact = Contact(wa_id=f"+97150000000{n}", created_at=now)
        session.add(contact)
        session.flush()
        closed = now - timedelta(days=closed_days_ago) if closed_days_ago is not None else None
        convo = Conversation(contact_id=contact.id, open_key=None if closed else contact.id, lane="sales",
                             channel="C0SALES", thread_ts=f"1.{n}", status="closed" if closed else "unclaimed",
                             created_at=now - timedelta(days=500), closed_at=closed)
        session.add(convo)
        session.flush()
        session.add(Message(conversation_id=convo.id, direction="in", body=f"text {n}",
                            media=[{"url": "https://api.twilio.com/x", "content_type": "image/jpeg"}],
                            created_at=now - timedelta(days=500)))

    def setup(session):  # type: ignore[no-untyped-def]
        conversation(session, 1, 400)  # closed 400 days ago: purged
        conversation(session, 2, 300)  # closed 300 days ago: kept
        conversation(session, 3, None)  # open for 500 days: kept

    db.transaction(setup)
    assert purge_daily(deps) == 0  # no [privacy] setting: nothing is purged
    deps.use_lanes(replace(deps.lanes, privacy=Privacy(keep_messages=timedelta(days=365))))
    assert purge_daily(deps) == 1
    assert purge_daily(deps) == 0  # once a day, across processes

    with db.session() as session:
        bodies = {m.body: m.media for m in session.exec(select(Message)).all()}
        kinds = [e.kind for e in session.exec(select(Event)).all()]
    assert set(bodies) == {"", "text 2", "text 3"} and bodies[""] in (None, [])
    assert kinds == ["retention_purged"]
