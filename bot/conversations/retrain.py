"""Retraining the lead score on outcomes: fit, compare on held-out conversations, adopt only if better.

Examples come from closed conversations (positive: closed with an outcome the lanes file
counts as qualified, `[outcomes] qualified`) or from a JSON-lines file (`"outcome": "won" |
"lost"`). A fixed 30 % of them, chosen by a hash of their id, is held out: the model is fitted
on the rest, and both it and the scorer in use now (the newest adopted model, else the lanes
file's weights) are scored on the held-out part. The new model is adopted only when its AUC
there is higher; either way the fit is stored (`score_model`) with its AUC and calibration,
and the summary is posted to the leads (escalation channel and their DMs) through the outbox.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from bot.conversations.kinds import POST
from bot.conversations.scoring import current_model, lines_to_messages
from bot.lanes import LanesConfig
from bot.routing.scoring import Decision, Scorer, ScoringConfig, TrainedModel, compare, compute_signals, fit
from bot.routing.scoring.train import BandRow
from bot.slack import score_notes
from bot.store import Session, repo

HELD_OUT_SHARE = 3  # in 10, by a hash of the id
MIN_EACH = 3  # qualified and not qualified needed on each side of the split


@dataclass(frozen=True)
class Example:
    ident: str
    values: Mapping[str, float]
    won: bool


@dataclass(frozen=True)
class Retrained:
    adopted: bool
    verdict: str
    lines: tuple[str, ...] = ()
    decision: Decision | None = None
    trained_on: int = 0
    held_out: int = 0
    model_id: int | None = None
    report: dict[str, object] = field(default_factory=dict)
    model: TrainedModel | None = None  # the fit, before it is stored


def held_out(ident: str) -> bool:
    return int(hashlib.sha1(ident.encode()).hexdigest(), 16) % 10 < HELD_OUT_SHARE


def examples_from_database(session: Session, lanes: LanesConfig, since: datetime | None = None) -> list[Example]:
    closed = repo.closed_with_outcome(session=session, since=since)
    said = repo.said_lines_of(session=session, conversation_ids=[cid for cid, _ in closed])
    qualifying = set(lanes.qualifying)
    examples = []
    for cid, outcome in closed:
        lines = said.get(cid) or []
        if not any(line.direction == "in" for line in lines):
            continue
        signals = compute_signals(lines_to_messages(lines, None))
        examples.append(Example(str(cid), {n: s.value for n, s in signals.items()}, outcome in qualifying))
    return examples


def retrain(*, session: Session, lanes: LanesConfig, examples: Sequence[Example], now: datetime, source: str,
            store: bool = True, post: bool = True) -> Retrained:
    """Fit on the examples' training part, compare on the held-out part, store and post. The caller commits."""
    result = evaluate(session=session, lanes=lanes, examples=examples)
    return record(session=session, lanes=lanes, result=result, now=now, source=source, post=post) if store else result


def evaluate(*, session: Session, lanes: LanesConfig, examples: Sequence[Example]) -> Retrained:
    """Fit and compare, reading only (the fitted model is in the result, not stored yet)."""
    train = [e for e in examples if not held_out(e.ident)]
    hold = [e for e in examples if held_out(e.ident)]
    counts = f"{len(examples)} conversations ({sum(e.won for e in examples)} qualified): " \
             f"trained on {len(train)}, held out {len(hold)}"
    if min(_classes(train) + _classes(hold)) < MIN_EACH:
        verdict = (f"not enough outcomes to retrain: {counts}; need at least {MIN_EACH} qualified and "
                   f"{MIN_EACH} not qualified on each side")
        return Retrained(False, verdict, (counts,), trained_on=len(train), held_out=len(hold))
    model = fit([e.values for e in train], [e.won for e in train])
    before: Scorer = current_model(session) or ScoringConfig.of(lanes.scoring).weights
    decision = compare(before, model, [e.values for e in hold], [e.won for e in hold], lanes.scoring.thresholds)
    lines = (counts, f"AUC on held-out: {decision.auc_before:.3f} before, {decision.auc_after:.3f} after",
             "share qualified per band (before → after):",
             *_calibration_lines(decision.calibration_before, decision.calibration_after))
    report: dict[str, object] = {
        "before": [_row(r) for r in decision.calibration_before],
        "after": [_row(r) for r in decision.calibration_after],
    }
    verdict = ("adopted: every process now scores with the new weights" if decision.adopt
               else "kept the current weights (the new fit was not better on held-out conversations)")
    return Retrained(decision.adopt, verdict, lines, decision, len(train), len(hold), None, report, model)


def record(*, session: Session, lanes: LanesConfig, result: Retrained, now: datetime, source: str,
           post: bool = True) -> Retrained:
    """Store an evaluated fit (adopted or not), log it and post it to the leads. The caller commits."""
    decision, model = result.decision, result.model
    if decision is None or model is None:
        return result
    row = repo.add_score_model(session=session, blob=model.to_json(), adopted=decision.adopt, source=source,
                               trained_on=result.trained_on, held_out=result.held_out,
                               auc_before=decision.auc_before, auc_after=decision.auc_after, report=result.report,
                               now=now)
    repo.add_event(session=session, kind="score_retrained", at=now, actor="retrain",
                   data={"model_id": row.id, "adopted": decision.adopt, "source": source,
                         "auc_before": round(decision.auc_before, 4), "auc_after": round(decision.auc_after, 4)})
    if post:
        _post_to_leads(session, lanes, score_notes.retrained(result.verdict, result.lines), now)
    return replace(result, model_id=row.id)


def _classes(examples: Sequence[Example]) -> list[int]:
    won = sum(e.won for e in examples)
    return [won, len(examples) - won]


def _row(row: BandRow) -> dict[str, object]:
    return {"band": row.band, "count": row.count, "qualified": row.won}


def _calibration_lines(before: Sequence[BandRow], after: Sequence[BandRow]) -> list[str]:
    def cell(row: BandRow) -> str:
        share = f"{row.share_won:.0%}" if row.share_won is not None else "—"
        return f"{row.won}/{row.count} = {share}"

    return [f"  {b.band:<8} {cell(b):>14}  →  {cell(a)}" for b, a in zip(before, after)]


def _post_to_leads(session: Session, lanes: LanesConfig, text: str, now: datetime) -> None:
    targets = ([lanes.workspace.escalation_channel] if lanes.workspace.escalation_channel else [])
    targets += sorted(set(lanes.workspace.leads) | {lead for lane in lanes.lanes for lead in lane.leads})
    for target in targets:
        repo.queue_job(session=session, kind=POST, payload={"channel": target, "text": text}, now=now)
