"""Automatic assignment: round robin, least loaded, skipping the away and the full."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from bot.lanes import Lane
from bot.routing.assign import choose_owner

LANE = Lane(name="sales", channel="C0SALES", members=("U1", "U2", "U3"), assign="round_robin")


def test_manual_lanes_wait_for_a_claim():
    decision = choose_owner(replace(LANE, assign="manual"), away=set(), open_counts={}, last_assigned=None)
    assert decision.owner is None and "claim" in decision.reason


def test_round_robin_takes_the_next_member_and_wraps():
    picks, last = [], None
    for _ in range(4):
        last = choose_owner(LANE, away=set(), open_counts={}, last_assigned=last).owner
        picks.append(last)
    assert picks == ["U1", "U2", "U3", "U1"]


def test_away_and_full_members_are_skipped():
    lane = replace(LANE, max_open=2)
    decision = choose_owner(lane, away={"U2"}, open_counts={"U3": 2}, last_assigned="U1")
    assert decision.owner == "U1"


def test_nobody_available_leaves_it_unclaimed_and_says_why():
    decision = choose_owner(replace(LANE, max_open=1), away={"U1"}, open_counts={"U2": 1, "U3": 5},
                            last_assigned=None)
    assert decision.owner is None and "away: 1" in decision.reason and "max_open: 2" in decision.reason


def test_least_loaded_picks_the_fewest_open_then_round_robin_order():
    lane = replace(LANE, assign="least_loaded")
    assert choose_owner(lane, away=set(), open_counts={"U1": 3, "U2": 1, "U3": 1}, last_assigned="U2").owner == "U3"
    assert choose_owner(lane, away=set(), open_counts={"U1": 0, "U2": 1, "U3": 1}, last_assigned=None).owner == "U1"


@given(away=st.sets(st.sampled_from(["U1", "U2", "U3"])),
       counts=st.dictionaries(st.sampled_from(["U1", "U2", "U3"]), st.integers(0, 5)),
       mode=st.sampled_from(["round_robin", "least_loaded"]), max_open=st.integers(0, 4),
       last=st.sampled_from([None, "U1", "U2", "U3", "U9"]))
def test_the_owner_is_always_an_available_member(away, counts, mode, max_open, last):
    lane = replace(LANE, assign=mode, max_open=max_open)
    owner = choose_owner(lane, away=away, open_counts=counts, last_assigned=last).owner
    if owner is not None:
        assert owner in lane.members and owner not in away
        assert not max_open or counts.get(owner, 0) < max_open
    else:
        assert all(m in away or (max_open and counts.get(m, 0) >= max_open) for m in lane.members)
