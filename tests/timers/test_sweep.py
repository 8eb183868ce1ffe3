"""The escalation ladder, step by step with a fake clock, through the real app and fakes."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import select

from bot.store.models import Event
from bot.timers.jobs import sweep
from tests.factories import the_conversation as conversation
from tests.builders import as_processes, inbound_form, signed_twilio_post


def with_sales(lanes, **changes):  # type: ignore[no-untyped-def]
    sales = replace(lanes.lane("sales"), **changes)
    return replace(lanes, lanes=tuple(sales if lane.name == "sales" else lane for lane in lanes.lanes))


@pytest.fixture
def lanes(lanes):  # type: ignore[no-untyped-def]
    lanes = with_sales(lanes, assign="manual", members=("U0AAA", "U0BBB"), mention="S0SALES", leads=("U0LEAD",),
                       claim_within=timedelta(minutes=5), repings=2, then="escalate",
                       reply_within=timedelta(minutes=15))
    return lanes


def arrive(client, body="price please", sender="+971500000001"):  # type: ignore[no-untyped-def]
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form(body, sender=sender)).status_code == 200


def kinds(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return [e.kind for e in session.exec(select(Event).order_by(Event.id)).all()
                if e.kind in ("repinged", "reassigned", "escalated", "reminded", "nudged", "closed")]


def thread_texts(fake_slack, db):  # type: ignore[no-untyped-def]
    return [c.params["text"] for c in fake_slack.posts(thread_ts=conversation(db).thread_ts)]


def test_unclaimed_repings_then_escalates_once_each_step(client, deps, worker, fake_slack, clock, db):
    arrive(client)
    worker.run_due()
    assert conversation(db).due_kind == "claim"

    clock.advance(timedelta(minutes=4, seconds=59))
    assert sweep(deps) == 0  # not yet

    clock.advance(timedelta(seconds=1))
    assert sweep(deps) == 1 and sweep(deps) == 0  # fires once
    worker.run_due()
    assert any("<!subteam^S0SALES> still unclaimed" in t and "1 of 2" in t for t in thread_texts(fake_slack, db))

    clock.advance(timedelta(minutes=5))
    sweep(deps)
    clock.advance(timedelta(minutes=5))
    sweep(deps)
    worker.run_due()
    assert kinds(db) == ["repinged", "repinged", "escalated"]
    escalations = [c.params["text"] for c in fake_slack.posts(channel="C0ESCALATE")]
    assert len(escalations) == 1 and "sales" in escalations[0] and "waiting 15 min" in escalations[0]
    assert [c.params["channel"] for c in fake_slack.posts() if c.params["channel"].startswith("U")] == ["U0LEAD"]
    assert conversation(db).next_due_at is None

    clock.advance(timedelta(hours=1))
    assert sweep(deps) == 0  # nothing fires twice


def test_a_claim_stops_the_ladder(client, deps, worker, clock, db):
    from bot.conversations import ownership

    arrive(client)
    clock.advance(timedelta(minutes=5))
    sweep(deps)
    db.transaction(lambda s: ownership.claim(session=s, conversation_id=conversation(db).id, user="U0AAA",
                                             lanes=deps.lanes, now=clock.now()))
    assert conversation(db).due_kind == "reply" and conversation(db).ping_count == 0
    clock.advance(timedelta(minutes=30))
    sweep(deps)
    assert kinds(db) == ["repinged", "reminded"]


def test_then_reassign_gives_it_to_the_next_available_member_with_a_dm(client, deps, worker, fake_slack, clock, db):
    deps.use_lanes(with_sales(deps.lanes, then="reassign", repings=0))
    arrive(client)
    worker.run_due()
    clock.advance(timedelta(minutes=5))
    sweep(deps)
    worker.run_due()

    assert conversation(db).owner == "U0AAA" and conversation(db).status == "claimed"
    assert kinds(db) == ["reassigned"]
    # Reports time the wait for an owner the timer gave: 5 minutes (Sunday 13:00 in Dubai is working time).
    assert (conversation(db).first_owned_via, conversation(db).claim_s, conversation(db).claim_work_s) == ("timer", 300, 300)
    assert [c.params["channel"] for c in fake_slack.posts() if c.params["channel"] == "U0AAA"] == ["U0AAA"]
    assert any("now <@U0AAA>'s" in t for t in thread_texts(fake_slack, db))


def test_a_customer_left_waiting_reminds_the_owner_then_escalates_and_a_reply_stops_it(
        client, deps, worker, fake_slack, clock, db):
    from bot.conversations import ownership
    from tests.handlers.test_slack_replies import reply_event, send

    arrive(client)
    worker.run_due()
    db.transaction(lambda s: ownership.claim(session=s, conversation_id=conversation(db).id, user="U0AAA",
                                             lanes=deps.lanes, now=clock.now()))
    clock.advance(timedelta(minutes=15))
    sweep(deps)
    worker.run_due()
    assert any("<@U0AAA> the customer is waiting" in t for t in thread_texts(fake_slack, db))

    card = (conversation(db).channel, conversation(db).thread_ts)
    send(client, reply_event(card, "On it!", user="U0AAA"))  # a reply stops the clock
    clock.advance(timedelta(minutes=30))
    sweep(deps)
    assert kinds(db) == ["reminded"]

    arrive(client, "hello again?")  # the customer writes: a new reply clock
    clock.advance(timedelta(minutes=15))
    sweep(deps)
    clock.advance(timedelta(minutes=15))
    sweep(deps)
    assert kinds(db) == ["reminded", "reminded", "escalated"]


def test_a_note_does_not_stop_the_reply_clock(client, deps, worker, clock, db):
    from bot.conversations import ownership
    from tests.handlers.test_slack_replies import reply_event, send

    arrive(client)
    worker.run_due()
    db.transaction(lambda s: ownership.claim(session=s, conversation_id=conversation(db).id, user="U0AAA",
                                             lanes=deps.lanes, now=clock.now()))
    send(client, reply_event((conversation(db).channel, conversation(db).thread_ts), "note: checking", user="U0AAA"))
    clock.advance(timedelta(minutes=15))
    sweep(deps)
    assert kinds(db) == ["reminded"]


def test_waiting_for_the_customer_too_long_nudges_then_closes_as_no_response(client, deps, worker, clock, db):
    from bot.conversations import ownership
    from tests.handlers.test_slack_replies import reply_event, send

    arrive(client)
    worker.run_due()
    db.transaction(lambda s: ownership.claim(session=s, conversation_id=conversation(db).id, user="U0AAA",
                                             lanes=deps.lanes, now=clock.now()))
    send(client, reply_event((conversation(db).channel, conversation(db).thread_ts), "Quote sent", user="U0AAA"))
    assert conversation(db).status == "waiting"
    clock.advance(timedelta(days=7))
    sweep(deps)
    clock.advance(timedelta(days=1))
    sweep(deps)

    closed = conversation(db)
    assert kinds(db) == ["nudged", "closed"]
    assert (closed.status, closed.outcome, closed.closed_by) == ("closed", "No response", "timer")


def test_a_restart_mid_ladder_continues_from_the_database(client, settings, deps, clock, db):
    from bot.deps import build_deps

    arrive(client)
    clock.advance(timedelta(minutes=5))
    sweep(deps)
    restarted = build_deps(settings, deps.lanes, clock=clock)  # a new process: same database
    try:
        clock.advance(timedelta(minutes=5))
        sweep(restarted)
        clock.advance(timedelta(minutes=5))
        sweep(restarted)
    finally:
        restarted.db.dispose()
    assert kinds(db) == ["repinged", "repinged", "escalated"]


def test_sweepers_racing_fire_each_due_step_once(client, settings, deps, clock, db):
    for n in range(12):
        arrive(client, sender=f"+97150000{n:04d}")
    clock.advance(timedelta(minutes=5))
    as_processes(settings, deps, sweep)
    assert kinds(db) == ["repinged"] * 12


def test_remind_me_on_the_card_sets_a_follow_up_that_pings_the_owner_when_due(
        client, deps, worker, fake_slack, clock, db):
    import json

    from bot.slack import ids
    from tests.handlers.test_slack_ownership import press

    arrive(client)
    worker.run_due()
    card = (conversation(db).channel, conversation(db).thread_ts)
    press(client, card, "U0AAA", ids.CLAIM)
    from tests.handlers.test_slack_replies import reply_event, send

    send(client, reply_event(card, "Sent you the quote", user="U0AAA"))
    press(client, card, "U0AAA", ids.REMIND, selected="tomorrow")
    worker.run_due()

    followup = conversation(db)
    assert followup.status == "followup" and followup.due_kind == "followup"
    # Tomorrow 09:00 in Asia/Dubai (UTC+4) from 2026-11-22 09:00 UTC: 2026-11-23 05:00 UTC.
    assert followup.followup_at.isoformat() == "2026-11-23T05:00:00+00:00"
    assert "Follow-up needed (due 2026-11-23 05:00 UTC)" in json.dumps(fake_slack.calls("chat.update")[-1].params)

    clock.set(followup.followup_at)
    sweep(deps)
    worker.run_due()
    assert "followup_due" in [e.kind for e in _events(db)]
    assert any("time to follow up" in t for t in thread_texts(fake_slack, db))
    assert [c for c in fake_slack.posts(channel="U0AAA") if "Follow-up due" in c.params["text"]]


def _events(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return session.exec(select(Event).order_by(Event.id)).all()


def test_sla_clocks_count_only_working_hours_and_catch_up_on_the_first_working_minute(client, deps, clock, db):
    from datetime import datetime, timezone

    # Thursday 17:58 in Dubai (Sun–Thu 09:00–18:00): two working minutes left this week.
    clock.set(datetime(2026, 11, 26, 13, 58, tzinfo=timezone.utc))
    arrive(client)
    assert conversation(db).next_due_at == datetime(2026, 11, 29, 5, 3, tzinfo=timezone.utc)  # Sunday 09:03

    clock.set(datetime(2026, 11, 27, 8, 0, tzinfo=timezone.utc))  # Friday: the weekend, nobody is pinged
    assert sweep(deps) == 0
    clock.set(datetime(2026, 11, 29, 5, 3, tzinfo=timezone.utc))
    assert sweep(deps) == 1
    assert kinds(db) == ["repinged"]


def test_the_reply_clock_counts_the_owners_own_hours(client, deps, clock, db):
    from datetime import datetime, timezone

    from bot.conversations import ownership
    from bot.lanes import Member

    # U0AAA works Mon-Fri 09:00-17:00 in Cairo; Sunday 13:00 Dubai is outside their week.
    deps.use_lanes(replace(deps.lanes, members=(Member(id="U0AAA", timezone="Africa/Cairo",
                                                     business_hours="Mon-Fri 09:00-17:00"),)))
    arrive(client)
    db.transaction(lambda s: ownership.claim(session=s, conversation_id=conversation(db).id, user="U0AAA",
                                             lanes=deps.lanes, now=clock.now()))
    # Monday 09:00 Cairo (07:00 UTC) + 15 working minutes.
    assert conversation(db).next_due_at == datetime(2026, 11, 23, 7, 15, tzinfo=timezone.utc)


def test_a_lane_that_opts_in_to_after_hours_pings_is_pinged_at_night(client, deps, clock, db):
    from datetime import datetime, timezone

    deps.use_lanes(with_sales(deps.lanes, after_hours_pings=True))
    clock.set(datetime(2026, 11, 26, 13, 58, tzinfo=timezone.utc))  # Thursday 17:58 Dubai
    arrive(client)
    assert conversation(db).next_due_at == datetime(2026, 11, 26, 14, 3, tzinfo=timezone.utc)


def test_a_customer_writing_after_hours_is_told_when_the_team_is_back_once(client, deps, worker, fake_twilio, clock, db):
    from datetime import datetime, timezone

    deps.use_lanes(replace(deps.lanes, workspace=replace(
        deps.lanes.workspace, after_hours_reply="Thanks! We're closed now and back {back}. / شكراً، سنعود {back}")))
    clock.set(datetime(2026, 11, 26, 16, 0, tzinfo=timezone.utc))  # Thursday 20:00 Dubai
    arrive(client, "hello?")
    arrive(client, "anyone?")
    worker.run_due()

    [sent] = fake_twilio.sent()
    assert sent["Body"].startswith("Thanks! We're closed now and back Sun 29 Nov 09:00")
    assert conversation(db).last_outbound_at is None  # the bot's reply is not an answer: clocks keep running

    clock.set(datetime(2026, 11, 29, 6, 0, tzinfo=timezone.utc))  # Sunday 10:00: open, no auto reply
    arrive(client, "good morning")
    worker.run_due()
    assert len(fake_twilio.sent()) == 1


def test_a_custom_follow_up_time_from_the_cards_picker(client, deps, worker, fake_slack, clock, db):
    import copy
    import json

    from bot.slack import ids
    from tests.builders import signed_slack_form
    from tests.handlers.test_slack_ownership import BUTTON, press

    arrive(client)
    worker.run_due()
    card = (conversation(db).channel, conversation(db).thread_ts)
    press(client, card, "U0AAA", ids.CLAIM)
    when = int((clock.now() + timedelta(days=3)).timestamp())
    for picked in (when, int(clock.now().timestamp()) - 60):  # a future time, then one in the past
        payload = copy.deepcopy(BUTTON)
        payload["user"]["id"] = "U0AAA"
        payload["container"] = {"type": "message", "channel_id": card[0], "message_ts": card[1]}
        payload["actions"] = [{"type": "datetimepicker", "action_id": ids.REMIND_AT, "block_id": ids.CARD_BLOCK,
                               "selected_date_time": picked, "action_ts": "1.1"}]
        assert signed_slack_form(client, {"payload": json.dumps(payload)}).status_code == 200

    assert int(conversation(db).followup_at.timestamp()) == when  # the past one changed nothing
    worker.run_due()  # answers to clicks go out through the outbox
    said = [c.params["text"] for c in fake_slack.calls("chat.postEphemeral")]
    assert "Choose a time in the future." in said[-1]


def test_slack_down_during_a_ping_delays_it_and_never_skips_or_repeats_it(client, deps, worker, fake_slack, clock, db):
    arrive(client)
    worker.run_due()
    fake_slack.down()
    clock.advance(timedelta(minutes=5))
    sweep(deps)
    worker.run_due()
    assert not [t for t in thread_texts(fake_slack, db) if "still unclaimed" in t]

    fake_slack.up()
    clock.advance(timedelta(minutes=2))
    assert sweep(deps) == 0  # the step was taken once; only its Slack post is pending
    worker.run_due()
    pings = [t for t in thread_texts(fake_slack, db) if "still unclaimed" in t]
    assert len(pings) == 1 and kinds(db) == ["repinged"]


def test_an_escalation_cannot_be_made_to_mention_anyone_by_the_customers_name(client, deps, worker, fake_slack, clock):
    deps.use_lanes(with_sales(deps.lanes, repings=0))
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form(
        "price please", sender="+971500000001", name="<!channel> & <@U0AAA>")).status_code == 200
    clock.advance(timedelta(minutes=5))
    sweep(deps)
    worker.run_due()

    [escalation] = [c.params["text"] for c in fake_slack.posts(channel="C0ESCALATE")]
    assert "&lt;!channel&gt; &amp; &lt;@U0AAA&gt;" in escalation
    assert "<!channel>" not in escalation and "<@U0AAA>" not in escalation
