"""The report SQL behind `bot.store.reporting`, on its own (on SQLite and PostgreSQL)."""

from __future__ import annotations

import ast
import math
from pathlib import Path

import pytest
from sqlalchemy import literal_column, select, union_all, literal

import bot.store
from bot.store import Session
from bot.store.db import Database
from bot.store.reporting import (
    Cohort, ExportRow, Percentiles, Totals, cohort_rows, cohort_totals, counts_by, follow_through, percentiles,
)
from tests.reports.test_queries import _at, week_of_conversations  # noqa: F401


@pytest.mark.parametrize("values", [[5], [1, 2], [3, 1, 2], [7, 7, 7, 1], list(range(10, 0, -1)), list(range(1, 102))])
def test_percentiles_are_nearest_rank(db: Database, values: list[int]) -> None:
    rows = union_all(*(select(literal(v).label("v"), literal("g").label("g")) for v in values)).subquery()

    found = db.read(lambda session: percentiles(session, rows.c.v, [literal_column("1") == 1]))

    ordered = sorted(values)
    rank = lambda p: ordered[math.ceil(p * len(values)) - 1]  # noqa: E731
    assert found == {"*": Percentiles(len(values), rank(0.5), rank(0.9))}


def test_the_repository_functions_take_and_give_plain_values(week_of_conversations: Database) -> None:
    cohort = Cohort(start=_at(14, 20), end=_at(21, 20))  # 15–21 Nov 2026, local days in Dubai

    def read(session: Session) -> tuple[Totals, list[tuple[str | None, int]], dict[str, int], list[ExportRow]]:
        return (cohort_totals(session=session, cohort=cohort, reply_within={"sales": 600}),
                counts_by(session=session, cohort=cohort, key="lane"),
                follow_through(session=session, cohort=cohort),
                list(cohort_rows(session=session, cohort=cohort, reply_within={"sales": 600})))

    totals, by_lane, follow, rows = week_of_conversations.read(read)

    assert totals == Totals(started=5, auto_assigned=1, unanswered=1, sla_answered=3, sla_within=2)
    assert sorted(by_lane, key=str) == [("billing", 1), ("sales", 3), ("support", 1)]
    assert follow == {"repinged": 2, "reassigned": 1, "escalated": 1}
    assert [(row.id, row.sla, row.repinged, row.reassigned, row.escalated) for row in rows] == [
        (1, 600, 0, 0, 0), (2, 600, 0, 1, 0), (3, None, 0, 0, 0), (4, None, 2, 0, 1), (6, 600, 0, 0, 0),
    ]


def test_the_store_knows_nothing_of_reports_or_lanes() -> None:
    store = Path(bot.store.__file__).parent
    for path in store.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not [name for name in names if name.startswith(("bot.reports", "bot.lanes"))], path
