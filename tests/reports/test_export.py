"""The CSV export: the report's cohort row by row, on the hand-built week of test_queries.py,
giving the same numbers as the Slack report (on SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from datetime import date
from typing import Any

import pytest
from sqlmodel import Session

from bot.lanes import LanesConfig
from bot.reports.export import HEADER, export_query, export_rows, write_csv
from bot.reports.model import NO_REF, UNKNOWN_OUTCOME, Percentiles, Report, ReportQuery
from bot.reports.queries import build_report
from bot.store.db import Database
from tests.reports.test_queries import NOW, _at, _conversation, week, week_of_conversations, report_lanes  # noqa: F401


def _query(config: LanesConfig, first: str = "2026-11-15", last: str = "2026-11-21", **kw: Any) -> ReportQuery:
    return export_query(config, first=first, last=last, now=NOW, **kw)


def _export(db: Database, config: LanesConfig, query: ReportQuery) -> tuple[bytes, Report]:
    out = io.BytesIO()
    db.read(lambda session: write_csv(export_rows(session, config, query), out))
    return out.getvalue(), db.read(lambda session: build_report(session, config, query))


def _rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads it as UTF-8
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    assert tuple(reader.fieldnames or ()) == HEADER
    return list(reader)


def test_the_query_is_the_slack_reports_week(report_lanes: LanesConfig) -> None:
    query = _query(report_lanes, lane_names=["SALES", "billing"], rep="U0AAA")

    assert query.period == week()  # 15–21 Nov 2026, local days in Dubai
    assert query.lanes == ("sales", "billing") and query.rep == "U0AAA" and query.now == NOW


@pytest.mark.parametrize(("kw", "message"), [
    ({"first": "2026-11-1"}, "--from '2026-11-1' is not a date: use YYYY-MM-DD"),
    ({"last": "2026-02-30"}, "--to 2026-02-30 is not a date"),
    ({"first": "2026-11-22", "last": "2026-11-21"}, "it ends (Sat 21 Nov 2026) before it starts (Sun 22 Nov 2026)"),
    ({"first": "2025-01-01", "last": "2026-11-21"}, "at most 366"),
    ({"lane_names": ["sales", "marketing"]}, "no lane 'marketing' in the lanes file (lanes: sales, billing, support)"),
    ({"rep": "aisha"}, "--rep 'aisha' is not a Slack user id"),
    ({"rep": "U0ZZZ"}, "--rep U0ZZZ is not a member of any lane"),
])
def test_bad_arguments_are_refused_in_one_line(report_lanes: LanesConfig, kw: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError) as refused:
        _query(report_lanes, **kw)

    assert message in str(refused.value) and "\n" not in str(refused.value)


def test_rows_of_the_week_by_hand(week_of_conversations: Database, report_lanes: LanesConfig) -> None:
    data, _ = _export(week_of_conversations, report_lanes, _query(report_lanes))

    rows = [list(row.values()) for row in _rows(data)]
    # Dubai is UTC+4; sales answers within 600 s of working time; c5 (before) and c7 (the end) are out.
    assert rows == [
        ["1", "2026-11-15T10:00:00+04:00", "2026-11-15", "pricing", "", "sales", "", "U0AAA", "person",
         "120", "120", "300", "300", "600", "yes", "", "Qualified", "yes", "", "0", "0", "0", "closed"],
        ["2", "2026-11-16T11:00:00+04:00", "2026-11-16", "pricing", "Winter promo", "sales", "", "U0BBB", "person",
         "600", "600", "1200", "1200", "600", "no", "", "Non-fit", "no", "", "0", "1", "0", "closed"],
        ["3", "2026-11-17T14:00:00+04:00", "2026-11-17", "", "", "billing", "", "U0CCC", "assigned",
         "", "", "3600", "1800", "", "", "", UNKNOWN_OUTCOME, "no", "", "0", "0", "0", "waiting"],
        ["4", "2026-11-20T23:00:00+04:00", "2026-11-20", "", "999", "support", "", "", "",
         "", "", "", "", "", "", "", UNKNOWN_OUTCOME, "no", "", "2", "0", "1", "unclaimed"],
        ["6", "2026-11-21T23:59:59+04:00", "2026-11-21", "", "", "sales", "", "U0AAA", "person",
         "60", "0", "100", "0", "600", "yes", "", "Qualified", "yes", "", "0", "0", "0", "closed"],
    ]
    assert b"Customer" not in data and b"+9715" not in data  # no names, no numbers


@pytest.mark.parametrize("narrow", [{}, {"rep": "U0AAA"}, {"lane_names": ["billing"]},
                                    {"lane_names": ["sales", "support"]}, {"first": "2026-11-01", "last": "2026-11-30"},
                                    {"first": "2026-01-01", "last": "2026-01-07"}])
def test_the_csv_gives_the_slack_reports_numbers(week_of_conversations: Database, report_lanes: LanesConfig,
                                                 narrow: dict[str, Any]) -> None:
    data, report = _export(week_of_conversations, report_lanes, _query(report_lanes, **narrow))
    rows = _rows(data)

    def count(column: str, **where: str) -> Counter[str]:
        return Counter(r[column] for r in rows if all(r[k] == v for k, v in where.items()))

    assert len(rows) == report.started
    assert dict(report.by_lane) == count("lane")
    assert dict(report.by_ref) == Counter(r["entry_ref"] or NO_REF for r in rows)
    assert dict(report.by_ad) == Counter(r["ad"] for r in rows if r["ad"])
    assert {name: n for name, n in report.outcomes if n} == count("outcome")
    assert report.qualified == count("qualified")["yes"]
    assert report.auto_assigned == count("owned_via")["assigned"]
    assert (report.sla.answered, report.sla.within) == (len(rows) - count("within_sla")[""], count("within_sla")["yes"])
    assert report.sla.unanswered == count("first_reply_s")[""]
    assert (report.repings, report.reassignments, report.escalations) == tuple(
        sum(int(r[column]) for r in rows) for column in ("repings", "reassignments", "escalations"))
    assert (report.claim.wall, report.claim.work) == (
        _nearest_rank(rows, "claim_s"), _nearest_rank(rows, "claim_work_s"))
    assert (report.first_reply.wall, report.first_reply.work) == (
        _nearest_rank(rows, "first_reply_s"), _nearest_rank(rows, "first_reply_work_s"))
    for lane in report.lane_speed:
        lane_rows = [r for r in rows if r["lane"] == lane.lane]
        assert lane.first_reply.work == _nearest_rank(lane_rows, "first_reply_work_s")
    assert {d.day.isoformat(): d.total for d in report.per_day if d.total} == count("started_day")
    for person in report.people:
        owned, closed = count("owner")[person.user], count("owner", status="closed")[person.user]
        assert (person.owned, person.closed) == (owned, closed)


def _nearest_rank(rows: list[dict[str, str]], column: str) -> Percentiles:
    values = sorted(int(r[column]) for r in rows if r[column])
    if not values:
        return Percentiles()
    rank = lambda p: values[math.ceil(p * len(values)) - 1]  # noqa: E731
    return Percentiles(len(values), rank(0.5), rank(0.9))


def test_formulas_are_neutralised_and_arabic_round_trips(db: Database, report_lanes: LanesConfig) -> None:
    def build(session: Session) -> None:
        _conversation(session, 1, "sales", _at(16, 7), entry_ref="=HYPERLINK(\"http://x\")", label="-2+3",
                      referral={"Headline": "@SUM(A1)"}, owner="U0AAA", score=-5, outcome="Qualified")
        _conversation(session, 2, "sales", _at(16, 8), entry_ref="+971", label="\tTab", referral={"Headline": "\rCR"})
        _conversation(session, 3, "support", _at(16, 9), entry_ref="عرض", label="تحسين محركات البحث",
                      referral={"Headline": "عرض الشتاء — خصم ٢٠٪"})

    db.transaction(build)
    data, report = _export(db, report_lanes, _query(report_lanes))
    rows = _rows(data)

    assert [(r["entry_ref"], r["label"], r["ad"]) for r in rows] == [
        ("'=HYPERLINK(\"http://x\")", "'-2+3", "'@SUM(A1)"),
        ("'+971", "'\tTab", "'\rCR"),
        ("عرض", "تحسين محركات البحث", "عرض الشتاء — خصم ٢٠٪"),
    ]
    assert rows[0]["score"] == "-5"  # a number stays a number
    assert "عرض الشتاء — خصم ٢٠٪".encode() in data  # UTF-8, not an escape
    assert len(rows) == report.started == 3


def test_an_empty_period_is_the_header_alone(week_of_conversations: Database, report_lanes: LanesConfig) -> None:
    data, report = _export(week_of_conversations, report_lanes,
                           _query(report_lanes, first=date(2026, 1, 1).isoformat(), last="2026-01-07"))

    assert report.empty and _rows(data) == []
    assert data == ("\ufeff" + ",".join(HEADER) + "\r\n").encode()
