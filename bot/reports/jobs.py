"""The report job's payload: `/wa-report` and the weekly report queue it; the delivery
worker reads it back (bot/delivery/report_jobs.py) and builds the report."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.conversations.kinds import REPORT
from bot.reports.model import Period, ReportQuery
from bot.store import Session, repo
from bot.store.models import OutboxJob


def queue_report(*, session: Session, now: datetime, query: ReportQuery | None = None, readiness: bool = False,
                 lanes: tuple[str, ...] = (), public: bool, channel: str, user: str | None,
                 response_url: str | None, trigger: str | None = None) -> OutboxJob | None:
    """Queue a report (or a readiness check) to be built and shown; the caller commits. With the
    slash command's `trigger` id, only once: a replayed command queues nothing (None)."""
    if trigger and not repo.first_time(session=session, key=f"cmd:{trigger}", now=now):
        return None
    payload: dict[str, Any] = {
        "readiness": readiness, "public": public, "channel": channel, "user": user, "response_url": response_url,
        "lanes": list(query.lanes if query else lanes),
    }
    if query is not None:
        payload |= {"period": _period_payload(query.period), "rep": query.rep}
    return repo.queue_job(session=session, kind=REPORT, payload=payload, now=now)


def _period_payload(period: Period) -> dict[str, str]:
    return {"start": period.start.isoformat(), "end": period.end.isoformat(), "first_day": period.first_day.isoformat(),
            "last_day": period.last_day.isoformat(), "label": period.label, "tz": period.tz}


def query_of(payload: dict[str, Any], now: datetime) -> ReportQuery:
    p = payload["period"]
    period = Period(start=datetime.fromisoformat(p["start"]), end=datetime.fromisoformat(p["end"]),
                    first_day=date.fromisoformat(p["first_day"]), last_day=date.fromisoformat(p["last_day"]),
                    label=p["label"], tz=p["tz"])
    return ReportQuery(period=period, lanes=tuple(payload.get("lanes") or ()), rep=payload.get("rep"), now=now)
