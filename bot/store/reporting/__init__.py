"""Reporting reads: the `/wa-report` aggregates and the CSV export's rows, as repository
functions taking `session` keyword-only and plain values, returning plain values."""

from bot.store.reporting.export import cohort_rows
from bot.store.reporting.report import (
    Grouping,
    Measure,
    cohort_totals,
    counts_by,
    follow_through,
    oldest_waiting,
    open_by_owner,
    open_count,
    outcomes_by_day,
    rep_counts,
    speed,
    speed_by_lane,
    unclaimed_count,
)
from bot.store.reporting.rows import (
    FOLLOW_THROUGH,
    Cohort,
    ExportRow,
    Percentiles,
    RepCounts,
    Speed,
    Totals,
    Waiting,
)
from bot.store.reporting.rollup_reads import RollupFacts, rollup_facts, rollup_tz
from bot.store.reporting.satisfaction import satisfaction_by
from bot.store.reporting.scores import BandCounts, score_bands
from bot.store.reporting.sql import percentiles

__all__ = [
    "BandCounts",
    "RollupFacts",
    "rollup_facts",
    "rollup_tz",
    "score_bands",
    "satisfaction_by",
    "FOLLOW_THROUGH",
    "Cohort",
    "ExportRow",
    "Grouping",
    "Measure",
    "Percentiles",
    "RepCounts",
    "Speed",
    "Totals",
    "Waiting",
    "cohort_rows",
    "cohort_totals",
    "counts_by",
    "follow_through",
    "oldest_waiting",
    "open_by_owner",
    "open_count",
    "outcomes_by_day",
    "percentiles",
    "rep_counts",
    "speed",
    "speed_by_lane",
    "unclaimed_count",
]
