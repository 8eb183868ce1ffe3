"""The sweep over Slack events kept for a card not committed yet: apply those whose card is
known by now, report those that never matched one (bot/conversations/early_replay.py)."""

from __future__ import annotations

from bot.conversations.early_replay import settle_kept
from bot.deps import Deps
from bot.store import Session


def settle_early_events(deps: Deps) -> tuple[int, int]:
    """(applied, reported)."""
    now = deps.clock.now()

    def work(session: Session) -> tuple[int, int]:
        return settle_kept(session=session, lanes=deps.lanes, now=now)

    applied, reported = deps.db.transaction(work)
    if applied or reported:
        deps.wake()
    return applied, reported
