"""Triage benchmark: lane and lane+label accuracy on bench/data/triage.jsonl.

    .venv/bin/python bench/triage.py [--misses] [--data FILE] [--lanes FILE] [--unseen FILE ...]

The set is split once, by a fixed hash of each line's id, into a tuning part (~80%) and a
held-out part (~20%, `held_out(id)`). Printed:

(a) zero-shot: the shipped seed set only, on the tuning part, the held-out part and all;
(b) --train, k-fold (k=5) over the tuning part: fit on seed + 4 folds, score the 5th
    (and the same with the folds replacing the seed, which is what `--train` does not do);
(c) held-out after --train: fit on seed + the whole tuning part, score the held-out part;
(d) each unseen set (`--unseen`, default bench/data/triage_unseen*.jsonl): sets written
    after the bench set and never tuned on, scored as a whole, zero-shot and after --train on
    all of `--data` (only totals: per form, traps and per label);
and the time per message. `--misses` lists the zero-shot mistakes on the tuning part only
(the held-out part and the unseen sets are never printed line by line, so they stay unseen).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.lanes import LanesConfig, parse_lanes  # noqa: E402
from bot.routing.categories import Triager, build, label_config, labels_of  # noqa: E402

FORMS = ("en", "ar", "mixed", "arabizi")
K = 5


def held_out(item_id: str) -> bool:
    return int(hashlib.sha256(item_id.encode()).hexdigest(), 16) % 5 == 0


def score(triager: Triager, lanes: LanesConfig, rows: list[dict], misses: list | None = None) -> dict:
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in rows:
        result = triager.classify(row["text"], lanes)
        lane_ok = result.lane == row["lane"]
        both = lane_ok and result.label == row["label"]
        for key in ("all", row["form"], *(["traps"] if row["trap"] else [])):
            tally[key][0] += 1
            tally[key][1] += lane_ok
            tally[key][2] += both
        if misses is not None and not both:
            misses.append((row, result))
    return tally


def merge(into: dict, more: dict) -> None:
    for key, (n, lane, both) in more.items():
        into.setdefault(key, [0, 0, 0])
        into[key][0] += n
        into[key][1] += lane
        into[key][2] += both


def show(title: str, tally: dict, keys: tuple[str, ...] = ()) -> None:
    print(f"\n{title}")
    print(f"  {'':17} {'n':>4} {'lane':>7} {'lane+label':>11}")
    for key in ("all", *FORMS, "traps", *keys):
        if key in tally:
            n, lane, both = tally[key]
            print(f"  {key:17} {n:4d} {lane / n:7.1%} {both / n:11.1%}")


def by_label(triager: Triager, lanes: LanesConfig, rows: list[dict]) -> dict:
    """`score` plus one row per wanted label (how many of that label came out right)."""
    tally = score(triager, lanes, rows)
    for label in sorted({r["label"] for r in rows}):
        merge(tally, {label: score(triager, lanes, [r for r in rows if r["label"] == label])["all"]})
    return tally


def read_rows(path: str | Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=str(ROOT / "bench/data/triage.jsonl"))
    parser.add_argument("--lanes", default=str(ROOT / "lanes.example.toml"))
    parser.add_argument("--misses", action="store_true", help="list zero-shot mistakes on the tuning part")
    parser.add_argument("--unseen", nargs="*", metavar="FILE",
                        help="sets never tuned on (default: bench/data/triage_unseen*.jsonl; none: --unseen alone)")
    args = parser.parse_args()
    text = Path(args.lanes).read_text(encoding="utf-8")
    lanes = parse_lanes(tomllib.loads(text), source=text)
    config = label_config(lanes)
    labels = labels_of(lanes)
    rows = read_rows(args.data)
    tuning = [r for r in rows if not held_out(r["id"])]
    hidden = [r for r in rows if held_out(r["id"])]
    print(f"{len(rows)} messages: {len(tuning)} tuning, {len(hidden)} held out")

    started = time.perf_counter()
    zero = build(labels, config)
    print(f"fit on the seed set: {time.perf_counter() - started:.2f} s")
    misses: list = []
    show("(a) zero-shot (seed only), tuning part", score(zero, lanes, tuning, misses))
    show("(a) zero-shot (seed only), held-out part", score(zero, lanes, hidden))
    started = time.perf_counter()
    show("(a) zero-shot (seed only), all", score(zero, lanes, rows))
    per_message = (time.perf_counter() - started) / len(rows) * 1000

    for replace, title in ((False, "seed + 4 folds"), (True, "4 folds only, seed replaced")):
        total: dict = {}
        for k in range(K):
            train = [(r["text"], r["label"]) for i, r in enumerate(tuning) if i % K != k]
            test = [r for i, r in enumerate(tuning) if i % K == k]
            merge(total, score(build(labels, config, train, replace_seed=replace), lanes, test))
        show(f"(b) --train, {K}-fold over the tuning part ({title})", total)

    trained = build(labels, config, [(r["text"], r["label"]) for r in tuning])
    show("(c) held-out part after --train on seed + the whole tuning part", score(trained, lanes, hidden))
    unseen = args.unseen
    if unseen is None:
        unseen = sorted(map(str, (ROOT / "bench/data").glob("triage_unseen*.jsonl")))
    if unseen:
        everything = build(labels, config, [(r["text"], r["label"]) for r in rows])
    for path in unseen:
        found = read_rows(path)
        labels_seen = tuple(sorted({r["label"] for r in found}))
        show(f"(d) unseen {Path(path).name} ({len(found)}), zero-shot (seed only)",
             by_label(zero, lanes, found), labels_seen)
        show(f"(d) unseen {Path(path).name}, after --train on all of {Path(args.data).name}",
             by_label(everything, lanes, found), labels_seen)
    print(f"\n{per_message:.2f} ms per message (classify, one at a time)")
    if args.misses:
        print("\nzero-shot mistakes on the tuning part:")
        for row, result in misses:
            print(f"  {row['id']:13} want {row['label']}/{row['lane']}, got {result.label}/{result.lane} "
                  f"({result.confidence:.2f}) {row['text'][:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
