"""What /healthz reports about delivery: the backlog, its oldest job, dead letters and the
configuration faults that hold work back (no secrets, no customer data)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot.store import Session, repo

STUCK_AFTER = timedelta(minutes=10)  # a pending job older than this makes the instance degraded
INTAKE_STUCK_AFTER = timedelta(minutes=1)  # intake runs right after the webhook: a minute means it is not running


def delivery_health(*, session: Session, now: datetime) -> dict[str, Any]:
    """{"degraded", "backlog", "oldest_pending_s", "intake_backlog", "oldest_intake_s", "dead",
    "faults": [{"fault", "error", "since_s", "action"}]}. Degraded: a configuration fault holds, the
    oldest pending job waits longer than STUCK_AFTER, or a message waits for intake longer than INTAKE_STUCK_AFTER."""
    health = repo.outbox_health(session=session)
    oldest = int((now - health.oldest_pending_at).total_seconds()) if health.oldest_pending_at else 0
    faults = [{"fault": fault.key, "error": fault.error, "action": fault.action,
               "since_s": int((now - fault.since).total_seconds()) if fault.since else 0}
              for fault in health.faults]
    waiting, since = repo.inbound_backlog(session=session)
    oldest_intake = max(0, int((now - since).total_seconds())) if since else 0
    degraded = (bool(faults) or oldest > STUCK_AFTER.total_seconds()
                or oldest_intake > INTAKE_STUCK_AFTER.total_seconds())
    return {"degraded": degraded, "backlog": health.backlog, "oldest_pending_s": max(0, oldest),
            "intake_backlog": waiting, "oldest_intake_s": oldest_intake, "dead": health.dead, "faults": faults}
