"""`python -m bot retrain --triage [--triage-from FILE.jsonl]`: refit triage from the team's labels.

Reads the labels people gave conversations (and, with `--triage-from`, lines
`{"text": …, "label": …}` kept as imported examples), prints per-label precision/recall on the
held-out conversations before and after, and stores the new model only if it is better
(bot/conversations/retrain_triage.py). Exit 0 when it ran (adopted or not), 2 on bad input,
1 when the database is not ready.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from bot.errors import ConfigError


def main(argv: Sequence[str], stdout: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    parser = argparse.ArgumentParser(prog="python -m bot retrain", description="refit triage from the team's labels")
    parser.add_argument("--triage", action="store_true", help="retrain the message classifier")
    parser.add_argument("--triage-from", metavar="FILE.jsonl", help='first keep lines {"text": …, "label": …}')
    args = parser.parse_args(list(argv))
    if not args.triage and not args.triage_from:
        parser.error("say what to retrain: --triage")
    from bot.cli import say_problems
    from bot.cli.triage import _training
    from bot.clock import SystemClock
    from bot.conversations.retrain_triage import retrain
    from bot.runtime import load_lanes_or_fail, settings_from_environment
    from bot.cli.database import migrated_database

    try:
        settings = settings_from_environment()
        lanes = load_lanes_or_fail(settings)
        imported = _training(args.triage_from) if args.triage_from else ()
    except ConfigError as exc:
        return say_problems("retrain", exc.problems, exit_code=2)
    with migrated_database(settings.database_url, "retrain") as db:
        if db is None:
            return 1
        now = SystemClock().now()
        report = db.transaction(lambda session: retrain(session=session, lanes=lanes, imported=imported, now=now))
    out.write(render(report))
    return 0


def render(report) -> str:  # type: ignore[no-untyped-def]
    lines = [f"triage examples: {report.examples} ({report.imported} imported now), held out: {report.held_out}"]
    if report.skipped:
        lines.append("left out (not in the lanes file's labels): " + ", ".join(repr(s) for s in report.skipped))
    if report.before is not None and report.after is not None:
        lines.append(f"{'label':24} {'n':>4} {'P before':>9} {'R before':>9} {'P after':>9} {'R after':>9}")
        after = {row.label: row for row in report.after.labels}
        for row in report.before.labels:
            new = after.get(row.label)
            lines.append(f"{row.label[:24]:24} {row.support:4d} {_pct(row.precision):>9} {_pct(row.recall):>9} "
                         f"{_pct(new.precision if new else None):>9} {_pct(new.recall if new else None):>9}")
        lines.append(f"held-out accuracy: before {report.before.accuracy:.1%}, after {report.after.accuracy:.1%}")
    lines.append(report.why + (f" (model version {report.version})" if report.version is not None else ""))
    return "\n".join(lines) + "\n"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"
