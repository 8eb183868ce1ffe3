"""The delivery worker's intake thread: durable ingest's messages taken in while the delivery
loop is busy (its batch waiting on a slow Slack, say), woken by the webhook like the loop."""

from __future__ import annotations

import logging
import threading

from bot.conversations import ingest
from bot.deps import Deps

log = logging.getLogger(__name__)

# The delivery loop takes a new message in first when it is free (with the lease of the jobs the
# message implies: one transaction); this thread takes in what still waits after INTAKE_GRACE.
INTAKE_GRACE = 0.1
IDLE_WAIT = 5.0


def intake_loop(deps: Deps, stop: threading.Event, delivery: threading.Event) -> None:
    """Until `stop`: take in every waiting message, waking the delivery loop (`delivery`) after
    each batch so it leases the jobs intake queued."""
    wake = deps.intake_wakeup
    while not stop.is_set():
        wake.clear()
        try:
            if not stop.wait(INTAKE_GRACE):
                while not stop.is_set() and ingest.drain(db=deps.db, lanes=deps.lanes, clock=deps.clock):
                    delivery.set()
        except Exception:  # noqa: BLE001 - e.g. the database is down: keep trying
            log.exception("intake pass failed")
        wake.wait(IDLE_WAIT)
