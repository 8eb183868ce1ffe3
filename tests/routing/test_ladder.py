"""The ladder's decisions as pure functions of (state, lane, calendar, now)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from bot.lanes import Lane
from bot.routing.ladder import AlwaysOpen, TimerState, first_due, on_due

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
LANE = Lane(name="sales", channel="C0SALES", members=("U1",), claim_within=timedelta(minutes=5), repings=2,
            then="reassign", reply_within=timedelta(minutes=15))
OPEN = AlwaysOpen()


def state(**changes):  # type: ignore[no-untyped-def]
    base = dict(status="unclaimed", owner=None, ping_count=0, last_inbound_at=NOW, last_outbound_at=None)
    return TimerState(**{**base, **changes})


def test_unclaimed_is_due_after_claim_within():
    due = first_due(state(), LANE, OPEN, now=NOW)
    assert (due.kind, due.at) == ("claim", NOW + timedelta(minutes=5))


def test_the_claim_ladder_repings_then_applies_then():
    assert on_due("claim", state(ping_count=0), LANE, OPEN, now=NOW)[0].action == "reping"
    assert on_due("claim", state(ping_count=1), LANE, OPEN, now=NOW)[0].action == "reping"
    step, due = on_due("claim", state(ping_count=2), LANE, OPEN, now=NOW)
    assert step.action == "reassign" and due is None


def test_a_claimed_conversation_with_the_customer_waiting_is_due_for_a_reply():
    due = first_due(state(status="claimed", owner="U1"), LANE, OPEN, now=NOW + timedelta(minutes=3))
    assert (due.kind, due.at) == ("reply", NOW + timedelta(minutes=15))


def test_an_answered_customer_is_not_due_and_a_stale_due_does_nothing():
    answered = state(status="claimed", owner="U1", last_outbound_at=NOW + timedelta(minutes=1))
    assert first_due(answered, LANE, OPEN, now=NOW) is None
    assert on_due("reply", answered, LANE, OPEN, now=NOW)[0].action == "none"


def test_manual_timers_off_when_the_lane_sets_none():
    assert first_due(state(), Lane(name="x", channel="C0X"), OPEN, now=NOW) is None


@given(status=st.sampled_from(["unclaimed", "claimed", "waiting", "followup", "closed"]),
       owner=st.sampled_from([None, "U1"]), pings=st.integers(0, 5),
       inbound=st.one_of(st.none(), st.integers(-10_000, 10_000)),
       outbound=st.one_of(st.none(), st.integers(-10_000, 10_000)),
       kind=st.sampled_from(["claim", "reply", "reply_escalate", "no_response", "close", "bogus"]))
def test_decisions_are_total_and_a_closed_conversation_never_acts(status, owner, pings, inbound, outbound, kind):
    at = lambda s: None if s is None else NOW + timedelta(seconds=s)  # noqa: E731
    current = TimerState(status=status, owner=owner, ping_count=pings, last_inbound_at=at(inbound),
                         last_outbound_at=at(outbound))
    step, due = on_due(kind, current, LANE, OPEN, now=NOW)
    assert step.action in ("reping", "reassign", "escalate", "remind", "nudge", "close", "none")
    if status == "closed":
        assert step.action == "none" and due is None
