"""The plan of one captured statement, for the benchmarks' reports (shared by bench/*.py)."""

from __future__ import annotations

from typing import Any

from bot.store.db import Database


def query_plan(db: Database, sql: tuple[str, Any], *, analyze: bool = False) -> list[str]:
    """PostgreSQL's EXPLAIN (with ANALYZE and BUFFERS when `analyze`), or SQLite's EXPLAIN QUERY
    PLAN indented as a tree."""
    statement, parameters = sql
    with db.engine.connect() as conn:
        if db.is_postgres:
            explain = "EXPLAIN (ANALYZE, BUFFERS) " if analyze else "EXPLAIN "
            return [row[0] for row in conn.exec_driver_sql(explain + statement, parameters)]
        rows = list(conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters))
    depth = {0: -1}
    lines = []
    for node, parent, _unused, detail in rows:
        depth[node] = depth.get(parent, -1) + 1
        lines.append("  " * depth[node] + detail)
    return lines
