"""The permission rules, pure, over a lanes file."""

from __future__ import annotations

from bot.conversations import permissions as p
from bot.lanes import parse_lanes

LANES = parse_lanes({
    "workspace": {"timezone": "Asia/Dubai", "default_lane": "support", "leads": ["U0BOSS"]},
    "lanes": [
        {"name": "sales", "channel": "C0SALES", "members": ["U0AAA"], "leads": ["U0LEAD"]},
        {"name": "support", "channel": "C0SUPPORT", "members": ["U0DDD"]},
    ],
    "weekly_report": {"day": "Sun", "at": "09:00", "channel": "C0REPORTS"},
})


def test_who_may_send_from_a_lanes_thread():
    sales = LANES.lane("sales")
    assert p.may_send(LANES, sales, "U0AAA", owner=None) is None
    assert p.may_send(LANES, sales, "U0LEAD", owner=None) is None
    assert p.may_send(LANES, sales, "U0BOSS", owner=None) is None
    assert p.may_send(LANES, sales, "U0DDD", owner="U0DDD") is None  # the owner, moved from another lane
    assert p.may_send(LANES, sales, "U0DDD", owner=None) == p.NOT_IN_LANE
    assert p.may_send(LANES, sales, "U0AAA", owner="U0AAA", external=True) == p.EXTERNAL


def test_external_only_when_both_teams_are_known_and_differ():
    assert p.is_external("T2", "T1") and not p.is_external("T1", "T1")
    assert not p.is_external(None, "T1") and not p.is_external("T2", None)


def test_report_scopes():
    assert p.report_scope(LANES, "U0BOSS").everything
    assert p.report_scope(LANES, "U0LEAD").lanes == ("sales",)
    assert p.report_scope(LANES, "U0AAA").own
    assert p.report_scope(LANES, "U0NOBODY").refused
    assert p.report_scope(LANES, "U0BOSS", external=True).refused
    assert p.public_channels(LANES) == {"C0SALES", "C0SUPPORT", "C0REPORTS"}


def test_erasing_is_for_leads():
    assert p.may_erase(LANES, "U0BOSS") and p.may_erase(LANES, "U0LEAD")
    assert not p.may_erase(LANES, "U0AAA") and not p.may_erase(LANES, "U0LEAD", external=True)
