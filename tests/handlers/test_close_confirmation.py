"""Closing the loop: the Close modal can send the lane's confirmation template; "Solved"
keeps the conversation closed and asks for a 1–5 rating (stored, shown in /wa-report);
"I still need help" reopens it in its thread with the owner pinged."""

from __future__ import annotations

import copy
import json
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.conversations.confirmation import RATING_QUESTION
from bot.lanes import LanesConfig, parse_lanes
from bot.reports.blocks import report_blocks
from bot.reports.model import ReportQuery
from bot.reports.period import parse_period
from bot.reports.queries import build_report
from bot.slack import ids
from bot.slack.close_confirm import CONFIRM, CONFIRM_BLOCK
from bot.store.models import Conversation
from tests.builders import inbound_form, signed_twilio_post
from tests.conftest import LANES
from tests.handlers.test_slack_close import CHANNEL, OWNER, click_close, conversation  # noqa: F401  (fixture)
from tests.slack_ui import submit, text_value

HX_CONFIRM = "HX" + "c" * 32


@pytest.fixture
def lanes() -> LanesConfig:
    config = copy.deepcopy(LANES)
    config["lanes"][0].update(confirm_template=HX_CONFIRM, ask_rating=True)
    return parse_lanes(config)


def close_with_confirmation(client, fake_slack, fake_twilio, worker, conversation_id: int) -> None:  # type: ignore[no-untyped-def]
    fake_twilio.add_template("Confirm", "Hi {{1}}, is everything solved?", variables={"1": "first name"},
                             sid=HX_CONFIRM)
    assert click_close(client, conversation_id, OWNER, card_ts=seed_card(fake_slack, worker.deps.db,
                                                                         conversation_id)).status_code == 200
    [opened] = fake_slack.wait_for("views.open")
    view = opened.params["view"]
    assert any(b.get("block_id") == CONFIRM_BLOCK for b in view["blocks"])
    values = {
        ids.CLOSE_OUTCOME_BLOCK: {ids.CLOSE_OUTCOME: {"type": "static_select",
                                                      "selected_option": {"value": "Resolved"}}},
        ids.CLOSE_NOTE_BLOCK: {ids.CLOSE_NOTE: text_value(None)},
        ids.CLOSE_MESSAGE_BLOCK: {ids.CLOSE_MESSAGE: text_value(None)},
        CONFIRM_BLOCK: {CONFIRM: {"type": "checkboxes", "selected_options": [{"value": "confirm"}]}},
    }
    response = submit(client, view, OWNER, values)
    assert response.status_code == 200 and not response.data, response.data
    worker.run_due()
    [sent] = fake_twilio.template_sends()
    assert sent["ContentSid"] == HX_CONFIRM and json.loads(sent["ContentVariables"]) == {"1": "Ana"}


def seed_card(fake_slack, db, conversation_id: int) -> str:  # type: ignore[no-untyped-def]
    """The card exists in Slack (so its updates succeed) at the ts the conversation records."""
    ts = fake_slack.add_message(CHANNEL, "card")

    def move(session):  # type: ignore[no-untyped-def]
        row = session.get(Conversation, conversation_id)
        row.thread_ts = ts
        session.add(row)

    db.transaction(move)
    return ts


def tap(client, payload: str, text: str, **extra: str):  # type: ignore[no-untyped-def]
    form = inbound_form(text, sender="+971501234567", ButtonPayload=payload, ButtonText=text,
                        MessageType="button", **extra)
    return signed_twilio_post(client, "/twilio/whatsapp", form)


def rows(db) -> list[Conversation]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return list(session.exec(select(Conversation)))


def test_solved_keeps_it_closed_then_the_rating_is_stored_and_reported(
        client, deps, fake_slack, fake_twilio, worker, db, clock, conversation):  # type: ignore[no-untyped-def]
    close_with_confirmation(client, fake_slack, fake_twilio, worker, conversation)
    clock.advance(timedelta(minutes=5))
    assert tap(client, "solved", "Solved").status_code == 200
    worker.run_due()
    assert len(rows(db)) == 1 and rows(db)[0].status == "closed"  # no new conversation, not reopened
    assert fake_twilio.sent()[-1]["Body"].startswith(RATING_QUESTION["en"])

    signed_twilio_post(client, "/twilio/whatsapp", inbound_form("4", sender="+971501234567"))
    worker.run_due()
    [row] = rows(db)
    assert row.satisfaction == 4 and row.status == "closed"
    posts = [c.params["text"] for c in fake_slack.posts(thread_ts=row.thread_ts)]
    assert any("confirmed it is *solved*" in t for t in posts) and any("*4/5*" in t for t in posts)

    query = ReportQuery(period=parse_period("7d", tz="Asia/Dubai", now=clock.now(), week_start=6), lanes=("sales",),
                        rep=None, now=clock.now())
    report = db.read(lambda session: build_report(session, deps.lanes, query))
    assert report.satisfaction_by_lane == (("sales", 1, 4.0),) and report.satisfaction_by_rep == ((OWNER, 1, 4.0),)
    assert "Satisfaction" in json.dumps([b.to_dict() for b in report_blocks(report, public=False)])


def test_i_still_need_help_reopens_the_conversation_and_pings_the_owner(
        client, fake_slack, fake_twilio, worker, db, clock, conversation):  # type: ignore[no-untyped-def]
    close_with_confirmation(client, fake_slack, fake_twilio, worker, conversation)
    assert tap(client, "need_help", "I still need help").status_code == 200
    worker.run_due()
    [row] = rows(db)
    assert (row.status, row.owner, row.outcome, row.open_key) == ("claimed", OWNER, None, row.contact_id)
    posts = [c.params["text"] for c in fake_slack.posts(thread_ts=row.thread_ts)]
    assert any(f"<@{OWNER}>" in t and "I still need help" in t for t in posts)


def test_without_a_confirmation_a_later_message_opens_a_new_conversation(
        client, fake_slack, worker, db, conversation):  # type: ignore[no-untyped-def]
    from tests.handlers.test_slack_close import submit as close_submit
    assert click_close(client, conversation, OWNER, card_ts=seed_card(fake_slack, worker.deps.db,
                                                                      conversation)).status_code == 200
    [opened] = fake_slack.wait_for("views.open")
    view = opened.params["view"]
    assert close_submit(client, view, OWNER, "Resolved").status_code == 200
    signed_twilio_post(client, "/twilio/whatsapp", inbound_form("Solved", sender="+971501234567"))
    assert len(rows(db)) == 2
