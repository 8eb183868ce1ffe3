"""`python -m bot score [--lanes FILE] [--train FILE.jsonl]`: lead scores for conversations on stdin.

Each input line `{"id": …, "messages": [{"from": "customer"|"rep", "text": …,
"minutes_after_start": …}, …], "lane": …?}` gives one output line, in order: `{"id": …,
"score": 0..100, "band": …, "signals": {…}, "reasons": […]}`, or `{"id": …, "error": …}`
for a line that cannot be scored. `--train` first fits the weights (logistic regression) on
lines that also carry `"outcome": "won"|"lost"`; nothing touches the database or network.

The lanes file gives the `[scoring]` weights and thresholds: `--lanes`, else `$LANES_FILE`,
else `lanes.toml` when it exists, else the built-in defaults.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tomllib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from bot.routing.scoring import (
    Message, Scorer, ScoringConfig, ScoringConfigError, TrainedModel, compute_signals, fit, score_signals,
)  # fmt: skip

SENDERS = ("customer", "rep")


class InputError(ValueError):
    pass


def main(argv: Sequence[str], stdin: TextIO, stdout: TextIO) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot score", description="lead score 0..100 per conversation")
    parser.add_argument("--lanes", metavar="FILE", help="lanes file (default: $LANES_FILE, else lanes.toml if present)")
    parser.add_argument("--train", metavar="FILE.jsonl", help="fit the weights on lines with an outcome first")
    args = parser.parse_args(list(argv))
    for stream in (stdin, stdout):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    try:
        config = _config(args.lanes)
    except (ScoringConfigError, OSError, tomllib.TOMLDecodeError) as exc:
        print(f"score: {exc}", file=sys.stderr)
        return 1
    model: TrainedModel | None = None
    if args.train:
        try:
            model = train_from(args.train)
        except OSError as exc:
            print(f"score: --train {args.train}: {exc}", file=sys.stderr)
            return 1
        except ValueError as exc:  # nothing to learn from (no outcomes, one class only): say so, keep scoring
            print(f"score: --train {args.train}: {exc}; scoring with the configured weights", file=sys.stderr)
    for line in stdin:
        if not line.strip():
            continue
        stdout.write(json.dumps(score_line(line, config, model), ensure_ascii=False) + "\n")
        stdout.flush()
    return 0


def score_line(line: str, config: ScoringConfig, model: TrainedModel | None = None) -> dict[str, Any]:
    ident: Any = None
    try:
        item = json.loads(line)
        if not isinstance(item, dict):
            raise InputError("expected a JSON object")
        ident = item.get("id")
        messages = parse_messages(item)
        lane = item.get("lane")
        scorer: Scorer = model if model is not None else config.weights_for(lane if isinstance(lane, str) else None)
        lane_name = lane if isinstance(lane, str) else None
        result = score_signals(compute_signals(messages), scorer, config.thresholds_for(lane_name))
    except json.JSONDecodeError as exc:
        return {"id": None, "error": f"invalid JSON: {exc.msg} (column {exc.colno})"}
    except InputError as exc:
        return {"id": ident, "error": str(exc)}
    except Exception as exc:  # noqa: BLE001 — one bad line must not stop the stream
        return {"id": ident, "error": f"cannot score: {type(exc).__name__}: {exc}"}
    return {"id": ident, "score": result.score, "band": result.band, "signals": result.values,
            "reasons": list(result.reasons)}


def parse_messages(item: dict[str, Any]) -> list[Message]:
    raw = item.get("messages")
    if not isinstance(raw, list):
        raise InputError('"messages" must be a list of {"from", "text", "minutes_after_start"}')
    messages = []
    for n, entry in enumerate(raw):
        if not isinstance(entry, dict):
            raise InputError(f"messages[{n}]: expected an object")
        sender = entry.get("from")
        sender = sender.strip().lower() if isinstance(sender, str) else sender
        if sender not in SENDERS:
            raise InputError(f'messages[{n}].from: expected "customer" or "rep", got {entry.get("from")!r}')
        text = entry.get("text")
        if isinstance(text, (dict, list)):
            raise InputError(f"messages[{n}].text: expected a string")
        messages.append(Message(sender, "" if text is None else str(text), _minutes(entry.get("minutes_after_start"))))
    return messages


def _minutes(value: object) -> float | None:
    """A number of minutes; anything else (missing, null, not a number) counts as unknown."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        minutes = float(value)
    elif isinstance(value, str):
        try:
            minutes = float(value)
        except ValueError:
            return None
    else:
        return None
    return minutes if math.isfinite(minutes) else None


def outcome_lines(path: str) -> Iterator[tuple[str, dict[str, float], bool]]:
    """(id, signal values, won) for each of the file's lines that carry "won" or "lost"; other
    and malformed lines are skipped. A line without an id is named by its position."""
    with open(path, encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            try:
                item = json.loads(line)
                outcome = item.get("outcome") if isinstance(item, dict) else None
                if outcome not in ("won", "lost"):
                    continue
                signals = compute_signals(parse_messages(item))
            except (json.JSONDecodeError, InputError):
                continue
            ident = item.get("id")
            yield str(ident if ident is not None else n), {k: sig.value for k, sig in signals.items()}, outcome == "won"


def train_from(path: str) -> TrainedModel:
    """Fit on the file's lines that carry an outcome; other and malformed lines are skipped."""
    values, won = [], []
    for _ident, signal_values, was_won in outcome_lines(path):
        values.append(signal_values)
        won.append(was_won)
    return fit(values, won)


def _config(lanes_arg: str | None) -> ScoringConfig:
    path = lanes_arg or os.environ.get("LANES_FILE", "").strip() or None
    if path is None:
        path = "lanes.toml" if Path("lanes.toml").is_file() else None
    elif lanes_arg is None and not Path(path).is_file():
        print(f"score: LANES_FILE {path} not found: built-in scoring defaults", file=sys.stderr)
        path = None
    if path is None:
        return ScoringConfig()
    mapping = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    from bot.errors import ConfigError
    from bot.lanes import parse_lanes

    try:  # without the text: problems read `key: message`, as they always have here (`check` gives lines)
        lanes = parse_lanes(mapping)
    except ConfigError as exc:
        raise ScoringConfigError([f"{path}: {problem}" for problem in exc.problems]) from None
    return ScoringConfig.of(lanes.scoring)
