"""The weekly triage retrain: once per local week (weeks start on `LanesConfig.week_start`),
however many processes run, the first tick of the week refits triage from the team's labels and
adopts the new model only if it is better (bot/conversations/retrain_triage.py). The week's row
in `triage_retrain_week` is the lock, taken in the same transaction as the retrain."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.conversations.retrain_triage import retrain
from bot.deps import Deps
from bot.lanes import LanesConfig
from bot.store import Session, repo


def week_of(lanes: LanesConfig, now: datetime) -> date:
    """The local first day of the week `now` falls in."""
    local = now.astimezone(ZoneInfo(lanes.workspace.timezone)).date()
    return local - timedelta(days=(local.weekday() - lanes.week_start) % 7)


def retrain_weekly(deps: Deps) -> bool:
    """Retrain if this week's retrain has not run yet; True when this process ran it."""
    now = deps.clock.now()
    lanes = deps.lanes
    week = week_of(lanes, now)

    def run(session: Session) -> bool:
        if not repo.mark_triage_retrain(session=session, week=week, now=now):
            return False  # done already, by this process or another
        report = retrain(session=session, lanes=lanes, now=now)
        repo.add_event(session=session, kind="triage_retrained", at=now, actor="timer",
                       data={"week": week.isoformat(), "adopted": report.adopted, "version": report.version,
                             "held_out": report.held_out, "why": report.why})
        return True

    return deps.db.transaction(run)
