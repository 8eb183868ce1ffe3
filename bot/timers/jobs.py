"""The sweep job: applies the ladder's steps to conversations whose due time has come."""

from __future__ import annotations

import logging

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

        def work(session: Session) -> int:
            rows = due_now(session=session, now=now, limit=BATCH, lock=deps.db.is_postgres)
            for conversation in rows:
                apply_due(session=session, conversation=conversation, lanes=deps.lanes, now=now)
            return len(rows)

        count = deps.db.transaction(work)
        handled += count
        if count:
            deps.wake()
        if count < BATCH:
            return handled
