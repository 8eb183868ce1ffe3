"""After 24 hours: the not-sent note's Send a template button → the modal (approved
templates in the customer's language, variables pre-filled, a preview) → one send with
ContentSid + ContentVariables, shown in the thread with delivery marks. Real signed Slack
requests; the real Twilio client lists templates from the fake's Content API."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.slack import template_ui
from bot.store.models import Conversation, Message
from tests.builders import signed_twilio_post
from tests.fakes.fixtures import TWILIO_ACCOUNT_SID
from tests.handlers.test_slack_replies import card, reply_event, send  # noqa: F401  (fixture)
from tests.slack_ui import click, select_in_modal, submit, text_value

REP = "U0DDD"  # the support lane's member


@pytest.fixture
def templates(fake_twilio):  # type: ignore[no-untyped-def]
    return {
        "follow_up": fake_twilio.add_template(
            "Follow up", "Hi {{1}}, this is {{2}} from Acme. Can we talk on {{3}}?",
            variables={"1": "first name", "2": "rep name", "3": "date"}),
        "thanks": fake_twilio.add_template("Thanks", "Thank you {{1}}!", variables={"1": "first name"}),
        "pending": fake_twilio.add_template("Promo", "Big sale {{1}}", status="pending"),
        "rejected": fake_twilio.add_template("Spam", "Buy now", status="rejected"),
        "arabic": fake_twilio.add_template("متابعة", "مرحبا {{1}}", language="ar", variables={"1": "first name"}),
    }


def not_sent_note(fake_slack, thread_ts):  # type: ignore[no-untyped-def]
    [note] = [c for c in fake_slack.posts(thread_ts=thread_ts) if "Not sent" in c.params.get("text", "")]
    return note


def open_modal(client, fake_slack, card, note, user=REP):  # type: ignore[no-untyped-def]
    [button] = [e for b in note.params["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert button["action_id"] == template_ui.SEND_TEMPLATE
    response = click(client, template_ui.SEND_TEMPLATE, button["value"], user, channel=card[0],
                     message_ts=note.ts, thread_ts=card[1])
    assert response.status_code == 200
    [opened] = fake_slack.wait_for("views.open")
    return opened.params["view"]


def field(view, key):  # type: ignore[no-untyped-def]
    [block] = [b for b in view["blocks"] if b.get("block_id") == f"{template_ui.VAR_BLOCK_PREFIX}{key}"]
    return block["element"].get("initial_value")


def values_of(view, sid, **typed):  # type: ignore[no-untyped-def]
    values = {template_ui.TEMPLATE_PICK_BLOCK: {template_ui.TEMPLATE_PICK: {
        "type": "static_select", "selected_option": {"value": sid}}}}
    for block in view["blocks"]:
        if block.get("block_id", "").startswith(template_ui.VAR_BLOCK_PREFIX):
            key = block["block_id"][len(template_ui.VAR_BLOCK_PREFIX):]
            values[block["block_id"]] = {template_ui.VAR_ACTION: text_value(typed.get(key, field(view, key)))}
    return values


def test_closed_window_button_modal_and_one_template_send_with_marks(
        client, worker, fake_twilio, fake_slack, card, clock, db, templates):  # type: ignore[no-untyped-def]
    fake_slack.add_user(REP, display_name="Dana")
    clock.advance(timedelta(days=3))
    send(client, reply_event(card, "Any news on this?"))
    worker.run_due()
    assert fake_twilio.sent() == []
    view = open_modal(client, fake_slack, card, not_sent_note(fake_slack, card[1]))

    [pick] = [b for b in view["blocks"] if b.get("block_id") == template_ui.TEMPLATE_PICK_BLOCK]
    offered = [o["value"] for o in pick["element"]["options"]]
    assert offered == [templates["follow_up"], templates["thanks"]]  # approved, English; not pending/rejected/Arabic
    assert field(view, "1") == "Ana" and field(view, "2") == "Dana" and field(view, "3") is None
    assert "Hi Ana, this is Dana from Acme" in json.dumps(view, ensure_ascii=False)  # the preview

    missing = submit(client, view, REP, values_of(view, templates["follow_up"]))
    assert missing.status_code == 200 and "template_var_3" in missing.get_json()["errors"]

    response = submit(client, view, REP, values_of(view, templates["follow_up"], **{"3": "Sunday 10:00"}))
    assert response.status_code == 200 and not response.data
    worker.run_due()
    worker.run_due()

    [sent] = fake_twilio.template_sends()
    assert sent["ContentSid"] == templates["follow_up"] and "Body" not in sent
    assert json.loads(sent["ContentVariables"]) == {"1": "Ana", "2": "Dana", "3": "Sunday 10:00"}
    [shown] = [c for c in fake_slack.posts(thread_ts=card[1]) if "Template *Follow up*" in c.params.get("text", "")]
    assert f"<@{REP}>" in shown.params["text"] and "Sunday 10:00" in shown.params["text"]
    with db.session() as session:
        message = session.exec(select(Message).where(Message.content_sid == templates["follow_up"])).one()
        conversation = session.get(Conversation, message.conversation_id)
    assert message.slack_ts == shown.ts and message.twilio_sid == sent.sid
    assert conversation is not None and conversation.status != "closed"  # reopens nothing, closes nothing

    status = {"MessageSid": sent.sid, "SmsSid": sent.sid, "MessageStatus": "delivered", "SmsStatus": "delivered",
              "AccountSid": TWILIO_ACCOUNT_SID, "To": sent["To"], "From": sent["From"], "ApiVersion": "2010-04-01"}
    assert signed_twilio_post(client, "/twilio/status", status).status_code == 200
    worker.run_due()
    assert ("white_check_mark", shown.ts) in [(c.params["name"], c.params["timestamp"])
                                              for c in fake_slack.calls("reactions.add")]


def test_choosing_another_template_updates_the_modal(client, worker, fake_slack, card, clock, templates):  # type: ignore[no-untyped-def]
    clock.advance(timedelta(days=2))
    send(client, reply_event(card, "Hello?"))
    worker.run_due()
    view = open_modal(client, fake_slack, card, not_sent_note(fake_slack, card[1]))
    view = {**view, "id": "V0VIEW00001", "hash": "1.abc"}
    response = select_in_modal(client, view, REP, template_ui.TEMPLATE_PICK_BLOCK, template_ui.TEMPLATE_PICK,
                               templates["thanks"])
    assert response.status_code == 200
    [update] = fake_slack.wait_for("views.update")
    assert update.params["view_id"] == "V0VIEW00001"
    assert "Thank you Ana!" in json.dumps(update.params["view"])


def test_an_unapproved_template_cannot_be_submitted(client, worker, fake_twilio, fake_slack, card, clock, templates):  # type: ignore[no-untyped-def]
    clock.advance(timedelta(days=2))
    send(client, reply_event(card, "Hello?"))
    worker.run_due()
    view = open_modal(client, fake_slack, card, not_sent_note(fake_slack, card[1]))
    response = submit(client, view, REP, values_of(view, templates["pending"]))
    assert response.get_json()["response_action"] == "errors"
    worker.run_due()
    assert fake_twilio.template_sends() == []


def test_a_twilio_refusal_of_a_template_is_explained_with_its_code(
        client, worker, fake_twilio, fake_slack, card, clock, templates):  # type: ignore[no-untyped-def]
    clock.advance(timedelta(days=2))
    send(client, reply_event(card, "Hello?"))
    worker.run_due()
    view = open_modal(client, fake_slack, card, not_sent_note(fake_slack, card[1]))
    fake_twilio.fail_next(63027)
    submit(client, view, REP, values_of(view, templates["thanks"]))
    worker.run_due()
    notes = [c.params["text"] for c in fake_slack.posts(thread_ts=card[1]) if "63027" in c.params.get("text", "")]
    assert len(notes) == 1 and "not approved" in notes[0]


def test_someone_outside_the_lane_cannot_open_the_modal(client, worker, fake_slack, card, clock, templates):  # type: ignore[no-untyped-def]
    clock.advance(timedelta(days=2))
    send(client, reply_event(card, "Hello?"))
    worker.run_due()
    note = not_sent_note(fake_slack, card[1])
    [button] = [e for b in note.params["blocks"] if b["type"] == "actions" for e in b["elements"]]
    click(client, template_ui.SEND_TEMPLATE, button["value"], "U0ZZZ", channel=card[0], message_ts=note.ts)
    worker.run_due()
    assert fake_slack.calls("views.open") == []
    [told] = fake_slack.calls("chat.postEphemeral")
    assert told.params["user"] == "U0ZZZ"


def test_a_template_refused_with_63016_is_not_called_a_closed_window(
        client, worker, fake_twilio, fake_slack, card, clock, templates):  # type: ignore[no-untyped-def]
    clock.advance(timedelta(days=2))
    send(client, reply_event(card, "Hello?"))
    worker.run_due()
    view = open_modal(client, fake_slack, card, not_sent_note(fake_slack, card[1]))
    fake_twilio.fail_next(63016)
    submit(client, view, REP, values_of(view, templates["thanks"]))
    worker.run_due()
    [note] = [c.params["text"] for c in fake_slack.posts(thread_ts=card[1]) if "63016" in c.params.get("text", "")]
    assert "refused the template" in note and "Send a template" not in json.dumps(fake_slack.posts()[-1].params)


def test_a_bad_variable_refusal_names_21656(client, worker, fake_twilio, fake_slack, card, clock, templates):  # type: ignore[no-untyped-def]
    clock.advance(timedelta(days=2))
    send(client, reply_event(card, "Hello?"))
    worker.run_due()
    view = open_modal(client, fake_slack, card, not_sent_note(fake_slack, card[1]))
    fake_twilio.fail_next(21656)
    submit(client, view, REP, values_of(view, templates["thanks"]))
    worker.run_due()
    assert any("21656" in c.params.get("text", "") and "variables" in c.params["text"]
               for c in fake_slack.posts(thread_ts=card[1]))
