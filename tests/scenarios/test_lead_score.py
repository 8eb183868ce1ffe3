"""The live lead score end to end: the real app, the fake Slack and Twilio, both databases.

A lead who heats up (nurture → warm → hot) and one who cools down and recovers (nurture →
cold → nurture): every band's action fires exactly once, the card shows score, band and
reasons, and more messages in the same band do not act again."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import col, select

from bot.conversations.availability import set_away
from bot.lanes import Scoring, Thresholds
from bot.store.models import Contact, Conversation, Event
from bot.timers.jobs import sweep
from tests.builders import inbound_form, signed_twilio_post
from tests.handlers.test_slack_replies import reply_event, send

HEATS_UP = "+971500000001"
COOLS_DOWN = "+971500000002"


def with_lane(lanes, name, **changes):  # type: ignore[no-untyped-def]
    changed = replace(lanes.lane(name), **changes)
    return replace(lanes, lanes=tuple(changed if lane.name == name else lane for lane in lanes.lanes))


@pytest.fixture
def lanes(lanes):  # type: ignore[no-untyped-def]
    return with_lane(lanes, "support", members=("U0DDD", "U0EEE"), assign="round_robin", mention="S0SUPPORT")


def arrive(client, body: str, sender: str) -> None:  # type: ignore[no-untyped-def]
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form(body, sender=sender)).status_code == 200


def conversation_of(db, sender: str) -> Conversation:  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.exec(select(Conversation).join(Contact, col(Contact.id) == col(Conversation.contact_id))
                            .where(Contact.wa_id == sender)).one()


def rep_says(client, db, sender: str, text: str, user: str) -> None:  # type: ignore[no-untyped-def]
    c = conversation_of(db, sender)
    send(client, reply_event((c.channel, c.thread_ts), text, user=user))


def actions(db, conversation_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    with db.session() as session:
        rows = session.exec(select(Event).where(Event.conversation_id == conversation_id, Event.kind == "score_action")
                            .order_by(col(Event.id))).all()
    return [row.data["band"] for row in rows]


def thread(fake_slack, db, sender: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [call.params["text"] for call in fake_slack.posts(thread_ts=conversation_of(db, sender).thread_ts)]


def last_card(fake_slack, db, sender: str) -> str:  # type: ignore[no-untyped-def]
    ts = conversation_of(db, sender).thread_ts
    updates = [call for call in fake_slack.calls("chat.update") if call.params["ts"] == ts]
    return str(updates[-1].params["blocks"])


def test_each_bands_action_fires_once_as_the_score_moves(client, deps, worker, fake_slack, clock, db):
    for user in ("U0DDD", "U0EEE"):  # nobody available when the leads arrive: they stay unclaimed
        db.transaction(lambda s, u=user: set_away(session=s, user=u, away=True, now=clock.now()))

    # -- heats up: nurture (a first score is a baseline) → warm → hot --------------------------
    arrive(client, "hello", HEATS_UP)
    worker.run_due()
    first = conversation_of(db, HEATS_UP)
    assert (first.score_band, first.owner, actions(db, first.id)) == ("nurture", None, [])
    clock.advance(timedelta(minutes=1))
    rep_says(client, db, HEATS_UP, "Hi! How can we help?", "U0DDD")
    clock.advance(timedelta(minutes=1))
    arrive(client, "we want to start Google ads next week for our company, budget 20k AED", HEATS_UP)
    worker.run_due()
    assert (conversation_of(db, HEATS_UP).score_band, actions(db, first.id)) == ("warm", ["warm"])
    checklist = [text for text in thread(fake_slack, db, HEATS_UP) if text.startswith(":sunny:")]
    assert len(checklist) == 1 and "Decision maker" in checklist[0] and "Budget" not in checklist[0]

    db.transaction(lambda s: set_away(session=s, user="U0EEE", away=False, now=clock.now()))
    clock.advance(timedelta(minutes=1))
    rep_says(client, db, HEATS_UP, "Great, when can we talk?", "U0DDD")
    clock.advance(timedelta(minutes=1))
    arrive(client, "can we meet tomorrow 10am? I'm the marketing manager at Acme, acme.ae", HEATS_UP)
    worker.run_due()
    hot = conversation_of(db, HEATS_UP)
    assert (hot.score_band, hot.owner) == ("hot", "U0EEE")  # the one available member
    assert hot.score is not None and hot.score >= 80 and hot.score_reasons
    pings = [text for text in thread(fake_slack, db, HEATS_UP) if text.startswith(":fire:")]
    assert len(pings) == 1 and "<!subteam^S0SUPPORT>" in pings[0] and "<@U0EEE>" in pings[0]
    assert f"{hot.score} · Hot" in last_card(fake_slack, db, HEATS_UP)
    assert "calendar intent" in last_card(fake_slack, db, HEATS_UP)

    arrive(client, "also, send me the contract, let's start next week", HEATS_UP)  # still hot: no second ping
    worker.run_due()
    assert actions(db, first.id) == ["warm", "hot"]
    assert len([t for t in thread(fake_slack, db, HEATS_UP) if t.startswith(":fire:")]) == 1

    # -- cools down and recovers: nurture (baseline) → cold → nurture, with its follow-up -----
    db.transaction(lambda s: set_away(session=s, user="U0DDD", away=False, now=clock.now()))
    arrive(client, "hello", COOLS_DOWN)
    worker.run_due()
    second = conversation_of(db, COOLS_DOWN)
    assert second.owner is not None  # assigned on arrival (round robin)
    owner = second.owner
    clock.advance(timedelta(minutes=1))
    rep_says(client, db, COOLS_DOWN, "Hi, how can we help?", owner)
    clock.advance(timedelta(minutes=1))
    arrive(client, "too expensive, not interested", COOLS_DOWN)
    worker.run_due()
    cold = conversation_of(db, COOLS_DOWN)
    assert (cold.score_band, actions(db, cold.id)) == ("cold", ["cold"])
    assert "Low priority" in last_card(fake_slack, db, COOLS_DOWN)

    clock.advance(timedelta(minutes=1))
    rep_says(client, db, COOLS_DOWN, "We have smaller packages too", owner)
    clock.advance(timedelta(minutes=1))
    arrive(client, "ok, how much is the SEO package? we are a clinic", COOLS_DOWN)
    worker.run_due()
    assert (conversation_of(db, COOLS_DOWN).score_band, actions(db, cold.id)) == ("nurture", ["cold", "nurture"])
    assert "Low priority" not in last_card(fake_slack, db, COOLS_DOWN)
    clock.advance(timedelta(minutes=1))
    rep_says(client, db, COOLS_DOWN, "AED 2,000 a month", owner)  # now waiting for the customer: the follow-up
    worker.run_due()
    nurtured = conversation_of(db, COOLS_DOWN)
    assert nurtured.status == "followup" and nurtured.followup_at == clock.now() + timedelta(days=3)
    clock.advance(timedelta(days=3))
    sweep(deps)
    worker.run_due()
    due = [t for t in thread(fake_slack, db, COOLS_DOWN) if t.startswith(":alarm_clock:")]
    assert len(due) == 1 and f"<@{owner}>" in due[0]

    with db.session() as session:
        scored = session.exec(select(Event).where(Event.kind == "scored")).all()
        followups = session.exec(select(Event).where(Event.kind == "followup_set", Event.actor == "score")).all()
    bands = sorted(row.data["to"] for row in scored)
    assert bands == sorted(["nurture", "warm", "hot", "nurture", "cold", "nurture"])  # one per change of band
    assert len(followups) == 1
    assert sorted(actions(db, first.id) + actions(db, cold.id)) == ["cold", "hot", "nurture", "warm"]


def _night_lead(client, deps, worker, clock, after_hours):  # type: ignore[no-untyped-def]
    lanes = with_lane(deps.lanes, "sales", assign="manual", mention="S0SALES",
                         after_hours_pings=after_hours is True, after_hours_hot=after_hours == "hot")
    deps.use_lanes(replace(lanes, scoring=Scoring(thresholds=Thresholds(70, 50, 20))))
    clock.advance(timedelta(hours=12))  # Sunday 21:00 in Dubai: the team has gone home
    arrive(client, "quote for Google ads, budget 20k AED, can we meet tomorrow 10am? I'm the marketing manager "
                   "at Acme, acme.ae", HEATS_UP)
    worker.run_due()


@pytest.mark.parametrize("after_hours", [False, "hot", True])
def test_a_hot_lead_out_of_hours_pings_only_where_the_lane_allows(client, deps, worker, fake_slack, clock, db,
                                                                  after_hours):
    _night_lead(client, deps, worker, clock, after_hours)
    [ping] = [t for t in thread(fake_slack, db, HEATS_UP) if t.startswith(":fire:")]
    assert ("<!subteam^S0SALES>" in ping) is bool(after_hours)
    assert ("outside working hours" in ping) is not bool(after_hours)
