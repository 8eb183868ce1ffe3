"""The in-process scheduler: one interval job, a stable id, coalesced, never overlapping.
Every due time lives in the database, so any number of processes may run it."""

from __future__ import annotations

from apscheduler.schedulers.background import BackgroundScheduler

from bot.deps import Deps
from bot.timers.digest import send_digests
from bot.timers.early import settle_early_events
from bot.timers.jobs import sweep
from bot.timers.retention import purge_daily
from bot.timers.score_retrain import retrain_weekly
from bot.timers.triage_retrain import retrain_weekly as retrain_triage_weekly
from bot.timers.weekly_report import send_weekly_report

SWEEP_SECONDS = 1  # timers fire within about a second of their due time

JOBS = (
    # (id, function of deps, interval in seconds)
    ("timers.sweep", sweep, SWEEP_SECONDS),
    ("timers.digest", send_digests, 30),
    ("timers.weekly_report", send_weekly_report, 60),
    ("timers.early_events", settle_early_events, 5),
    ("timers.score_retrain", retrain_weekly, 300),
    ("timers.retention", purge_daily, 600),  # acts once a day (bot/timers/retention.py)
    ("timers.triage_retrain", retrain_triage_weekly, 3600),  # once per week across processes
)


def start_scheduler(deps: Deps) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(timezone="UTC")
    for job_id, function, seconds in JOBS:
        scheduler.add_job(function, "interval", seconds=seconds, args=[deps], id=job_id,
                          replace_existing=True, coalesce=True, max_instances=1)
    scheduler.start()
    return scheduler
