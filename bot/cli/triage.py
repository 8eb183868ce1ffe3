"""`python -m bot triage [--lanes FILE] [--train FILE.jsonl]` (docs/contract.md).

Reads JSON lines `{"id": …, "text": …}` on stdin and writes, per line and in order,
`{"id": …, "lane": …, "label": …, "confidence": 0..1, "reasons": [...]}`; a blank or
malformed line gives `{"id": null, "error": "..."}` instead. `--train` first fits on lines
`{"text": …, "label": …}`, added to the shipped seed set (that scores better than replacing
it: docs/triage.md), never touching the database. No network.

The lanes file: `--lanes`, else `$LANES_FILE`, else `lanes.toml` if it exists, else the
packaged example (`bot/routing/categories/lanes.example.toml`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import tomllib
from collections.abc import Sequence
from importlib import resources
from typing import Any, TextIO

from bot.cli import say_problems
from bot.errors import ConfigError


def main(argv: Sequence[str], stdin: TextIO, stdout: TextIO) -> int:
    import sys

    parser = argparse.ArgumentParser(prog="python -m bot triage", description="label and route messages (JSON lines)")
    parser.add_argument("--lanes", metavar="FILE", help="lanes file (default: $LANES_FILE, else lanes.toml, else the example)")
    parser.add_argument("--train", metavar="FILE.jsonl", help='lines {"text": …, "label": …} to fit on first')
    args = parser.parse_args(list(argv))
    from bot.lanes import parse_lanes
    from bot.routing.categories import build, label_config, labels_of

    try:
        name, text = _lanes_text(args.lanes)
        try:
            mapping = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError([f"{name}: invalid TOML: {exc}"]) from None
        try:
            lanes = parse_lanes(mapping, source=text)
        except ConfigError as exc:
            raise ConfigError([f"{name}: {_line_last(problem)}" for problem in exc.problems]) from None
        config = label_config(lanes)
        train = _training(args.train) if args.train else ()
    except ConfigError as exc:
        return say_problems("triage", exc.problems, exit_code=2)
    unknown = sorted({label for _, label in train} - set(labels_of(lanes)))
    if unknown:
        names = ", ".join(repr(label) for label in unknown)
        print(f"triage: training lines labelled {names} left out: not in the lanes file's labels", file=sys.stderr)
    triager = build(labels_of(lanes), config, train)
    for line in stdin:
        stdout.write(json.dumps(_answer(line, triager, lanes), ensure_ascii=False) + "\n")
        stdout.flush()
    return 0


def _answer(line: str, triager: Any, lanes: Any) -> dict[str, Any]:
    if not line.strip():
        return {"id": None, "error": "blank line: expected a JSON object with \"id\" and \"text\""}
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"id": None, "error": f"not JSON: {exc.msg} (column {exc.colno})"}
    if not isinstance(item, dict):
        return {"id": None, "error": "expected a JSON object with \"id\" and \"text\""}
    text = item.get("text")
    if not isinstance(text, str):  # the id, when there is one, is kept so the answer lines up
        return {"id": item.get("id"), "error": "\"text\" must be a string"}
    result = triager.classify(text, lanes)
    return {"id": item.get("id"), "lane": result.lane, "label": result.label,
            "confidence": round(min(max(result.confidence, 0.0), 1.0), 4), "reasons": list(result.reasons)}


def _line_last(problem: str) -> str:
    """`key (line 12): message` → `key: message (line 12)`: this command's messages lead with key and message."""
    match = re.fullmatch(r"(.*?) \((line \d+)\): (.*)", problem, flags=re.S)
    return f"{match[1]}: {match[3]} ({match[2]})" if match else problem


def _lanes_text(path: str | None) -> tuple[str, str]:
    path = path or (os.environ.get("LANES_FILE") or "").strip() or ("lanes.toml" if os.path.exists("lanes.toml") else None)
    if path is None:
        packaged = resources.files("bot.routing.categories").joinpath("lanes.example.toml")
        return "lanes.example.toml (packaged)", packaged.read_text(encoding="utf-8")
    try:
        with open(path, encoding="utf-8") as handle:
            return path, handle.read()
    except OSError as exc:
        raise ConfigError([f"{path}: cannot read lanes file: {exc.strerror}"]) from None


def _training(path: str) -> tuple[tuple[str, str], ...]:
    pairs, problems = [], []
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except OSError as exc:
        raise ConfigError([f"{path}: cannot read training file: {exc.strerror}"]) from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path} (line {number}): not JSON: {exc.msg}")
            continue
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not isinstance(row.get("label"), str):
            problems.append(f'{path} (line {number}): expected {{"text": …, "label": …}}')
            continue
        pairs.append((row["text"], row["label"]))
    if problems:
        raise ConfigError(problems)
    return tuple(pairs)
