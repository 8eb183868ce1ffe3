"""The weekly lead-score retraining: once a week (the workspace's week start, from 03:00 local
time), fit the score on the last 180 days of closed conversations and adopt it only if it is
better on held-out ones (`bot.conversations.retrain`). The week's row in `score_retrain_sent`
makes it once per week however many processes run."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.conversations.retrain import evaluate, examples_from_database, record
from bot.deps import Deps
from bot.lanes import LanesConfig
from bot.store import Session, repo

RETRAIN_AT = time(3, 0)
LOOK_BACK = timedelta(days=180)


def due_week(lanes: LanesConfig, now: datetime) -> date | None:
    """The local first day of this week once its retraining time has come, else None."""
    zone = ZoneInfo(lanes.workspace.timezone)
    local = now.astimezone(zone)
    start = local.date() - timedelta(days=(local.weekday() - lanes.week_start) % 7)
    return start if local >= datetime.combine(start, RETRAIN_AT, tzinfo=zone) else None


def retrain_weekly(deps: Deps) -> bool:
    """Retrain if this week's run is due and no process has done it; True when this process did."""
    now = deps.clock.now()
    lanes = deps.lanes
    week = due_week(lanes, now)
    if week is None:
        return False

    if not deps.db.transaction(lambda session: repo.mark_score_retrain(session=session, week=week, now=now)):
        return False  # done already, by this process or another
    # Fit while only reading (SQLite's write lock is not held through scikit-learn), then store.
    result = deps.db.read(lambda session: evaluate(
        session=session, lanes=lanes, examples=examples_from_database(session, lanes, since=now - LOOK_BACK)))

    def store(session: Session) -> None:
        record(session=session, lanes=lanes, result=result, now=now, source="weekly")
        repo.add_event(session=session, kind="score_retrain_week", at=now, actor="timer",
                       data={"week": week.isoformat(), "adopted": result.adopted, "verdict": result.verdict})

    deps.db.transaction(store)
    deps.wake()
    return True
