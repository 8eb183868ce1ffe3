"""Who may write to customers and act on cards (bot/conversations/permissions.py), through
signed Slack requests: a stranger's or another organisation's reply is never sent, sets no
status and is no first reply; it stays an internal note with a 🔒 and a line saying why."""

from __future__ import annotations

from sqlmodel import select

from bot.slack import ids
from bot.store.models import Conversation, Event, Message
from tests.handlers.test_slack_ownership import press
from tests.handlers.test_slack_replies import card, reply_event, send  # noqa: F401 - the card fixture

STRANGER = "U0NOBODY1"


def _conversation(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.exec(select(Conversation)).one()


def _refused_as_note(db, fake_slack, fake_twilio, user):  # type: ignore[no-untyped-def]
    assert fake_twilio.sent() == []
    conversation = _conversation(db)
    assert conversation.status == "unclaimed" and conversation.first_reply_at is None
    assert conversation.last_outbound_at is None and conversation.first_reply_s is None
    with db.session() as session:
        [note] = session.exec(select(Message).where(Message.author == user)).all()
        kinds = [e.kind for e in session.exec(select(Event)).all()]
    assert note.direction == "note" and note.status == "internal"
    assert "replied" not in kinds and "claimed" not in kinds
    assert [c.params["name"] for c in fake_slack.calls("reactions.add")] == ["lock"]
    [why] = fake_slack.calls("chat.postEphemeral")
    assert why.params["user"] == user and "Not sent to the customer" in why.params["text"]
    return why.params["text"]


def test_a_reply_from_someone_in_no_lane_stays_an_internal_note(client, worker, fake_twilio, fake_slack, card, db):
    send(client, reply_event(card, "I can give you 50% off!", user=STRANGER))
    worker.run_due()

    text = _refused_as_note(db, fake_slack, fake_twilio, STRANGER)
    assert "*support*" in text


def test_a_reply_from_another_slack_organisation_is_never_sent(client, worker, fake_twilio, fake_slack, card, db):
    # U0AGENT01 is a support member, but this message comes from a Slack Connect guest's team.
    send(client, reply_event(card, "Hello from outside", user_team="T0OTHER99", team="T0OTHER99"))
    worker.run_due()

    text = _refused_as_note(db, fake_slack, fake_twilio, "U0AGENT01")
    assert "another Slack organisation" in text


def test_our_team_can_be_pinned_by_setting(deps, client, worker, fake_twilio, fake_slack, card, db):
    from dataclasses import replace

    object.__setattr__(deps, "settings", replace(deps.settings, slack_team_id="T0PINNED1"))
    send(client, reply_event(card, "Hello", user_team="T0ACME01"))  # the envelope's team is not ours
    worker.run_due()
    assert fake_twilio.sent() == []


def test_members_leads_and_the_owner_still_reply(client, worker, fake_twilio, card, db):
    send(client, reply_event(card, "From the member", user_team="T0ACME01"))
    worker.run_due()
    assert [s["Body"] for s in fake_twilio.sent()] == ["From the member"]
    assert _conversation(db).first_reply_at is not None


def test_a_click_from_another_organisation_changes_nothing(client, worker, fake_slack, db):  # type: ignore[no-untyped-def]
    from tests.builders import inbound_form, signed_twilio_post

    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form("Hello, help please")).status_code == 200
    worker.run_due()
    [parent] = [c for c in fake_slack.posts() if not c.params.get("thread_ts")]
    import copy
    import json

    import tests.handlers.test_slack_ownership as own
    original = own.BUTTON
    outsider = copy.deepcopy(original)
    outsider["user"]["team_id"] = "T0OTHER99"
    own.BUTTON = outsider
    try:
        press(client, (parent.params["channel"], parent.ts), "U0DDD", ids.CLAIM, value=str(_conversation(db).id))
    finally:
        own.BUTTON = original
    worker.run_due()

    assert _conversation(db).owner is None
    [why] = fake_slack.calls("chat.postEphemeral")
    assert "another Slack organisation" in why.params["text"]
    assert json.dumps(why.params)  # answered, not crashed
