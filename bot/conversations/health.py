"""What /healthz reports about delivery: the backlog, its oldest job, dead letters and the
configuration faults that hold work back (no secrets, no customer data)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot.store import Session, repo

STUCK_AFTER = timedelta(minutes=10)  # a pending job older than this makes the instance degraded


def delivery_health(*, session: Session, now: datetime) -> dict[str, Any]:
    """{"degraded", "backlog", "oldest_pending_s", "dead", "faults": [{"fault", "error", "since_s", "action"}]}.
    Degraded: a configuration fault holds, or the oldest pending job waits longer than STUCK_AFTER."""
    health = repo.outbox_health(session=session)
    oldest = int((now - health.oldest_pending_at).total_seconds()) if health.oldest_pending_at else 0
    faults = [{"fault": fault.key, "error": fault.error, "action": fault.action,
               "since_s": int((now - fault.since).total_seconds()) if fault.since else 0}
              for fault in health.faults]
    degraded = bool(faults) or oldest > STUCK_AFTER.total_seconds()
    return {"degraded": degraded, "backlog": health.backlog, "oldest_pending_s": max(0, oldest),
            "dead": health.dead, "faults": faults}
