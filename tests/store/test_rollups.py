"""The rollups stay equal to a recomputation from the conversations, whatever happens to them:
random sequences of real operations through the domain functions (messages in, claims,
releases, reassignments, labels, statuses, lane moves, replies, escalation timers, closes,
reopening answers, erasure), on SQLite and PostgreSQL; and two processes adding to the same
rollup rows at once lose no count."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlmodel import Session

from bot.conversations import closing, ownership, privacy
from bot.conversations.escalation import apply_due
from bot.conversations.intake import accept_inbound
from bot.conversations.replies import record_reply
from bot.lanes import LanesConfig
from bot.store.db import Database
from bot.store.models import Conversation, Event, Message
from bot.store.models_rollups import BUCKET_COLUMNS, HIST_KEY, KEY, SUMS, report_rollup, report_rollup_hist
from bot.store.rollups import contribution
from bot.store.rollups.rebuild import rebuild
from bot.whatsapp.inbound import InboundMessage, Sender

TZ = "Asia/Dubai"
START = datetime(2026, 11, 14, 18, 0, tzinfo=timezone.utc)  # 22:00 in Dubai: days turn over during the run
USERS = ("U0AAA", "U0BBB", "U0CCC", "U0DDD")
NUMBERS = tuple(f"+9715012345{n:02d}" for n in range(6))


def kept(session: Session) -> tuple[dict[Any, list[int]], dict[Any, dict[int, int]]]:
    """The rollup tables' non-zero rows."""
    counts = {tuple(row[:len(KEY)]): list(row[len(KEY):])
              for row in session.connection().execute(select(report_rollup)).all() if any(row[len(KEY):])}
    hist = {}
    for row in session.connection().execute(select(report_rollup_hist)).all():
        buckets = {i: n for i, n in enumerate(row[len(HIST_KEY):]) if n}
        if buckets:
            hist[tuple(row[:len(HIST_KEY)])] = buckets
    return counts, hist


def recomputed(session: Session) -> tuple[dict[Any, list[int]], dict[Any, dict[int, int]]]:
    ids = list(session.connection().execute(select(Conversation.id)).scalars())  # type: ignore[call-overload]
    delta = contribution.difference({}, contribution.read(session.connection(), ids), ZoneInfo(TZ))
    counts, hist = delta.changes()
    return dict(counts), {key: dict(buckets) for key, buckets in hist}


def _normalised(state: tuple[dict[Any, list[int]], dict[Any, dict[int, int]]]) -> tuple[dict[str, Any], ...]:
    counts, hist = state
    return ({str(key): list(map(int, sums)) for key, sums in counts.items()},
            {str(key): dict(buckets) for key, buckets in hist.items()})


