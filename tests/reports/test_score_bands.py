"""`/wa-report`'s lead-score bands against outcomes, and the CSV's score column (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

from bot.reports.blocks import report_blocks
from bot.reports.model import ReportQuery
from bot.reports.queries import build_report
from bot.store.db import Database
from tests.reports.test_queries import NOW, _at, _conversation, report_lanes, week  # noqa: F401


def test_bands_against_outcomes(db: Database, report_lanes) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    db.transaction(lambda s: [
        _conversation(s, 1, "sales", _at(16, 7), score=91, score_band="hot", outcome="Qualified"),
        _conversation(s, 2, "sales", _at(16, 8), score=85, score_band="hot", outcome="Non-fit"),
        _conversation(s, 3, "sales", _at(16, 9), score=88, score_band="hot"),  # open: no outcome yet
        _conversation(s, 4, "support", _at(17, 7), score=12, score_band="cold", outcome="Non-fit"),
        _conversation(s, 5, "support", _at(17, 8)),  # never scored
    ])
    report = db.read(lambda s: build_report(s, report_lanes, ReportQuery(period=week(), now=NOW)))

    assert [(b.band, b.count, b.closed, b.qualified) for b in report.score_bands] == [
        ("hot", 3, 2, 1), ("cold", 1, 1, 0), ("not scored", 1, 0, 0)]
    assert report.score_bands[0].share_qualified == 0.5
    text = json.dumps([block.to_dict() for block in report_blocks(report, public=False)], ensure_ascii=False)
    assert "Lead score vs outcome" in text and "Hot: 3 · closed 2 · qualified 1 (50%)" in text


def test_no_scores_no_section(db: Database, report_lanes) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    db.transaction(lambda s: [_conversation(s, 1, "sales", _at(16, 7))])
    report = db.read(lambda s: build_report(s, report_lanes, ReportQuery(period=week(), now=NOW)))
    assert report.score_bands == ()
    assert "Lead score" not in json.dumps([block.to_dict() for block in report_blocks(report, public=False)], ensure_ascii=False)
