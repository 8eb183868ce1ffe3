"""Routing by the number the customer wrote to: an entry ref still wins; a number owned by one
lane decides the lane (the label is still computed); a shared or unowned number falls through."""

from __future__ import annotations

import copy

from bot.lanes import parse_lanes
from bot.routing import route
from bot.routing.categories import build, label_config, labels_of
from tests.conftest import LANES

KSA, UAE, SHARED = "whatsapp:+966500000009", "whatsapp:+971500000001", "whatsapp:+201000000002"


def lanes_with_senders():  # type: ignore[no-untyped-def]
    data = copy.deepcopy(LANES)
    data["lanes"] += [{"name": "ksa", "channel": "C0KSA", "sender": KSA},
                      {"name": "egypt_sales", "channel": "C0EGSALES", "sender": SHARED},
                      {"name": "egypt_support", "channel": "C0EGSUPPORT", "sender": SHARED}]
    data["labels"] = {"names": ["Support request", "Billing", "Bug report", "No action needed", "Paid media"],
                      "routes": {"Billing": {"lane": "billing", "assign": "U0CCC"}}}
    return parse_lanes(data)


LANES_WITH_SENDERS = lanes_with_senders()


def test_a_number_owned_by_one_lane_decides_the_lane_and_says_so() -> None:
    decision = route("I'd like a price for a website", LANES_WITH_SENDERS, to=KSA)

    assert decision.lane == "ksa"
    assert decision.reasons[0] == "written to +966500000009, the ksa lane's number → ksa"


def test_the_classifier_still_labels_it_but_another_lanes_route_does_not_assign_it() -> None:
    triager = build(labels_of(LANES_WITH_SENDERS), label_config(LANES_WITH_SENDERS))
    text = "Still waiting on my invoice for October, the amount is wrong"

    elsewhere = route(text, LANES_WITH_SENDERS, triager, to=UAE)  # a number no lane owns: the label's route
    here = route(text, LANES_WITH_SENDERS, triager, to=KSA)

    assert (elsewhere.lane, elsewhere.label, elsewhere.assign) == ("billing", "Billing", "U0CCC")
    assert (here.lane, here.label, here.confidence) == ("ksa", "Billing", elsewhere.confidence)
    assert here.assign is None and here.ping is None  # the billing route's owner is not the KSA lane's
    assert any("Billing" in reason for reason in here.reasons)


def test_an_entry_ref_still_wins_over_the_number() -> None:
    decision = route("Hi, I'd like a quote (ref: pricing)", LANES_WITH_SENDERS, to=KSA)

    assert (decision.lane, decision.label, decision.entry_ref) == ("sales", "Paid media", "pricing")


def test_a_shared_or_unowned_number_falls_through_to_labels_and_keywords() -> None:
    for to in (SHARED, UAE, None):
        assert route("please send the invoice", LANES_WITH_SENDERS, to=to).lane == "billing"
        assert route("hello", LANES_WITH_SENDERS, to=to).lane == "support"
