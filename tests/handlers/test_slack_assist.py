"""kb/ suggestions under customers' questions (English and Arabic), private drafts with a
concrete next step, saved replies from the message shortcut, and Send / Edit sending the
rep's reply once. Real signed Slack requests, the real Twilio client against the fake."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from bot.slack import assist_ui
from bot.store.models import Conversation, Event, Message
from tests.builders import inbound_form, signed_slack_form, signed_twilio_post
from tests.conftest import make_settings
from tests.slack_ui import click, fixture, submit, text_value

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REP = "U0DDD"  # the support lane's member
SALES_REP = "U0AAA"
BILLING_REP = "U0CCC"


@pytest.fixture
def lanes(lanes):  # type: ignore[no-untyped-def]
    """The support rep also works in sales: triage sends price questions there (issue 14)."""
    from dataclasses import replace

    sales = replace(lanes.lane("sales"), members=(*lanes.lane("sales").members, REP))
    return replace(lanes, lanes=tuple(sales if lane.name == "sales" else lane for lane in lanes.lanes))


@pytest.fixture
def settings(fake_slack, fake_twilio, db_url):  # type: ignore[no-untyped-def]
    return make_settings(SLACK_API_URL=fake_slack.url, TWILIO_API_URL=fake_twilio.url,
                         TWILIO_CONTENT_URL=fake_twilio.url, DATABASE_URL=db_url,
                         KB_DIR=str(FIXTURES / "kb"), REPLIES_DIR=str(FIXTURES / "replies"))


def ask(client, worker, body: str, sender: str = "+971501234567", name: str = "Ana Souza"):  # type: ignore[no-untyped-def]
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form(body, sender=sender, name=name)).status_code == 200
    worker.run_due()


def suggestions(fake_slack) -> list[Any]:  # type: ignore[no-untyped-def]
    return [c for c in fake_slack.posts() if "Knowledge base" in c.params.get("text", "")]


def card_of(db) -> Conversation:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.exec(select(Conversation)).one()


def buttons(blocks: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {e["action_id"]: e for b in blocks if b["type"] == "actions" for e in b["elements"]}


def ask_for_draft(client, worker, fake_slack, db, rep: str = REP) -> dict[str, dict[str, Any]]:  # type: ignore[no-untyped-def]
    [note] = suggestions(fake_slack)
    conversation = card_of(db)
    suggest = buttons(note.params["blocks"])[assist_ui.SUGGEST_REPLY]
    assert click(client, assist_ui.SUGGEST_REPLY, suggest["value"], rep, channel=conversation.channel,
                 message_ts=note.ts, thread_ts=conversation.thread_ts).status_code == 200
    worker.run_due()
    [draft] = fake_slack.calls("chat.postEphemeral")
    assert draft.params["user"] == rep and draft.params["thread_ts"] == conversation.thread_ts
    return {"draft": draft.params, **buttons(draft.params["blocks"])}


def test_an_english_question_gets_matching_articles_and_a_suggest_reply_button(client, worker, fake_slack):  # type: ignore[no-untyped-def]
    ask(client, worker, "Hi, how much is the Gold plan? What are your prices?")
    [note] = suggestions(fake_slack)
    text = note.params["text"]
    assert "<https://help.example.com/pricing|Pricing and plans>" in text.splitlines()[1]
    assert len(text.splitlines()) <= 4  # the heading and at most three articles
    assert {assist_ui.SUGGEST_REPLY, assist_ui.SAVED_REPLY} <= set(buttons(note.params["blocks"]))


def test_an_arabic_question_gets_arabic_articles(client, worker, fake_slack):  # type: ignore[no-untyped-def]
    ask(client, worker, "كم سعر الباقة الذهبية؟", name="ليلى")
    [note] = suggestions(fake_slack)
    assert "الأسعار والباقات" in note.params["text"].splitlines()[1]


def test_small_talk_gets_no_suggestion(client, worker, fake_slack):  # type: ignore[no-untyped-def]
    ask(client, worker, "ok thanks")
    assert suggestions(fake_slack) == []


def test_suggest_reply_drafts_privately_then_send_goes_out_once_as_the_reps_reply(
        client, worker, fake_slack, fake_twilio, db):  # type: ignore[no-untyped-def]
    ask(client, worker, "Hi, how much is the Gold plan? What are your prices?")
    drafted = ask_for_draft(client, worker, fake_slack, db)
    draft_text = json.loads(drafted[assist_ui.DRAFT_SEND]["value"])["t"]
    assert draft_text.startswith("Hi Ana, thank you for your message.")
    assert "Gold (AED 799 a month)" in draft_text  # the answer from the best article
    assert re.search(r"Next step: .* by Sunday 17:00", draft_text)  # Sun 13:00 Dubai + 4 working hours
    assert fake_twilio.sent() == []  # private until sent

    conversation = card_of(db)
    for _ in range(2):  # a double click sends once
        click(client, assist_ui.DRAFT_SEND, drafted[assist_ui.DRAFT_SEND]["value"], REP,
              channel=conversation.channel, message_ts="1800000000.000001", thread_ts=conversation.thread_ts)
    worker.run_due()
    [sent] = fake_twilio.sent()
    assert sent["Body"].startswith("Hi Ana, thank you for your message.") and "by Sunday 17:00" in sent["Body"]
    with db.session() as session:
        reply = session.exec(select(Message).where(Message.direction == "out")).one()
        replied = session.exec(select(Event).where(Event.kind == "replied")).all()
        stored = session.get(Conversation, conversation.id)
    assert reply.author == REP and reply.slack_ts is not None and len(replied) == 1
    assert stored is not None and stored.first_reply_at is not None  # counted like a typed reply
    shown = [c for c in fake_slack.posts(thread_ts=conversation.thread_ts) if c.ts == reply.slack_ts]
    assert shown and f"<@{REP}> replied (suggested reply)" in shown[0].params["text"]
    told = [c.params["text"] for c in fake_slack.calls("chat.postEphemeral")]
    assert any("sent already" in text for text in told)


def test_edit_opens_the_draft_in_a_modal_and_sends_the_edited_text(client, worker, fake_slack, fake_twilio, db):  # type: ignore[no-untyped-def]
    ask(client, worker, "كم سعر الباقة الذهبية؟", name="ليلى")
    drafted = ask_for_draft(client, worker, fake_slack, db, SALES_REP)  # "سعر" routes to sales
    arabic = json.loads(drafted[assist_ui.DRAFT_EDIT]["value"])["t"]
    assert arabic.startswith("مرحباً ليلى") and "بحلول يوم الأحد الساعة 17:00" in arabic
    conversation = card_of(db)
    click(client, assist_ui.DRAFT_EDIT, drafted[assist_ui.DRAFT_EDIT]["value"], SALES_REP,
          channel=conversation.channel, message_ts="1800000000.000001", thread_ts=conversation.thread_ts)
    [opened] = fake_slack.wait_for("views.open")
    view = opened.params["view"]
    assert view["blocks"][0]["element"]["initial_value"] == arabic
    edited = arabic.replace("مرحباً ليلى", "أهلاً ليلى")
    response = submit(client, view, SALES_REP, {assist_ui.EDIT_BLOCK: {assist_ui.EDIT_INPUT: text_value(edited)}})
    assert response.status_code == 200 and not response.data
    worker.run_due()
    [sent] = fake_twilio.sent()
    assert sent["Body"].startswith("أهلاً ليلى")


def shortcut(client, user: str, channel: str, ts: str, thread_ts: str):  # type: ignore[no-untyped-def]
    base = fixture("slack_block_actions_button")
    payload = {"type": "message_action", "callback_id": assist_ui.SAVED_REPLY_SHORTCUT,
               "trigger_id": base["trigger_id"], "user": {"id": user}, "team": base["team"],
               "channel": {"id": channel, "name": "support"}, "token": base["token"],
               "response_url": base["response_url"], "action_ts": "1800000000.000100",
               "message": {"type": "message", "ts": ts, "thread_ts": thread_ts, "text": "x"}}
    return signed_slack_form(client, {"payload": json.dumps(payload)})


def test_a_saved_reply_from_the_shortcut_previews_privately_and_sends(client, worker, fake_slack, fake_twilio, db):  # type: ignore[no-untyped-def]
    ask(client, worker, "I need a copy of my invoice please")  # routed to billing
    conversation = card_of(db)
    assert shortcut(client, BILLING_REP, conversation.channel, "1800000000.000300",
                    conversation.thread_ts).status_code == 200
    [opened] = fake_slack.wait_for("views.open")
    view = opened.params["view"]
    options = [o["value"] for o in view["blocks"][0]["element"]["options"]]
    assert options == ["invoice-copy"]  # billing's replies in English; the quote reply is sales-only
    values = {assist_ui.PICK_BLOCK: {assist_ui.PICK_INPUT: {"type": "static_select",
                                                            "selected_option": {"value": "invoice-copy"}}}}
    assert submit(client, view, BILLING_REP, values).status_code == 200
    worker.run_due()
    [preview] = fake_slack.calls("chat.postEphemeral")
    send_value = buttons(preview.params["blocks"])[assist_ui.DRAFT_SEND]["value"]
    text = json.loads(send_value)["t"]
    assert text.startswith("Hi Ana, you can download every invoice") and "by Sunday 17:00" in text
    click(client, assist_ui.DRAFT_SEND, send_value, BILLING_REP, channel=conversation.channel,
          message_ts="1800000000.000002", thread_ts=conversation.thread_ts)
    worker.run_due()
    [sent] = fake_twilio.sent()
    assert sent["Body"] == text
