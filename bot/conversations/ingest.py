"""Durable ingest: the webhook keeps the message and answers; intake takes it in after the answer.

`receive` is the webhook's whole transaction: one row (`inbound`, unique MessageSid, the form as
Twilio posted it), committed before the 200. `drain`, run by the delivery worker as soon as the
webhook wakes it, takes waiting rows in through `intake.accept_inbound` — the same rows, jobs,
routing, triage and scoring as before — several senders per transaction under a burst, each
sender's messages one after another in arrival order, and deletes the rows it took in, in the
same transaction. A process killed between the two leaves the row: the next drain takes it in.
Twilio's retry of a message still waiting is refused by the unique sid; of one taken in already,
`accept_inbound` finds the stored message and it is dropped as a duplicate.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta

from bot import metrics
from bot.clock import Clock
from bot.conversations.intake import Accepted, accept_inbound
from bot.conversations.triage import current_triager, triager_for
from bot.errors import StoreUnavailable
from bot.lanes import LanesConfig
from bot.logs import mask_number
from bot.routing import route
from bot.store import Session, repo
from bot.store.db import Database
from bot.store.models import Inbound
from bot.whatsapp.inbound import InboundMessage, parse_inbound

log = logging.getLogger(__name__)

BATCH = 5  # rows per intake transaction (at most one per sender): short, so the webhook's inserts get their turn
MAX_RETRY = timedelta(minutes=10)


def warm(*, db: Database, lanes: LanesConfig) -> None:
    """Fit or load the triage classifier (seconds, once per process) before intake's first
    transaction, so no transaction holds the database while it does (SQLite has one writer:
    the webhook would wait behind it)."""
    route("warm up", lanes, triager_for(lanes))  # the seed's fit, cached per label set: no database held
    route("warm up", lanes, db.read(lambda session: current_triager(session=session, lanes=lanes)))


def receive(*, session: Session, message: InboundMessage, form: Mapping[str, str], now: datetime) -> bool:
    """Keep the verified, parsed message for intake; False when its MessageSid is already waiting."""
    return repo.store_inbound(
        session=session, message_sid=message.message_sid, from_address=f"whatsapp:{message.sender.wa_id}",
        form={key: value.replace("\x00", "") for key, value in form.items()}, now=now,
    )


def take_in(*, session: Session, lanes: LanesConfig, now: datetime, limit: int, lock: bool,
            current: list[int] | None = None) -> list[tuple[Inbound, Accepted]]:
    """Take in up to `limit` waiting messages (one per sender) in the caller's transaction; the
    caller commits, then calls `told`. `current` is set to the row being taken in (for the log)."""
    rows = repo.inbound_due(session=session, now=now, limit=limit, lock=lock)
    taken = []
    for row in rows:
        assert row.id is not None
        if current is not None:
            current[:] = [row.id]
        message = parse_inbound(row.form or {})
        taken.append((row, accept_inbound(session=session, message=message, lanes=lanes, now=row.received_at or now)))
    repo.inbound_taken(session=session, ids=[row.id for row, _ in taken if row.id is not None])
    return taken


def drain(*, db: Database, lanes: LanesConfig, clock: Clock, limit: int = BATCH) -> int:
    """Take in up to `limit` waiting messages in one transaction; how many rows were handled.

    A row that fails for a reason other than the database (a bug) is retried later with a
    backoff, alone; its sender's later messages wait behind it, everyone else goes on."""
    now = clock.now()
    current: list[int] = []
    try:
        taken = db.transaction(lambda session: take_in(session=session, lanes=lanes, now=now, limit=limit,
                                                       lock=db.is_postgres, current=current))
    except StoreUnavailable:
        raise
    except Exception:  # noqa: BLE001 - a bug must delay a message, never drop it or hold up the others
        if limit > 1:
            return sum(drain(db=db, lanes=lanes, clock=clock, limit=1) for _ in range(limit))
        log.exception("intake of inbound row %s failed", current[0] if current else "?")
        if current:
            _failed(db, current[0], now)
        return 1 if current else 0
    told(taken)
    return len(taken)


def drain_all(*, db: Database, lanes: LanesConfig, clock: Clock) -> int:
    """Take in everything due now (the tests' drain point and the worker's first step)."""
    total = 0
    while handled := drain(db=db, lanes=lanes, clock=clock):
        total += handled
    return total


def _failed(db: Database, inbound_id: int, now: datetime) -> None:
    def record(session: Session) -> tuple[int, float]:
        return repo.inbound_failed(session=session, inbound_id=inbound_id, error="intake failed (see the log)",
                                   now=now, max_delay=MAX_RETRY)

    attempts, delay = db.transaction(record)
    log.warning("inbound row %s will be taken in again in %.0fs (attempt %d)", inbound_id, delay, attempts)


def told(taken: list[tuple[Inbound, Accepted]]) -> None:
    """After the commit: the log line and the metric of each message taken in."""
    for row, accepted in taken:
        _told(row, accepted)


def _told(row: Inbound, accepted: Accepted) -> None:
    if accepted.duplicate:
        log.info("duplicate MessageSid %s ignored", row.message_sid)
        return
    metrics.inbound(accepted.lane)
    ref = f" (ref {accepted.entry_ref})" if accepted.entry_ref else ""
    log.info("inbound %s from %s → %s%s, %s", row.message_sid, mask_number((row.form or {}).get("From")),
             accepted.lane, ref, "card queued" if accepted.new_conversation else "added to the thread")
