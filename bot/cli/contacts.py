"""`python -m bot contacts import FILE.csv`: account facts (number, name, company, plan,
account owner, notes) for customer context and owner-first assignment; updates by number."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_parser(commands: Any) -> None:
    contacts = commands.add_parser("contacts", help="account facts for customer context and owner-first assignment")
    contacts_commands = contacts.add_subparsers(dest="contacts_command", required=True)
    contacts_import = contacts_commands.add_parser(
        "import", help="create or update accounts from a CSV (number, name, company, plan, account owner, notes)")
    contacts_import.add_argument("csv", metavar="FILE", help="the CSV file; - for stdin")


def main(args: argparse.Namespace) -> int:
    from bot.clock import SystemClock
    from bot.conversations.accounts import import_rows, read_csv
    from bot.runtime import settings_from_environment
    from bot.store.db import Database

    if args.csv == "-":
        text = sys.stdin.read()
    else:
        with open(args.csv, encoding="utf-8-sig") as file:
            text = file.read()
    rows, problems = read_csv(text)
    for problem in problems:
        print(f"{args.csv}: {problem}", file=sys.stderr)
    database = Database(settings_from_environment().database_url)
    try:
        now = SystemClock().now()
        created, updated = database.transaction(lambda session: import_rows(session=session, rows=rows, now=now))
    finally:
        database.dispose()
    print(f"{created} account(s) created, {updated} updated, {len(problems)} line(s) skipped")
    return 1 if problems and not rows else 0