class Run:
    def __init__(self, db: Database, lanes: LanesConfig, seed: int) -> None:
        self.db, self.lanes, self.rng, self.now, self.sids = db, lanes, random.Random(seed), START, 0

    def step(self) -> str:
        self.now += timedelta(minutes=self.rng.choice((1, 7, 45, 180)))
        kind = self.rng.choice(("inbound", "inbound", "claim", "release", "reassign", "label", "status", "move",
                                "reply", "reply", "timer", "close", "close", "erase"))
        self.db.transaction(lambda session: getattr(self, kind)(session))
        return kind

    def _conversation(self, session: Session) -> Conversation | None:
        query = select(Conversation).order_by(Conversation.id)
        found = list(session.exec(query).scalars())  # type: ignore[call-overload]
        return self.rng.choice(found) if found else None

    def _act(self, session: Session, work: Callable[[Conversation, str], Any]) -> None:
        conversation = self._conversation(session)
        if conversation is not None:
            work(conversation, self.rng.choice(USERS))

    def inbound(self, session: Session) -> None:
        self.sids += 1
        number = self.rng.choice(NUMBERS)
        body = self.rng.choice(("price please", "invoice", "hello", "1", "5", "yes"))
        referral = {"Headline": "Winter promo", "SourceId": "1"} if self.rng.random() < 0.2 else {}
        message = InboundMessage(message_sid=f"SM{self.sids:032x}", sender=Sender(number, number, "AE"),
                                 profile_name="Customer", body=body, referral=referral)
        accept_inbound(session=session, message=message, lanes=self.lanes, now=self.now)

    def claim(self, session: Session) -> None:
        self._act(session, lambda c, u: ownership.claim(session=session, conversation_id=c.id, user=u,
                                                        lanes=self.lanes, now=self.now))

    def release(self, session: Session) -> None:
        self._act(session, lambda c, u: ownership.release(session=session, conversation_id=c.id,
                                                          user=c.owner or u, lanes=self.lanes, now=self.now))

    def reassign(self, session: Session) -> None:
        self._act(session, lambda c, u: ownership.reassign(session=session, conversation_id=c.id, user="U0AAA",
                                                           to_user=u, lanes=self.lanes, now=self.now))

    def label(self, session: Session) -> None:
        label = self.rng.choice(self.lanes.labels or ("Billing",))
        self._act(session, lambda c, u: ownership.set_label(session=session, conversation_id=c.id, user=c.owner or u,
                                                            label=label, lanes=self.lanes, now=self.now))

    def status(self, session: Session) -> None:
        status = self.rng.choice(("waiting", "followup", "claimed"))
        self._act(session, lambda c, u: ownership.set_status(session=session, conversation_id=c.id, user=c.owner or u,
                                                             status=status, lanes=self.lanes, now=self.now))

    def move(self, session: Session) -> None:
        lane = self.rng.choice([lane.name for lane in self.lanes.lanes])
        self._act(session, lambda c, u: closing.move(session=session, conversation_id=c.id, user="U0AAA",
                                                     lane_name=lane, lanes=self.lanes, now=self.now))

    def reply(self, session: Session) -> None:
        def work(conversation: Conversation, user: str) -> None:
            if conversation.status == "closed":
                return
            message = Message(conversation_id=conversation.id, direction="out", body="Hi", author=user,
                              status="queued", created_at=self.now)
            session.add(message)
            session.flush()
            record_reply(session=session, conversation=conversation, lanes=self.lanes, user=user, message=message,
                         now=self.now)
        self._act(session, work)

    def timer(self, session: Session) -> None:
        def work(conversation: Conversation, _user: str) -> None:
            if conversation.next_due_at is not None and conversation.status != "closed":
                apply_due(session=session, conversation=conversation, lanes=self.lanes,
                          now=max(self.now, conversation.next_due_at))
            if self.rng.random() < 0.3:
                session.add(Event(conversation_id=conversation.id, kind="repinged", at=self.now, actor="timer"))
        self._act(session, work)

    def close(self, session: Session) -> None:
        outcome = self.rng.choice(self.lanes.outcomes)
        self._act(session, lambda c, u: closing.close(
            session=session, conversation_id=c.id, user=c.owner or "U0AAA", outcome=outcome, note=None,
            closing_message=None, lanes=self.lanes, now=self.now, confirm=self.rng.random() < 0.5))

    def erase(self, session: Session) -> None:
        if self.rng.random() < 0.3:
            privacy.erase(session=session, number=self.rng.choice(NUMBERS), now=self.now, actor="U0ADMIN")


@pytest.mark.parametrize("seed", range(1, 7))
def test_the_rollups_equal_a_recount_after_random_operations(db: Database, lanes: LanesConfig, seed: int) -> None:
    db.transaction(lambda session: rebuild(session=session, tz=TZ))
    run = Run(db, lanes, seed)
    done = [run.step() for _ in range(80)]
    assert {"inbound", "claim", "close", "reply"} <= set(done)
    found = db.read(lambda session: (_normalised(kept(session)), _normalised(recomputed(session))))
    assert found[0] == found[1]
    assert found[0][0], "the run counted something"
    db.transaction(lambda session: rebuild(session=session, tz=TZ))
    assert db.read(lambda session: _normalised(kept(session))) == found[1]


def test_concurrent_changes_to_one_rollup_row_lose_no_count(db: Database, lanes: LanesConfig) -> None:
    db.transaction(lambda session: rebuild(session=session, tz=TZ))
    errors: list[BaseException] = []

    def open_many(offset: int) -> None:
        try:
            for i in range(15):
                def work(session: Session, i: int = i) -> None:
                    number = f"+97150999{offset}{i:03d}"
                    accept_inbound(session=session, lanes=lanes, now=START, message=InboundMessage(
                        message_sid=f"SM{offset}{i:031x}", sender=Sender(number, number, "AE"),
                        profile_name=None, body="invoice"))
                db.transaction(work)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_many, args=(k,)) for k in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    counts, _ = db.read(kept)
    assert sum(sums[SUMS.index("n")] for sums in counts.values()) == 45
    assert db.read(lambda session: _normalised(kept(session)) == _normalised(recomputed(session)))
    assert BUCKET_COLUMNS
