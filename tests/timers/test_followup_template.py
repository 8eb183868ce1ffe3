"""The waiting-for-customer nudge goes to the customer as the lane's approved template, so
it reaches them days after the 24-hour window closed; an unusable template is reported."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.conversations import ownership
from bot.timers.jobs import sweep
from tests.handlers.test_slack_replies import reply_event, send
from tests.timers.test_sweep import arrive, conversation, with_sales


@pytest.fixture
def lanes(lanes):  # type: ignore[no-untyped-def]
    return lanes  # replaced per test through deps.use_lanes


def waiting_a_week(client, deps, worker, clock, db) -> None:  # type: ignore[no-untyped-def]
    arrive(client)
    worker.run_due()
    db.transaction(lambda s: ownership.claim(session=s, conversation_id=conversation(db).id, user="U0AAA",
                                             lanes=deps.lanes, now=clock.now()))
    send(client, reply_event((conversation(db).channel, conversation(db).thread_ts), "Quote sent", user="U0AAA"))
    worker.run_due()
    clock.advance(timedelta(days=7))
    assert sweep(deps) == 1
    worker.run_due()
    worker.run_due()


def test_the_nudge_goes_to_the_customer_as_the_lanes_template_after_24_hours(
        client, deps, worker, clock, db, fake_twilio, fake_slack):  # type: ignore[no-untyped-def]
    fake_slack.add_user("U0AAA", display_name="Omar")
    sid = fake_twilio.add_template("Still interested", "Hi {{1}}, {{2}} here: still interested in the quote?",
                                   variables={"1": "first name", "2": "rep name"})
    arabic = fake_twilio.add_template("متابعة", "مرحبا {{1}}", language="ar", variables={"1": "first name"})
    deps.use_lanes(with_sales(deps.lanes, followup_template=(("en", sid), ("ar", arabic))))
    waiting_a_week(client, deps, worker, clock, db)

    [typed, nudge] = fake_twilio.sent()
    assert typed["Body"].startswith("Quote sent")
    assert nudge["ContentSid"] == sid and "Body" not in nudge
    assert json.loads(nudge["ContentVariables"]) == {"1": "Ana", "2": "Omar"}
    assert any("Template *Still interested*" in c.params["text"]
               for c in fake_slack.posts(thread_ts=conversation(db).thread_ts))
    worker.run_due()
    assert len(fake_twilio.template_sends()) == 1  # once


def test_an_unapproved_followup_template_is_not_sent_and_is_reported(
        client, deps, worker, clock, db, fake_twilio, fake_slack):  # type: ignore[no-untyped-def]
    sid = fake_twilio.add_template("Draft", "Hi {{1}}", status="pending", variables={"1": "first name"})
    deps.use_lanes(with_sales(deps.lanes, followup_template=(("*", sid),)))
    waiting_a_week(client, deps, worker, clock, db)

    assert fake_twilio.template_sends() == []
    assert any(sid in c.params["text"] and "pending" in c.params["text"]
               for c in fake_slack.posts(thread_ts=conversation(db).thread_ts))
