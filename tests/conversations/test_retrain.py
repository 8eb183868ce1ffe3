"""Retraining the lead score on outcomes (SQLite and PostgreSQL): adopt only if better, store the
model for every process, post the change to the leads; the weekly run happens once; the CLI."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from bot.cli.retrain import main as retrain_main

from bot.conversations import scoring
from bot.conversations.retrain import examples_from_database, retrain
from bot.deps import build_deps
from bot.lanes import Scoring
from bot.routing.scoring import TrainedModel, Weights
from bot.store.models import OutboxJob, ScoreModel
from bot.timers.score_retrain import retrain_weekly
from tests.factories import NOW, make_contact, make_conversation, make_message
from tests.test_cli import ROOT, run_bot

WON = [
    "We need Google ads for our clinic, budget {n}k AED, can we meet tomorrow at {h}pm?",
    "I'm the owner, let's start next week, send the contract, budget {n}k",
    "Please send the invoice, we want to start on Sunday {h} am, {n} pages",
    "ابي اعلانات جوجل، الميزانية {n} الف، ممكن نجتمع بكرة الساعة {h}",
]
LOST = [
    "how much? too expensive for us, {n}k is a lot",
    "just checking prices, not now maybe next year {n}",
    "not interested, we went with another agency {n}",
    "غالي علينا، بس اسأل عن السعر {n}",
]
# Deliberately poor weights (all on sentiment): a fit on outcomes beats them.
POOR = {"calendar_intent": 0, "intent_keywords": 0, "reply_speed": 0, "specificity": 0, "objection": 0,
        "volunteered_info": 0, "sentiment": 100}


def closed_conversations(session, count: int = 60) -> None:  # type: ignore[no-untyped-def]
    for n in range(count):
        won = n % 2 == 0
        texts = WON if won else LOST
        contact = make_contact(session, wa_id=f"+9715000{n:05d}")
        conversation = make_conversation(session, contact=contact, status="closed", open_key=None,
                                         outcome="Qualified" if won else "Non-fit", closed_at=NOW)
        make_message(session, conversation, body=texts[n // 2 % len(texts)].format(n=n + 5, h=n % 9 + 1))
        make_message(session, conversation, body="Thanks! Let me check", direction="out",
                     now=NOW + timedelta(minutes=2))
        make_message(session, conversation, body="ok" if won else "fine, later maybe",
                     now=NOW + timedelta(minutes=3 if won else 600))


def poor(lanes):  # type: ignore[no-untyped-def]
    return replace(lanes, scoring=Scoring(weights=POOR))


def test_retraining_adopts_a_better_model_that_every_process_then_scores_with(db, lanes):
    lanes = poor(lanes)
    db.transaction(closed_conversations)
    result = db.transaction(lambda s: retrain(session=s, lanes=lanes, examples=examples_from_database(s, lanes),
                                              now=NOW, source="database"))
    assert result.adopted and result.decision is not None
    assert result.decision.auc_after > result.decision.auc_before
    assert result.trained_on + result.held_out == 60 and result.held_out > 0
    assert any("AUC on held-out" in line for line in result.lines)
    assert any(line.strip().startswith("hot") for line in result.lines)  # the calibration table
    with db.session() as session:
        [row] = session.exec(select(ScoreModel)).all()
        posts = session.exec(select(OutboxJob).where(OutboxJob.kind == "slack.post")).all()
        scorer = scoring.scorer_for(session, lanes, "sales")
    assert row.adopted and row.source == "database" and row.report and "before" in row.report
    assert isinstance(scorer, TrainedModel) and scorer.to_json() == row.blob
    assert {p.payload["channel"] for p in posts} == {"C0ESCALATE"}
    assert "Lead score retrained" in posts[0].payload["text"] and "adopted" in posts[0].payload["text"]

    again = db.transaction(lambda s: retrain(session=s, lanes=lanes, examples=examples_from_database(s, lanes),
                                             now=NOW, source="database"))
    assert not again.adopted and "kept the current weights" in again.verdict  # the same fit is not better
    with db.session() as session:
        assert len(session.exec(select(ScoreModel)).all()) == 2
        assert scoring.scorer_for(session, lanes, "sales").to_json() == row.blob  # type: ignore[union-attr]


def test_a_new_conversation_is_scored_with_the_adopted_model(db, lanes):
    lanes = poor(lanes)
    db.transaction(closed_conversations)
    db.transaction(lambda s: retrain(session=s, lanes=lanes, examples=examples_from_database(s, lanes), now=NOW,
                                     source="database"))

    def score_one(session):  # type: ignore[no-untyped-def]
        conversation = make_conversation(session, contact=make_contact(session, wa_id="+971509999999"))
        make_message(session, conversation, body="We need Google ads, budget 20k AED, can we meet tomorrow 10am?")
        scoring.rescore(session=session, conversation=conversation, lanes=lanes, now=NOW)
        with_poor_weights = Weights(POOR).score(scoring.score_of(session, conversation, lanes).values)
        return conversation.score, with_poor_weights

    adopted, poor_score = db.transaction(score_one)
    assert adopted is not None and adopted >= 80 and poor_score <= 50


def test_too_few_outcomes_change_nothing(db, lanes):
    db.transaction(lambda s: closed_conversations(s, 6))
    result = db.transaction(lambda s: retrain(session=s, lanes=lanes, examples=examples_from_database(s, lanes),
                                              now=NOW, source="database"))
    assert not result.adopted and result.verdict.startswith("not enough outcomes")
    with db.session() as session:
        assert session.exec(select(ScoreModel)).all() == []


def test_the_weekly_retraining_runs_once_across_processes(settings, deps, clock, db):
    deps.use_lanes(poor(deps.lanes))
    db.transaction(closed_conversations)
    other = build_deps(settings, deps.lanes, clock=clock)  # a second process on the same database
    try:
        assert retrain_weekly(deps) is True  # Sunday 13:00 in Dubai: this week's run is due
        assert retrain_weekly(other) is False and retrain_weekly(deps) is False
        clock.advance(timedelta(days=7))
        assert retrain_weekly(other) is True  # next week
    finally:
        other.db.dispose()
    with db.session() as session:
        rows = session.exec(select(ScoreModel)).all()
    assert [row.adopted for row in rows] == [True, False]


def test_retrain_cli_from_a_file(tmp_path: Path) -> None:
    shutil.copy(ROOT / "lanes.example.toml", tmp_path / "lanes.toml")
    lines = []
    for n in range(60):
        won = n % 2 == 0
        text = (WON if won else LOST)[n // 2 % 4].format(n=n + 5, h=n % 9 + 1)
        lines.append(json.dumps({"id": f"c{n}", "outcome": "won" if won else "lost", "messages": [
            {"from": "customer", "text": text, "minutes_after_start": 0},
            {"from": "rep", "text": "Thanks", "minutes_after_start": 2},
            {"from": "customer", "text": "ok", "minutes_after_start": 3 if won else 600}]}, ensure_ascii=False))
    (tmp_path / "train.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run_bot(tmp_path, "migrate").returncode == 0

    dry = run_bot(tmp_path, "retrain", "--score", "--train", "train.jsonl", "--dry-run")
    assert dry.returncode == 0, dry.stderr.decode()
    out = dry.stdout.decode()
    assert "AUC on held-out" in out and "share qualified per band" in out and "dry run: " in out

    missing = run_bot(tmp_path, "retrain", "--score", "--train", "nope.jsonl")
    assert missing.returncode == 2 and "nope.jsonl" in missing.stderr.decode()
    with pytest.raises(SystemExit) as refused:  # --score is required (room for --triage later)
        retrain_main([])
    assert refused.value.code == 2
