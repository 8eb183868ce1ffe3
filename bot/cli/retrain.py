"""`python -m bot retrain --score [--train FILE.jsonl] [--dry-run]`: refit a model on outcomes.

`--score` (the only model for now; `--triage` can join it) refits the lead score on the
database's closed conversations, or on `--train`'s JSON lines (`{"id", "messages", "outcome":
"won"|"lost"}`, the `score` command's format). It prints the held-out AUC and the calibration
table before and after, adopts the new model only if it is better (stored in the database:
every process scores with it from its next message), and posts the change to the leads.
`--dry-run` prints the same and changes nothing. Exit 0 when it ran (adopted or not), 1 when
the database or the lanes file is not usable, 2 on bad arguments or an unreadable file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from bot.errors import ConfigError

if TYPE_CHECKING:
    from bot.conversations.retrain import Example


def main(argv: Sequence[str], stdout: TextIO = sys.stdout) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot retrain", description="refit a model on outcomes")
    parser.add_argument("--score", action="store_true", required=True, help="the lead score (0..100)")
    parser.add_argument("--train", metavar="FILE.jsonl", help="learn from this file instead of the database")
    parser.add_argument("--dry-run", action="store_true", help="print the comparison; store and post nothing")
    args = parser.parse_args(list(argv))
    from bot.clock import SystemClock
    from bot.conversations.retrain import examples_from_database, retrain
    from bot.runtime import load_lanes_or_fail, settings_from_environment
    from bot.cli import say_problems
    from bot.cli.database import migrated_database

    try:
        settings = settings_from_environment()
        lanes = load_lanes_or_fail(settings)
    except ConfigError as exc:
        return say_problems("retrain", exc.problems, exit_code=1)
    file_examples = None
    if args.train:
        try:
            file_examples = examples_from_file(args.train)
        except OSError as exc:
            print(f"retrain: --train {args.train}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    with migrated_database(settings.database_url, "retrain") as db:
        if db is None:
            return 1
        now = SystemClock().now()

        def run(session):  # type: ignore[no-untyped-def]
            examples = file_examples if file_examples is not None else examples_from_database(session, lanes)
            return retrain(session=session, lanes=lanes, examples=examples, now=now,
                           source="file" if args.train else "database", store=not args.dry_run)

        result = db.read(run) if args.dry_run else db.transaction(run)
    for line in result.lines:
        print(line, file=stdout)
    print(("dry run: " if args.dry_run else "") + result.verdict, file=stdout)
    return 0


def examples_from_file(path: str) -> list[Example]:
    """The file's lines that carry "won" or "lost" (others, and malformed lines, are skipped)."""
    from bot.cli.score import outcome_lines
    from bot.conversations.retrain import Example

    return [Example(ident, values, won) for ident, values, won in outcome_lines(path)]
