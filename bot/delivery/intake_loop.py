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
# A dense burst (messages under QUIET apart): intake waits for a pause, at most MAX_LAG, and then
# takes in what came in batches; meanwhile the webhook has the database (SQLite: one writer) and
# the CPU to itself. Slack takes a channel's posts at about one a second anyway.
QUIET = 0.02
MAX_LAG = 2.0


def quiet(deps: Deps) -> bool:
    """Not in a dense burst (messages under QUIET apart, the last under QUIET ago): intake may run now."""
    return not deps.arrivals.in_burst(QUIET)


def intake_loop(deps: Deps, stop: threading.Event, delivery: threading.Event) -> None:
    """Until `stop`: take in every waiting message, waking the delivery loop (`delivery`) after
    each batch so it leases the jobs intake queued."""
    wake = deps.intake_wakeup
    while not stop.is_set():
        wake.clear()
        try:
            waited = INTAKE_GRACE
            stopped = stop.wait(INTAKE_GRACE)
            while not stopped and not quiet(deps) and waited < MAX_LAG:  # a burst: let the webhook have it
                stopped = stop.wait(QUIET)
                waited += QUIET
            while not stop.is_set() and ingest.drain(db=deps.db, lanes=deps.lanes, clock=deps.clock):
                delivery.set()
                if not quiet(deps):  # still a burst: the webhook's inserts go between our batches
                    stop.wait(QUIET)
        except Exception:  # noqa: BLE001 - e.g. the database is down: keep trying
            log.exception("intake pass failed")
        wake.wait(IDLE_WAIT)
