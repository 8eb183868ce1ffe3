"""What App Home shows, read from the store (SQLite and PostgreSQL), and the job that publishes it."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import event
from sqlmodel import Session

from bot.conversations.availability import set_away
from bot.delivery import home_jobs
from bot.delivery.home_jobs import HOME, RUNNERS, publish_home
from bot.delivery.retry import Retry
from bot.conversations.home import home_data
from bot.slack.home import HomeData
from bot.lanes import LanesConfig
from bot.store.db import Database
from bot.store.models import Contact, Conversation, OutboxJob

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
ALICE, BOB, CAROL = "U0AAA", "U0BBB", "U0CCC"  # sales, sales, billing (tests/conftest.py LANES)
_numbers = itertools.count(1)


def add(session: Session, *, lane: str = "sales", owner: str | None = None, status: str | None = None,
        name: str | None = "Ana", opened: timedelta = timedelta(hours=1), inbound: timedelta | None = None,
        outbound: timedelta | None = None, score: int | None = None, permalink: str | None = None,
        wa_id: str | None = None) -> int:
    """A contact and its conversation; times are how long before NOW."""
    number = next(_numbers)
    contact = Contact(wa_id=wa_id or f"+97150{number:07d}", phone_e164=None if wa_id else f"+97150{number:07d}",
                      profile_name=name, created_at=NOW - opened)
    session.add(contact)
    session.flush()
    closed = status == "closed"
    conversation = Conversation(
        contact_id=contact.id, open_key=None if closed else contact.id, lane=lane, channel=f"C0{lane.upper()}",
        thread_ts=f"1700000000.{number:06d}", status=status or ("claimed" if owner else "unclaimed"), owner=owner,
        score=score, permalink=permalink, created_at=NOW - opened,
        last_inbound_at=None if inbound is None else NOW - inbound,
        last_outbound_at=None if outbound is None else NOW - outbound,
    )
    session.add(conversation)
    session.flush()
    assert conversation.id is not None
    return conversation.id


def read(db: Database, lanes: LanesConfig, user: str, **kw: int) -> HomeData:
    return db.read(lambda session: home_data(session=session, user=user, lanes=lanes, now=NOW, **kw))


def ids_of(items: list) -> list[int]:
    return [item.conversation_id for item in items]


def test_an_empty_store_gives_an_empty_home(db, lanes):
    data = read(db, lanes, ALICE)

    assert data == HomeData(away=False, lanes=("sales",))


def test_mine_holds_my_open_conversations_longest_unanswered_first(db, lanes):
    def setup(session: Session) -> dict[str, int]:
        return {
            "answered": add(session, owner=ALICE, opened=timedelta(days=3), inbound=timedelta(hours=5),
                            outbound=timedelta(hours=4)),
            "waiting_1h": add(session, owner=ALICE, opened=timedelta(days=2), inbound=timedelta(hours=1),
                              outbound=timedelta(hours=2), status="followup"),
            "waiting_3h": add(session, owner=ALICE, opened=timedelta(hours=4), inbound=timedelta(hours=3)),
            "silent_old": add(session, owner=ALICE, opened=timedelta(days=5), status="waiting"),
            "closed": add(session, owner=ALICE, status="closed", inbound=timedelta(days=9)),
            "bobs": add(session, owner=BOB, inbound=timedelta(days=9)),
            "unclaimed": add(session, inbound=timedelta(days=9)),
        }

    rows = db.transaction(setup)
    data = read(db, lanes, ALICE)

    assert ids_of(data.mine) == [rows["waiting_3h"], rows["waiting_1h"], rows["silent_old"], rows["answered"]]
    assert data.mine_more == 0
    by_id = {item.conversation_id: item for item in data.mine}
    assert by_id[rows["waiting_3h"]].waiting_since == NOW - timedelta(hours=3)
    assert by_id[rows["waiting_1h"]].waiting_since == NOW - timedelta(hours=1)
    assert by_id[rows["answered"]].waiting_since is None
    assert by_id[rows["silent_old"]].waiting_since is None
    assert by_id[rows["waiting_1h"]].status == "followup"


def test_unclaimed_holds_open_ownerless_conversations_of_my_lanes_oldest_first(db, lanes):
    def setup(session: Session) -> dict[str, int]:
        return {
            "sales_new": add(session, opened=timedelta(minutes=5)),
            "sales_old": add(session, opened=timedelta(hours=6)),
            "billing": add(session, lane="billing", opened=timedelta(days=1)),
            "sales_closed": add(session, status="closed", opened=timedelta(days=2)),
            "sales_claimed": add(session, owner=BOB, opened=timedelta(days=2)),
        }

    rows = db.transaction(setup)

    alice = read(db, lanes, ALICE)
    carol = read(db, lanes, CAROL)
    stranger = read(db, lanes, "U0NOBODY")

    assert ids_of(alice.unclaimed) == [rows["sales_old"], rows["sales_new"]]
    assert ids_of(carol.unclaimed) == [rows["billing"]]
    assert stranger.unclaimed == [] and stranger.lanes == ()


def test_a_workspace_lead_sees_unclaimed_conversations_of_every_lane(db):
    from bot.lanes import parse_lanes
    from tests.conftest import LANES

    with_lead = parse_lanes({**LANES, "workspace": {**LANES["workspace"], "leads": ["U0LEAD"]}})
    rows = db.transaction(lambda s: [add(s, lane="sales", opened=timedelta(hours=2)),
                                     add(s, lane="billing", opened=timedelta(hours=3)),
                                     add(s, lane="support", opened=timedelta(hours=1))])

    data = read(db, with_lead, "U0LEAD")

    assert ids_of(data.unclaimed) == [rows[1], rows[0], rows[2]]
    assert data.lanes == ("sales", "billing", "support")


def test_an_item_carries_contact_score_and_permalink(db, lanes):
    link = "https://acme.slack.com/archives/C0SALES/p1700000000000001"
    conversation_id = db.transaction(lambda s: add(s, owner=ALICE, name="Ana <VIP>", score=42, permalink=link))
    other = db.transaction(lambda s: add(s, owner=ALICE, name=None, wa_id="ana.business"))

    [first, second] = sorted(read(db, lanes, ALICE).mine, key=lambda item: item.conversation_id)

    assert (first.conversation_id, first.contact_name, first.score, first.permalink, first.lane) == (
        conversation_id, "Ana <VIP>", 42, link, "sales")
    assert first.contact_number.startswith("+97150")
    assert (second.conversation_id, second.contact_name, second.contact_number) == (other, None, "ana.business")


def test_lists_are_capped_and_count_the_rest(db, lanes):
    def setup(session: Session) -> None:
        for minutes in range(25):
            add(session, owner=ALICE, opened=timedelta(days=1), inbound=timedelta(minutes=100 - minutes))
        for minutes in range(23):
            add(session, opened=timedelta(minutes=100 - minutes))

    db.transaction(setup)
    data = read(db, lanes, ALICE)

    assert len(data.mine) == 20 and data.mine_more == 5
    assert len(data.unclaimed) == 20 and data.unclaimed_more == 3
    waits = [item.waiting_since for item in data.mine]
    assert waits == sorted(waits)  # type: ignore[type-var]
    assert data.mine[0].waiting_since == NOW - timedelta(minutes=100)

    small = read(db, lanes, ALICE, limit=3)
    assert (len(small.mine), small.mine_more, len(small.unclaimed), small.unclaimed_more) == (3, 22, 3, 20)


def test_each_list_is_one_limited_query(db, lanes):
    db.transaction(lambda s: [add(s, owner=ALICE) for _ in range(30)] + [add(s) for _ in range(30)])
    statements: list[str] = []

    def record(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        read(db, lanes, ALICE)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)

    lists = [s for s in statements if "FROM conversation JOIN contact" in s]
    assert len(lists) == 2 and all("LIMIT" in s for s in lists)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 3  # and the availability


def test_away_is_read_from_member_state(db, lanes):
    db.transaction(lambda s: set_away(session=s, user=ALICE, away=True, now=NOW))

    assert read(db, lanes, ALICE).away is True
    assert read(db, lanes, BOB).away is False


# -- the outbox job ------------------------------------------------------------------


def home_job(user: str | None = ALICE) -> OutboxJob:
    return OutboxJob(id=1, kind=HOME, payload={} if user is None else home_jobs.home_payload(user))


def test_the_job_publishes_the_users_home_from_the_database(deps, fake_slack):
    deps.db.transaction(lambda s: add(s, owner=ALICE, name="Ana Souza", inbound=timedelta(minutes=10)))
    deps.clock.set(NOW)

    RUNNERS[HOME](deps, home_job())

    [call] = fake_slack.calls("views.publish")
    assert call.params["user_id"] == ALICE
    view = call.params["view"]
    assert view["type"] == "home"
    assert any("Ana Souza" in b.get("text", {}).get("text", "") and "waiting 10 min" in b["text"]["text"]
               for b in view["blocks"])


def test_a_rate_limited_publish_retries_after_slacks_delay(deps, fake_slack):
    fake_slack.rate_limit("views.publish", retry_after=7)

    with pytest.raises(Retry) as raised:
        publish_home(deps, home_job())

    assert raised.value.delay == 7


def test_a_failing_slack_is_retried(deps, fake_slack):
    fake_slack.fail("views.publish", status=503)

    with pytest.raises(Retry):
        publish_home(deps, home_job())


@pytest.mark.parametrize("error", ["not_enabled", "user_not_found"])
def test_a_publish_no_retry_can_fix_is_dropped(deps, fake_slack, error):
    fake_slack.fail_ok_false("views.publish", error=error)

    publish_home(deps, home_job())  # no Retry: done

    assert fake_slack.calls("views.publish") == []


def test_a_job_without_a_user_is_dropped(deps, fake_slack):
    publish_home(deps, home_job(None))

    assert fake_slack.calls("views.publish") == []


def test_the_worker_runs_home_jobs_when_wired(deps, fake_slack, monkeypatch):
    from bot.delivery import worker as worker_module
    from bot.delivery.worker import DeliveryWorker
    from bot.store import repo

    monkeypatch.setitem(worker_module.RUNNERS, HOME, publish_home)  # what the wiring adds
    deps.db.transaction(lambda s: [repo.queue_job(session=s, kind=HOME, now=deps.clock.now(),
                                                  payload=home_jobs.home_payload(user)) for user in (ALICE, BOB)])

    assert DeliveryWorker(deps).run_due() == 2
    assert sorted(c.params["user_id"] for c in fake_slack.calls("views.publish")) == [ALICE, BOB]


def test_unclaimed_conversations_are_listed_hottest_first(db, lanes):
    db.transaction(lambda s: add(s, name="Old cold", score=10, opened=timedelta(hours=3)))
    db.transaction(lambda s: add(s, name="Unscored", opened=timedelta(hours=4)))
    db.transaction(lambda s: add(s, name="Hot", score=91, opened=timedelta(hours=1)))
    db.transaction(lambda s: add(s, name="Warm", score=60, opened=timedelta(hours=2)))
    data = read(db, lanes, ALICE)
    assert [item.contact_name for item in data.unclaimed] == ["Hot", "Warm", "Old cold", "Unscored"]
