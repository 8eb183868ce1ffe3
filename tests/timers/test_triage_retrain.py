"""The weekly triage retrain runs once per local week across processes."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlmodel import select

from bot.store.models import Event
from bot.timers.triage_retrain import retrain_weekly, week_of
from tests.builders import as_processes

UTC = timezone.utc


def test_weeks_start_on_the_teams_first_working_day(lanes):  # type: ignore[no-untyped-def]
    # Sun–Thu in Dubai: Sunday 22 Nov 2026 starts the week; Saturday 21 Nov belongs to the week before.
    assert week_of(lanes, datetime(2026, 11, 25, 8, 0, tzinfo=UTC)) == date(2026, 11, 22)
    assert week_of(lanes, datetime(2026, 11, 21, 8, 0, tzinfo=UTC)) == date(2026, 11, 15)


def test_processes_racing_retrain_once_per_week(settings, deps, clock, db):  # type: ignore[no-untyped-def]
    clock.set(datetime(2026, 11, 22, 5, 0, tzinfo=UTC))
    assert sorted(as_processes(settings, deps, retrain_weekly)) == [False, False, False, True]
    assert retrain_weekly(deps) is False  # later the same week

    clock.advance(timedelta(days=7))
    assert retrain_weekly(deps) is True
    with db.session() as session:
        runs = session.exec(select(Event).where(Event.kind == "triage_retrained")).all()
    assert [run.data["week"] for run in runs] == ["2026-11-22", "2026-11-29"]
    assert runs[0].data["adopted"] is False  # nothing labelled yet: the current model stays
