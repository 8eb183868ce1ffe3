"""round_robin / least_loaded lanes give new conversations an owner when they arrive."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlmodel import select

from bot.conversations.availability import set_away
from bot.store.models import Conversation, Event
from tests.builders import inbound_form, signed_twilio_post


def with_sales(lanes, **changes):  # type: ignore[no-untyped-def]
    sales = replace(lanes.lane("sales"), **changes)
    return replace(lanes, lanes=tuple(sales if lane.name == "sales" else lane for lane in lanes.lanes))


def arrive(client, n):  # type: ignore[no-untyped-def]
    for i in range(n):
        form = inbound_form("price please", sender=f"+9715000{i:05d}")
        assert signed_twilio_post(client, "/twilio/whatsapp", form).status_code == 200


def owners(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return [c.owner for c in session.exec(select(Conversation).order_by(Conversation.id)).all()]


@pytest.fixture
def lanes(lanes):  # type: ignore[no-untyped-def]
    return with_sales(lanes, assign="round_robin", members=("U0AAA", "U0BBB", "U0CCC"))


def test_round_robin_takes_turns_and_says_why_on_the_card(client, db):
    arrive(client, 4)

    assert owners(db) == ["U0AAA", "U0BBB", "U0CCC", "U0AAA"]
    with db.session() as session:
        first = session.exec(select(Conversation)).first()
        assigned = session.exec(select(Event).where(Event.kind == "assigned")).all()
    assert first.status == "claimed" and "owner: round robin" in first.route_reason
    assert len(assigned) == 4
    # Reports count these apart as auto-assigned: no time to claim.
    assert (first.first_owned_via, first.claim_s) == ("assigned", None)


def test_away_members_are_skipped(client, db, clock):
    db.transaction(lambda session: set_away(session=session, user="U0BBB", away=True, now=clock.now()))
    arrive(client, 3)

    assert owners(db) == ["U0AAA", "U0CCC", "U0AAA"]


def test_members_at_max_open_are_skipped_and_when_all_are_full_it_waits_for_a_claim(client, deps, db):
    deps.use_lanes(with_sales(deps.lanes, assign="round_robin", members=("U0AAA", "U0BBB"), max_open=1))
    arrive(client, 3)

    assert owners(db) == ["U0AAA", "U0BBB", None]
    with db.session() as session:
        waiting = session.exec(select(Conversation).order_by(Conversation.id)).all()[-1]
    assert waiting.status == "unclaimed" and "at max_open: 2" in waiting.route_reason


def test_least_loaded_gives_it_to_whoever_has_fewest_open(client, deps, db):
    deps.use_lanes(with_sales(deps.lanes, assign="least_loaded", members=("U0AAA", "U0BBB")))
    arrive(client, 4)

    assert sorted(owners(db)) == ["U0AAA", "U0AAA", "U0BBB", "U0BBB"]


def test_manual_lanes_wait_for_a_claim(client, deps, db):
    deps.use_lanes(with_sales(deps.lanes, assign="manual"))
    arrive(client, 2)

    assert owners(db) == [None, None]


def test_an_unclaimed_arrival_refreshes_the_lane_members_app_home(client, deps, worker, fake_slack):
    deps.use_lanes(with_sales(deps.lanes, assign="manual", members=("U0AAA", "U0BBB"), leads=("U0LEAD",)))
    arrive(client, 1)
    worker.run_due()

    published = {c.params["user_id"]: c.params["view"] for c in fake_slack.calls("views.publish")}
    assert set(published) == {"U0AAA", "U0BBB", "U0LEAD"}
    assert "Unclaimed in my lanes" in str(published["U0AAA"]) and "+9715000" in str(published["U0AAA"])
