"""The sweep job: applies the ladder's steps to conversations whose due time has come."""

from __future__ import annotations

import logging

from bot import metrics
from bot.conversations.escalation import apply_due
from bot.conversations.schedule import due_now
from bot.deps import Deps
from bot.store import Session

log = logging.getLogger(__name__)

BATCH = 100


def sweep(deps: Deps) -> int:
    """Apply every due step (in batches); return how many conversations were handled."""
    handled = 0
    while True:
        now = deps.clock.now()

        fired: list[tuple[str, str]] = []

        def work(session: Session) -> int:
            fired.clear()  # a retried transaction starts over
            rows = due_now(session=session, now=now, limit=BATCH, lock=deps.db.is_postgres)
            for conversation in rows:
                action = apply_due(session=session, conversation=conversation, lanes=deps.lanes, now=now)
                if action is not None:
                    fired.append((action, conversation.lane))
            return len(rows)

        count = deps.db.transaction(work)
        for action, lane in fired:
            metrics.timer_fired(action, lane)
        handled += count
        if count:
            deps.wake()
        if count < BATCH:
            return handled
