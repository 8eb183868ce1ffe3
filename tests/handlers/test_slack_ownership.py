"""Running a lane from the card: claim, release, reassign, label, status, move — through
signed Slack actions, with permissions, audit events and a card that stays true."""

from __future__ import annotations

import copy
import json
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from sqlmodel import select

from bot.slack import ids
from bot.store.models import Conversation
from tests.factories import events
from tests.factories import the_conversation as conversation
from tests.builders import inbound_form, signed_slack_form, signed_slack_json, signed_twilio_post

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BUTTON = json.loads((FIXTURES / "slack_block_actions_button.json").read_text())["payload"]
LEAD = "U0LEAD1"


@pytest.fixture
def lanes(lanes):  # type: ignore[no-untyped-def]
    """The test lanes with a lead on sales and many members (for the claim race)."""
    sales = replace(lanes.lane("sales"), members=("U0AAA", "U0BBB") + tuple(f"U0R{n:02d}" for n in range(20)),
                    leads=(LEAD,))
    return replace(lanes, lanes=tuple(sales if lane.name == "sales" else lane for lane in lanes.lanes))


@pytest.fixture
def card(client, worker, fake_slack):  # type: ignore[no-untyped-def]
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form("I need a price quote")).status_code == 200
    worker.run_due()
    [parent] = [c for c in fake_slack.posts() if not c.params.get("thread_ts")]
    assert parent.params["channel"] == "C0SALES"
    return parent.params["channel"], parent.ts


def press(client, card, user, action_id, value=None, *, selected=None):  # type: ignore[no-untyped-def]
    payload = copy.deepcopy(BUTTON)
    payload["user"]["id"] = user
    payload["channel"]["id"] = card[0]
    payload["container"] = {"type": "message", "channel_id": card[0], "message_ts": card[1], "is_ephemeral": False}
    payload["message"]["ts"] = card[1]
    if selected is None:
        action = {"type": "button", "action_id": action_id, "block_id": ids.CARD_BLOCK,
                  "value": value if value is not None else "1", "action_ts": "1.1"}
    else:
        action = {"type": "static_select", "action_id": action_id, "block_id": ids.CARD_BLOCK, "action_ts": "1.1",
                  "selected_option": {"value": selected, "text": {"type": "plain_text", "text": selected}}}
    payload["actions"] = [action]
    response = signed_slack_form(client, {"payload": json.dumps(payload)})
    assert response.status_code == 200
    return response


def ephemerals(worker, fake_slack, user):  # type: ignore[no-untyped-def]
    """What `user` was told, ephemerally (the answers go out through the outbox)."""
    worker.run_due()
    return [c.params["text"] for c in fake_slack.calls("chat.postEphemeral") if c.params["user"] == user]


def card_json(fake_slack):  # type: ignore[no-untyped-def]
    return json.dumps(fake_slack.calls("chat.update")[-1].params["blocks"], ensure_ascii=False)


def test_claim_makes_the_rep_owner_and_the_card_shows_it(client, worker, fake_slack, card, db):
    press(client, card, "U0AAA", ids.CLAIM)
    worker.run_due()

    assert (conversation(db).owner, conversation(db).status) == ("U0AAA", "claimed")
    shown = card_json(fake_slack)
    assert "<@U0AAA> since" in shown and "Claimed" in shown
    [claimed] = events(db, "claimed")
    assert claimed.actor == "U0AAA"


