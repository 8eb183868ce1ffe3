"""Lead score bench: how well `python -m bot score` ranks won above lost conversations.

    .venv/bin/python bench/score.py [--data bench/data/score.jsonl] [--show]

The data (`bench/data/score.jsonl`, written for this bench) is split once by a hash of each
id: 30 % held out, never used while tuning the lexicons or the weights (the lexicons were
tuned on `bench/data/score_dev.jsonl`, separate conversations). Printed:
- default weights: AUC (sklearn.metrics.roc_auc_score) overall, per language form, without
  the misleading cases, on all the data and on the held-out part;
- trained (`--train`, logistic regression): 5-fold over the whole set (fit on 4 folds, score
  the 5th; folds by id hash), and fit on the 70 % / scored on the held-out 30 %, with the
  adopt-only-if-better decision `bot.routing.scoring.compare` makes;
- the calibration table (share won per band) for each, and, to justify the choice of scoring
  trained models as 100 × P(won), the same for coefficients rescaled into weights summing to 100;
- ms per conversation (signals + score).
`--show` lists the tuning part's conversations (not the held-out ones) with score, band and
reasons: the tuning aid.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sklearn.metrics import roc_auc_score  # noqa: E402

from bot.cli.score import parse_messages  # noqa: E402
from bot.routing.scoring import (  # noqa: E402
    SIGNALS, Scorer, Thresholds, TrainedModel, Weights, calibration, compare, compute_signals, fit, score_signals,
)  # fmt: skip

FORMS = ("en", "ar", "mixed", "arabizi")


def bucket(ident: str, n: int) -> int:
    return int(hashlib.sha1(ident.encode()).hexdigest(), 16) % n


def held_out(ident: str) -> bool:
    return bucket(ident, 10) < 3


def load(path: Path) -> list[dict]:
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for item in items:
        started = time.perf_counter()
        item["signals"] = compute_signals(parse_messages(item))
        item["ms"] = (time.perf_counter() - started) * 1000
        item["values"] = {name: s.value for name, s in item["signals"].items()}
        item["won"] = item["outcome"] == "won"
    return items


def auc_of(items: Sequence[dict], scores: Mapping[str, float]) -> str:
    won = [item["won"] for item in items]
    if len(set(won)) < 2:
        return "  n/a"
    return f"{roc_auc_score(won, [scores[item['id']] for item in items]):.3f}"


def auc_line(name: str, items: Sequence[dict], scores: Mapping[str, float]) -> str:
    parts = [f"all {auc_of(items, scores)} (n={len(items)})"]
    for form in FORMS:
        part = [i for i in items if i["form"] == form]
        parts.append(f"{form} {auc_of(part, scores)} ({len(part)})")
    plain = [i for i in items if not i["misleading"]]
    parts.append(f"no misleading {auc_of(plain, scores)} ({len(plain)})")
    tricky = [i for i in items if i["misleading"]]
    parts.append(f"misleading only {auc_of(tricky, scores)} ({len(tricky)})")
    return f"  {name:<34} " + " | ".join(parts)


def calibration_line(name: str, items: Sequence[dict], scores: Mapping[str, int]) -> str:
    rows = calibration([scores[i["id"]] for i in items], [i["won"] for i in items], Thresholds())
    cells = [
        f"{row.band} {row.won}/{row.count}" + (f" = {row.share_won:.0%}" if row.share_won is not None else "")
        for row in rows
    ]
    return f"  {name:<34} " + " | ".join(cells)


def scores_with(scorer: Scorer, items: Sequence[dict]) -> dict[str, int]:
    return {i["id"]: scorer.score(i["values"]) for i in items}


def rescaled(model: TrainedModel) -> Weights:
    """The alternative to 100 × P(won): positive coefficients rescaled into weights summing to 100."""
    positive = {name: max(0.0, model.coefficients[name]) for name in SIGNALS}
    total = sum(positive.values()) or 1.0
    return Weights({name: 100 * c / total for name, c in positive.items()})


def cross_validated(items: Sequence[dict], folds: int = 5) -> tuple[dict[str, int], dict[str, int]]:
    probability, weights = {}, {}
    for k in range(folds):
        train = [i for i in items if bucket(i["id"], folds) != k]
        test = [i for i in items if bucket(i["id"], folds) == k]
        model = fit([i["values"] for i in train], [i["won"] for i in train])
        probability.update(scores_with(model, test))
        weights.update(scores_with(rescaled(model), test))
    return probability, weights


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=str(ROOT / "bench/data/score.jsonl"))
    parser.add_argument("--show", action="store_true",
                        help="list each conversation of the tuning part (never the held-out one) with its score and reasons")
    args = parser.parse_args()
    items = load(Path(args.data))
    default = scores_with(Weights(), items)
    if args.show:
        for i in sorted((i for i in items if not held_out(i["id"])), key=lambda i: (i["won"], default[i["id"]])):
            result = score_signals(i["signals"], Weights())
            flag = " MISLEADING" if i["misleading"] else ""
            print(f"{i['id']:<12} {i['outcome']:<4} {result.score:>3} {result.band:<7}{flag} {'; '.join(result.reasons)}")
        print()
    hold = [i for i in items if held_out(i["id"])]
    rest = [i for i in items if not held_out(i["id"])]
    won = sum(i["won"] for i in items)
    print(f"{args.data}: {len(items)} conversations, {won} won / {len(items) - won} lost; "
          f"held out {len(hold)} (30 % by id hash), tuning part {len(rest)}")
    print("\nAUC")
    print(auc_line("default weights, all data", items, default))
    print(auc_line("default weights, held-out", hold, default))
    cv_probability, cv_weights = cross_validated(items)
    print(auc_line("trained 5-fold, 100 × P(won)", items, cv_probability))
    print(auc_line("trained 5-fold, rescaled weights", items, cv_weights))
    model = fit([i["values"] for i in rest], [i["won"] for i in rest])
    trained_held = scores_with(model, hold)
    print(auc_line("trained on 70 %, held-out 30 %", hold, trained_held))
    print("\nCalibration: won / conversations per band (hot ≥ 80, warm ≥ 50, nurture ≥ 20, cold)")
    print(calibration_line("default weights, all data", items, default))
    print(calibration_line("trained 5-fold, 100 × P(won)", items, cv_probability))
    print(calibration_line("trained 5-fold, rescaled weights", items, cv_weights))
    print(calibration_line("trained on 70 %, held-out 30 %", hold, trained_held))
    decision = compare(Weights(), model, [i["values"] for i in hold], [i["won"] for i in hold])
    print(f"\nAdopt-only-if-better (fit on the 70 %): {decision.reason}")
    print("Fitted coefficients (log-odds per unit of signal): "
          + ", ".join(f"{n} {c:+.2f}" for n, c in model.coefficients.items()) + f", intercept {model.intercept:+.2f}")
    started = time.perf_counter()
    rounds = 3
    for _ in range(rounds):
        for i in items:
            score_signals(compute_signals(parse_messages(i)), Weights())
    per = (time.perf_counter() - started) * 1000 / (rounds * len(items))
    print(f"\nSpeed: {per:.2f} ms per conversation (signals + score, warm), first pass "
          f"{sum(i['ms'] for i in items) / len(items):.2f} ms (cold caches)")


if __name__ == "__main__":
    main()
