"""The weekly report: at `[weekly_report]`'s day and time (the workspace's time zone), last
week's `/wa-report` is posted in its channel, with its chart in the thread.

"Last week" is the full week before the one the post falls in (weeks start on
`LanesConfig.week_start`: Sunday for a Sun–Thu team). Posted once per week however many
processes run: the week's row in `weekly_report_sent` is the lock. A post missed because
the bot was down is made when it comes back, if that is within a day; older ones are
skipped rather than surprising a channel days later.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.deps import Deps
from bot.lanes import LanesConfig, WeeklyReport
from bot.reports.jobs import queue_report
from bot.reports.model import Period, ReportQuery
from bot.reports.period import parse_period
from bot.store import Session, repo

CATCH_UP = timedelta(days=1)


def last_occurrence(weekly: WeeklyReport, tz: str, now: datetime) -> datetime:
    """The latest scheduled post time at or before `now` (aware, local)."""
    local = now.astimezone(ZoneInfo(tz))
    day = local.date() - timedelta(days=(local.weekday() - weekly.day) % 7)
    at = datetime.combine(day, weekly.at, tzinfo=local.tzinfo)
    return at if at <= local else datetime.combine(day - timedelta(days=7), weekly.at, tzinfo=local.tzinfo)


def due_week(lanes: LanesConfig, now: datetime) -> Period | None:
    """The week to report on now, or None when no post is due (not configured, or missed by over a day)."""
    weekly = lanes.weekly_report
    if weekly is None:
        return None
    tz = lanes.workspace.timezone
    occurrence = last_occurrence(weekly, tz, now)
    if now - occurrence > CATCH_UP:
        return None
    return parse_period("last-week", tz=tz, now=occurrence, week_start=lanes.week_start)


def send_weekly_report(deps: Deps) -> bool:
    """Queue last week's report if it is due and not yet sent; True when this process sent it."""
    now = deps.clock.now()
    period = due_week(deps.lanes, now)
    weekly = deps.lanes.weekly_report
    if period is None or weekly is None:
        return False

    def send(session: Session) -> bool:
        if not repo.mark_weekly_report(session=session, week=period.first_day, now=now):
            return False  # sent already, by this process or another
        queue_report(session=session, now=now, query=ReportQuery(period=period, now=now), public=True,
                     channel=weekly.channel, user=None, response_url=None)
        repo.add_event(session=session, kind="weekly_report", at=now, actor="timer",
                       data={"week": period.first_day.isoformat(), "channel": weekly.channel})
        return True

    sent = deps.db.transaction(send)
    if sent:
        deps.wake()
    return sent