def test_twenty_reps_claiming_at_once_make_exactly_one_owner_and_every_loser_is_told(app, worker, fake_slack, card, db):
    reps = [f"U0R{n:02d}" for n in range(20)]
    barrier = threading.Barrier(len(reps))

    def claim(rep: str) -> None:
        client = app.test_client()
        barrier.wait()
        press(client, card, rep, ids.CLAIM)

    threads = [threading.Thread(target=claim, args=(rep,)) for rep in reps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    owner = conversation(db).owner
    assert owner in reps
    assert len(events(db, "claimed")) == 1
    for rep in reps:
        [said] = ephemerals(worker, fake_slack, rep)
        assert ("own this" in said) if rep == owner else (f"Already claimed by <@{owner}>" in said)


def test_a_double_click_claims_once(client, worker, card, db, fake_slack):
    press(client, card, "U0AAA", ids.CLAIM)
    press(client, card, "U0AAA", ids.CLAIM)

    assert len(events(db, "claimed")) == 1
    assert "already own" in ephemerals(worker, fake_slack, "U0AAA")[-1]


def test_someone_outside_the_lane_cannot_claim_or_label(client, worker, card, db, fake_slack):
    press(client, card, "U0STRANGER", ids.CLAIM)
    press(client, card, "U0STRANGER", ids.LABEL, selected="Billing")

    assert conversation(db).owner is None and conversation(db).label != "Billing"
    said = ephemerals(worker, fake_slack, "U0STRANGER")
    assert len(said) == 2 and all("Only members and leads" in s for s in said)


def test_a_lead_may_claim_without_being_a_member(client, card, db):
    press(client, card, LEAD, ids.CLAIM)
    assert conversation(db).owner == LEAD


def test_label_updates_the_card_and_is_logged(client, worker, fake_slack, card, db):
    press(client, card, "U0BBB", ids.LABEL, selected="Billing")
    worker.run_due()

    assert conversation(db).label == "Billing"
    assert '"initial_option": {"text": {"type": "plain_text", "text": "Billing"' in card_json(fake_slack) or \
        "Billing" in card_json(fake_slack)
    [labelled] = events(db, "labelled")
    assert labelled.data["to"] == "Billing" and labelled.actor == "U0BBB"


def test_a_tampered_label_changes_nothing(client, worker, card, db, fake_slack):
    press(client, card, "U0BBB", ids.LABEL, selected="<!channel> not a label")
    assert events(db, "labelled") == [] and "not in the lanes file" in ephemerals(worker, fake_slack, "U0BBB")[-1]


def test_only_the_owner_or_a_lead_may_reassign_and_release(client, worker, fake_slack, card, db):
    press(client, card, "U0AAA", ids.CLAIM)
    press(client, card, "U0BBB", ids.REASSIGN, selected="U0BBB")
    press(client, card, "U0BBB", ids.RELEASE, value=str(conversation(db).id))
    assert conversation(db).owner == "U0AAA"
    assert all("Only its owner" in s for s in ephemerals(worker, fake_slack, "U0BBB"))

    press(client, card, LEAD, ids.REASSIGN, selected="U0BBB")
    worker.run_due()
    assert conversation(db).owner == "U0BBB" and conversation(db).reassign_count == 1
    notes = [c.params["text"] for c in fake_slack.posts(thread_ts=card[1])]
    assert any("reassigned this to <@U0BBB> (was <@U0AAA>)" in n for n in notes)

    press(client, card, "U0BBB", ids.RELEASE, value=str(conversation(db).id))
    assert (conversation(db).owner, conversation(db).status) == (None, "unclaimed")
    assert [e.kind for e in events(db) if e.kind in ("claimed", "reassigned", "released")] == [
        "claimed", "reassigned", "released"]


def test_reassign_is_limited_to_the_lanes_members(client, worker, card, db, fake_slack):
    press(client, card, LEAD, ids.REASSIGN, selected="U0DDD")  # a support member
    assert conversation(db).owner is None and "not a member" in ephemerals(worker, fake_slack, LEAD)[-1]


def test_status_waiting_and_follow_up_are_shown_on_the_card(client, worker, fake_slack, card, db):
    press(client, card, "U0AAA", ids.STATUS, selected="waiting")
    assert "Claim it first" in ephemerals(worker, fake_slack, "U0AAA")[-1]
    press(client, card, "U0AAA", ids.CLAIM)
    press(client, card, "U0AAA", ids.STATUS, selected="followup")
    worker.run_due()

    assert conversation(db).status == "followup"
    assert "Follow-up needed" in card_json(fake_slack)
    assert events(db, "status_changed")[-1].data == {"from": "claimed", "to": "followup"}


def test_a_lead_moves_a_conversation_new_card_there_old_card_marked(client, worker, fake_slack, card, db):
    press(client, card, "U0AAA", ids.MOVE, selected="billing")
    assert conversation(db).lane == "sales" and "Only a lead" in ephemerals(worker, fake_slack, "U0AAA")[-1]

    press(client, card, LEAD, ids.MOVE, selected="billing")
    worker.run_due()

    moved = conversation(db)
    assert moved.lane == "billing" and moved.channel == "C0BILLING" and moved.thread_ts
    [new_card] = [c for c in fake_slack.posts(channel="C0BILLING") if not c.params.get("thread_ts")]
    assert "Moved from" in json.dumps(new_card.params["blocks"])
    old = [c for c in fake_slack.calls("chat.update") if c.params["ts"] == card[1]]
    assert old and "moved to the *billing* lane" in old[-1].params["text"]
    assert any("moved this conversation" in c.params["text"] for c in fake_slack.posts(thread_ts=card[1]))
    assert events(db, "moved")[0].data == {"from": "sales", "to": "billing"}

    # The old card is no longer current: its buttons change nothing.
    press(client, card, LEAD, ids.CLAIM, value=str(moved.id))
    assert "no longer current" in ephemerals(worker, fake_slack, LEAD)[-1]
    # New customer messages go to the new thread.
    signed_twilio_post(client, "/twilio/whatsapp", inbound_form("still there?"))
    worker.run_due()
    assert [c.params["text"] for c in fake_slack.posts(thread_ts=moved.thread_ts)][-1] == "still there?"


def test_a_button_whose_value_names_another_conversation_is_refused(client, worker, card, db, fake_slack):
    press(client, card, "U0AAA", ids.CLAIM, value="999")
    assert conversation(db).owner is None and "does not belong" in ephemerals(worker, fake_slack, "U0AAA")[-1]


def test_eyes_reaction_on_the_card_claims_it(client, card, db):
    payload = {"type": "event_callback", "event_id": "EvREACT1", "team_id": "T0ACME01",
               "event": {"type": "reaction_added", "user": "U0BBB", "reaction": "eyes",
                         "item": {"type": "message", "channel": card[0], "ts": card[1]}, "event_ts": "1.2"}}
    assert signed_slack_json(client, payload).status_code == 200
    assert conversation(db).owner == "U0BBB"
    [claimed] = events(db, "claimed")
    assert claimed.data == {"via": "reaction"}


def test_a_reply_moves_the_status_to_waiting_and_the_customers_answer_back(client, worker, card, db, fake_slack):
    from tests.handlers.test_slack_replies import reply_event, send

    press(client, card, "U0AAA", ids.CLAIM)
    send(client, reply_event(card, "Here is the quote", user="U0AAA"))
    assert conversation(db).status == "waiting"
    signed_twilio_post(client, "/twilio/whatsapp", inbound_form("Thanks, one question"))
    assert conversation(db).status == "claimed"


def test_first_reply_claims_when_the_lane_says_so(client, deps, card, db):
    from tests.handlers.test_slack_replies import reply_event, send

    deps.use_lanes(replace(deps.lanes, lanes=tuple(replace(l, first_reply_claims=True) for l in deps.lanes.lanes)))
    send(client, reply_event(card, "I'll take this", user="U0BBB"))
    assert conversation(db).owner == "U0BBB"
    assert events(db, "claimed")[0].data == {"via": "first reply"}


def submit_close(client, user, conversation_id, outcome, *, note=None, message=None):  # type: ignore[no-untyped-def]
    payload = copy.deepcopy(json.loads((FIXTURES / "slack_view_submission.json").read_text())["payload"])
    payload["user"]["id"] = user
    option = None if outcome is None else {"value": outcome, "text": {"type": "plain_text", "text": outcome}}
    payload["view"].update(callback_id=ids.CLOSE_VIEW, private_metadata=str(conversation_id), state={"values": {
        ids.CLOSE_OUTCOME_BLOCK: {ids.CLOSE_OUTCOME: {"type": "static_select", "selected_option": option}},
        ids.CLOSE_NOTE_BLOCK: {ids.CLOSE_NOTE: {"type": "plain_text_input", "value": note}},
        ids.CLOSE_MESSAGE_BLOCK: {ids.CLOSE_MESSAGE: {"type": "plain_text_input", "value": message}},
    }})
    response = signed_slack_form(client, {"payload": json.dumps(payload)})
    assert response.status_code == 200
    return response


def test_close_with_an_outcome_round_trip(client, worker, fake_slack, fake_twilio, card, db):
    press(client, card, "U0AAA", ids.CLAIM)
    conversation_id = conversation(db).id
    press(client, card, "U0AAA", ids.CLOSE, value=str(conversation_id))
    [opened] = fake_slack.calls("views.open")
    assert "Qualified" in json.dumps(opened.params["view"])

    missing = submit_close(client, "U0AAA", conversation_id, None)
    assert missing.get_json()["response_action"] == "errors"
    assert ids.CLOSE_OUTCOME_BLOCK in missing.get_json()["errors"]
    assert conversation(db).status == "claimed"

    done = submit_close(client, "U0AAA", conversation_id, "Qualified", note="Budget approved\nCall Sunday",
                        message="Thank you, we'll be in touch!")
    assert done.data == b""
    worker.run_due()

    closed = conversation(db)
    assert (closed.status, closed.outcome, closed.closed_by, closed.open_key) == ("closed", "Qualified", "U0AAA", None)
    assert "Closed: *Qualified* by <@U0AAA> on 2026-11-22 09:00 UTC" in card_json(fake_slack)
    assert [s["Body"] for s in fake_twilio.sent()] == ["Thank you, we'll be in touch!"]
    notes = [c.params["text"] for c in fake_slack.posts(thread_ts=card[1])]
    assert any("Closed by <@U0AAA>" in n and ">Budget approved\n>Call Sunday" in n for n in notes)
    [event] = events(db, "closed")
    assert event.data["outcome"] == "Qualified" and event.actor == "U0AAA"

    signed_twilio_post(client, "/twilio/whatsapp", inbound_form("One more thing"))
    worker.run_due()
    with db.session() as session:
        newer = session.exec(select(Conversation).order_by(Conversation.id.desc())).first()
    assert newer.id != closed.id and newer.previous_id == closed.id
    [new_card] = [c for c in fake_slack.posts() if not c.params.get("thread_ts") and c.ts == newer.thread_ts]
    assert f"Earlier conversation: <{closed.permalink}|Qualified>" in json.dumps(new_card.params["blocks"])


def test_closing_needs_the_owner_or_a_lead(client, worker, card, db, fake_slack):
    press(client, card, "U0AAA", ids.CLAIM)
    press(client, card, "U0BBB", ids.CLOSE, value=str(conversation(db).id))

    assert fake_slack.calls("views.open") == []
    assert "Only its owner" in ephemerals(worker, fake_slack, "U0BBB")[-1]
    refused = submit_close(client, "U0BBB", conversation(db).id, "Qualified")  # forged submission
    assert refused.get_json()["response_action"] == "errors" and conversation(db).status == "claimed"
