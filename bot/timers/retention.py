"""The retention purge (`[privacy] keep_messages` in the lanes file): once a day across all
processes (a compare-and-set on a marker row, as the digests use), message bodies and media
of conversations closed longer ago than that are emptied. Conversations, their timings and
events stay, so reports still count them."""

from __future__ import annotations

import logging

from bot.conversations.privacy import purge_expired
from bot.deps import Deps
from bot.store import Session, repo

log = logging.getLogger(__name__)
MARKER = "(privacy retention)"  # a lane_state key for the purge's day; not a lane name anyone uses


def purge_daily(deps: Deps) -> int:
    """Purge once per UTC day; how many messages were emptied (0 when another process did it)."""
    if deps.lanes.privacy.keep_messages is None:
        return 0
    now = deps.clock.now()

    def work(session: Session) -> int:
        if not repo.mark_digest_day(session=session, lane=MARKER, day=now.date()):
            return 0
        return purge_expired(session=session, lanes=deps.lanes, now=now)

    purged = deps.db.transaction(work)
    if purged:
        log.info("retention: emptied %d messages of conversations closed over %s ago", purged,
                 deps.lanes.privacy.keep_messages)
    return purged
