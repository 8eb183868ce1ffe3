"""Close with an outcome through POST /slack/events: the card's Close button opens the modal
(views.open), its submission answers field errors or closes the conversation in the database."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlmodel import select

from bot.handlers import slack_app, slack_close
from bot.lanes import LanesConfig, parse_lanes
from bot.slack import ids, notes
from bot.store.models import Conversation, Message
from tests.factories import make_contact, make_conversation
from tests.builders import signed_slack_form
from tests.conftest import LANES

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CHANNEL, CARD_TS = "C0SALES", "1716400000.000100"
OWNER, MEMBER, LEAD, OUTSIDER = "U0AAA", "U0BBB", "U0LEAD1", "U0ZZZ"


@pytest.fixture
def lanes() -> LanesConfig:
    config = copy.deepcopy(LANES)
    config["lanes"][0]["leads"] = [LEAD]
    return parse_lanes(config)


@pytest.fixture
def client(deps):  # type: ignore[no-untyped-def]
    """The Slack endpoint with the close listeners. Registering them again once
    `build_bolt_app` does is harmless: Bolt runs the first listener that matches."""
    bolt = slack_app.build_bolt_app(deps)
    slack_close.register(bolt, deps)
    app = Flask("test_slack_close")
    app.register_blueprint(slack_app.blueprint(bolt, deps.settings.slack_signing_secret))
    return app.test_client()


@pytest.fixture
def wakes(deps) -> list[int]:  # type: ignore[no-untyped-def]
    calls: list[int] = []
    deps.wakeup.set = lambda: calls.append(1)  # type: ignore[method-assign]
    return calls


@pytest.fixture
def conversation(db, clock) -> int:  # type: ignore[no-untyped-def]
    """An open conversation in sales, owned by OWNER, with its card posted."""
    with db.session() as session:
        contact = make_contact(session, name="Ana <!here>", now=clock.now())
        row = make_conversation(session, contact=contact, channel=CHANNEL, thread_ts=CARD_TS, owner=OWNER,
                                now=clock.now())
        session.commit()
        assert row.id is not None
        return row.id


def fixture(name: str) -> dict[str, Any]:
    return copy.deepcopy(json.loads((FIXTURES / f"{name}.json").read_text())["payload"])


def click_close(client, conversation_id: int | str, user: str, *,  # type: ignore[no-untyped-def]
                card_ts: str = CARD_TS):
    payload = fixture("slack_block_actions_button")
    payload["user"]["id"] = user
    payload["channel"] = {"id": CHANNEL, "name": "sales"}
    payload["container"].update(channel_id=CHANNEL, message_ts=card_ts)
    payload["container"].pop("thread_ts")
    payload["message"].update(ts=card_ts, blocks=[])
    payload["message"].pop("thread_ts")
    payload["actions"] = [{"type": "button", "action_id": ids.CLOSE, "block_id": ids.CARD_BLOCK,
                           "value": str(conversation_id), "action_ts": "1716400500.000100",
                           "text": {"type": "plain_text", "text": "Close", "emoji": True}}]
    payload["state"] = {"values": {}}
    return signed_slack_form(client, {"payload": json.dumps(payload)})


def submit(client, modal: dict[str, Any], user: str, outcome: str | None, *,  # type: ignore[no-untyped-def]
           note: str | None = None, message: str | None = None):
    payload = fixture("slack_view_submission")
    payload["user"]["id"] = user
    view = payload["view"]
    view.update({k: modal[k] for k in ("callback_id", "private_metadata", "blocks", "title", "submit")})
    selected = None if outcome is None else {"text": {"type": "plain_text", "text": outcome}, "value": outcome}
    view["state"] = {"values": {
        ids.CLOSE_OUTCOME_BLOCK: {ids.CLOSE_OUTCOME: {"type": "static_select", "selected_option": selected}},
        ids.CLOSE_NOTE_BLOCK: {ids.CLOSE_NOTE: {"type": "plain_text_input", "value": note}},
        ids.CLOSE_MESSAGE_BLOCK: {ids.CLOSE_MESSAGE: {"type": "plain_text_input", "value": message}},
    }}
    return signed_slack_form(client, {"payload": json.dumps(payload)})


def open_modal(client, fake_slack, conversation_id: int, user: str = OWNER) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    assert click_close(client, conversation_id, user).status_code == 200
    [opened] = fake_slack.wait_for("views.open")
    return opened.params["view"]


def stored(db, conversation_id: int) -> Conversation:  # type: ignore[no-untyped-def]
    with db.session() as session:
        row = session.get(Conversation, conversation_id)
        assert row is not None
        return row


def out_messages(db) -> list[Message]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return list(session.exec(select(Message).where(Message.direction == "out")))


# -- the button ---------------------------------------------------------------------


@pytest.mark.parametrize("user", [OWNER, LEAD])
def test_close_opens_the_modal_with_the_lanes_outcomes(client, fake_slack, conversation, lanes, user):
    response = click_close(client, conversation, user)

    assert response.status_code == 200
    [opened] = fake_slack.wait_for("views.open")
    assert opened.params["trigger_id"] == fixture("slack_block_actions_button")["trigger_id"]
    view = opened.params["view"]
    assert view["callback_id"] == ids.CLOSE_VIEW and view["private_metadata"] == str(conversation)
    [select_block] = [b for b in view["blocks"] if b.get("block_id") == ids.CLOSE_OUTCOME_BLOCK]
    assert [o["value"] for o in select_block["element"]["options"]] == list(lanes.outcomes)
    assert "Ana &lt;!here&gt;" in view["blocks"][0]["text"]["text"] and "<!here>" not in json.dumps(view)
    assert fake_slack.calls("chat.postEphemeral") == []


@pytest.mark.parametrize("user", [MEMBER, OUTSIDER])
def test_someone_neither_owner_nor_lead_is_refused_ephemerally_and_gets_no_modal(
        client, worker, fake_slack, conversation, user):
    assert click_close(client, conversation, user).status_code == 200
    worker.run_due()  # the answer goes out through the outbox, after Slack was answered

    [refusal] = fake_slack.wait_for("chat.postEphemeral")
    assert refusal.params["channel"] == CHANNEL and refusal.params["user"] == user
    assert f"<@{OWNER}>" in refusal.params["text"] and "close" in refusal.params["text"]
    assert fake_slack.calls("views.open") == []


@pytest.mark.parametrize("value", ["999999", "abc", "0", "-1", "1;drop", ""])
def test_a_tampered_button_value_is_explained_and_opens_nothing(client, worker, fake_slack, conversation, value):
    assert click_close(client, value, OWNER).status_code == 200
    worker.run_due()  # the answer goes out through the outbox, after Slack was answered

    [refusal] = fake_slack.wait_for("chat.postEphemeral")
    assert refusal.params["user"] == OWNER and refusal.params["text"] == notes.CARD_TAMPERED
    assert fake_slack.calls("views.open") == []


def test_a_button_on_a_message_that_is_no_longer_the_card_is_explained_and_opens_nothing(
        client, worker, fake_slack, conversation):
    assert click_close(client, conversation, OWNER, card_ts="1716300000.000100").status_code == 200
    worker.run_due()  # the answer goes out through the outbox, after Slack was answered

    [refusal] = fake_slack.wait_for("chat.postEphemeral")
    assert refusal.params["channel"] == CHANNEL and refusal.params["text"] == notes.CARD_NOT_CURRENT
    assert fake_slack.calls("views.open") == []


def test_a_closed_conversation_cannot_be_closed_again(client, worker, fake_slack, conversation, db):
    with db.session() as session:
        row = session.get(Conversation, conversation)
        row.status, row.open_key = "closed", None
        session.add(row)
        session.commit()

    click_close(client, conversation, OWNER)
    worker.run_due()  # the answer goes out through the outbox, after Slack was answered

    [refusal] = fake_slack.wait_for("chat.postEphemeral")
    assert "closed" in refusal.params["text"]
    assert fake_slack.calls("views.open") == []


def test_without_outcomes_in_the_lanes_file_the_rep_is_told_why(client, worker, fake_slack, conversation, deps):
    deps.use_lanes(replace(deps.lanes, outcomes=()))

    click_close(client, conversation, OWNER)
    worker.run_due()  # the answer goes out through the outbox, after Slack was answered

    [refusal] = fake_slack.wait_for("chat.postEphemeral")
    assert refusal.params["text"] == notes.NO_OUTCOMES
    assert fake_slack.calls("views.open") == []


def test_an_expired_trigger_is_explained(client, worker, fake_slack, conversation, db):
    fake_slack.fail_ok_false("views.open", error="expired_trigger_id")

    assert click_close(client, conversation, OWNER).status_code == 200
    worker.run_due()  # the answer goes out through the outbox, after Slack was answered

    [refusal] = fake_slack.wait_for("chat.postEphemeral")
    assert refusal.params["text"] == notes.SLOW_TRIGGER
    assert stored(db, conversation).status == "claimed"


# -- the submission -----------------------------------------------------------------


def test_a_submission_without_an_outcome_keeps_the_modal_open_with_a_field_error(
        client, fake_slack, conversation, db, wakes):
    modal = open_modal(client, fake_slack, conversation)

    response = submit(client, modal, OWNER, None, note="forgot the outcome")

    assert response.status_code == 200
    assert response.get_json() == {"response_action": "errors",
                                   "errors": {ids.CLOSE_OUTCOME_BLOCK: "Choose an outcome"}}
    row = stored(db, conversation)
    assert row.status == "claimed" and row.outcome is None and row.closed_by is None
    assert wakes == []


def test_a_tampered_outcome_is_a_field_error(client, fake_slack, conversation, db):
    modal = open_modal(client, fake_slack, conversation)

    response = submit(client, modal, OWNER, "Won a yacht")

    assert response.get_json()["response_action"] == "errors"
    assert set(response.get_json()["errors"]) == {ids.CLOSE_OUTCOME_BLOCK}
    assert stored(db, conversation).status == "claimed"


def test_a_valid_submission_closes_with_the_outcome_and_does_not_message_the_customer(
        client, fake_slack, conversation, db, clock, wakes):
    modal = open_modal(client, fake_slack, conversation)

    response = submit(client, modal, OWNER, "Qualified", note="Quote sent, call next week")

    assert response.status_code == 200 and response.get_data(as_text=True) == ""
    row = stored(db, conversation)
    assert (row.status, row.outcome, row.closed_by) == ("closed", "Qualified", OWNER)
    assert row.closed_at == clock.now()
    assert out_messages(db) == []
    assert wakes == [1]


def test_a_closing_message_is_queued_for_whatsapp_only_when_written(client, fake_slack, conversation, db):
    modal = open_modal(client, fake_slack, conversation, LEAD)

    response = submit(client, modal, LEAD, "Resolved", message="Thanks, Ana! Closing this chat.")

    assert response.status_code == 200 and response.get_data(as_text=True) == ""
    assert (stored(db, conversation).closed_by, stored(db, conversation).outcome) == (LEAD, "Resolved")
    [message] = out_messages(db)
    assert message.body == "Thanks, Ana! Closing this chat." and message.author == LEAD


def test_a_refusal_found_at_submit_time_is_a_field_error_in_plain_text(client, fake_slack, conversation, db):
    modal = open_modal(client, fake_slack, conversation)  # the owner opened it …
    with db.session() as session:  # … and was reassigned before submitting
        row = session.get(Conversation, conversation)
        row.owner = MEMBER
        session.add(row)
        session.commit()

    response = submit(client, modal, OWNER, "Qualified")

    body = response.get_json()
    assert body["response_action"] == "errors"
    error = body["errors"][ids.CLOSE_OUTCOME_BLOCK]
    assert f"@{MEMBER}" in error and "<@" not in error and "*" not in error
    assert stored(db, conversation).status == "claimed"


def test_a_second_submission_is_told_it_is_already_closed(client, fake_slack, conversation, db):
    modal = open_modal(client, fake_slack, conversation)
    assert submit(client, modal, OWNER, "Qualified").get_data(as_text=True) == ""

    again = submit(client, modal, LEAD, "Non-fit")

    assert again.get_json() == {"response_action": "errors",
                                "errors": {ids.CLOSE_OUTCOME_BLOCK: "This conversation is closed."}}
    row = stored(db, conversation)
    assert (row.outcome, row.closed_by) == ("Qualified", OWNER)
