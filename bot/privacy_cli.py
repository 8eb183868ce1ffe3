"""`python -m bot erase --contact +9715…` and `python -m bot export --contact +9715…`."""

from __future__ import annotations

import argparse
import json
import sys

from bot.conversations import privacy
from bot.errors import ConfigError
from bot.logmask import mask_numbers
from bot.store.db import Database


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    erase = commands.add_parser("erase", help="erase a customer's personal data (database now, Slack through the worker)")
    erase.add_argument("--contact", required=True, metavar="+NUMBER", help="the customer's WhatsApp number")
    export = commands.add_parser("export", help="print everything stored about a customer as JSON")
    export.add_argument("--contact", required=True, metavar="+NUMBER", help="the customer's WhatsApp number")


def _database() -> Database:
    from bot.runtime import settings_from_environment

    return Database(settings_from_environment().database_url)


def erase(args: argparse.Namespace) -> int:
    try:
        db = _database()
    except ConfigError as exc:
        print(f"config error: {'; '.join(exc.problems)}", file=sys.stderr)
        return 1
    from bot.clock import SystemClock

    now = SystemClock().now()
    counts = db.transaction(lambda session: privacy.erase(session=session, number=args.contact, now=now, actor="cli"))
    db.dispose()
    if counts is None:
        print(f"no customer with the number {mask_numbers(args.contact)}", file=sys.stderr)
        return 1
    print(f"erased: {counts['conversations']} conversation(s), {counts['messages']} message(s); the bot's posts "
          "and files in Slack are deleted by the running bot's worker")
    return 0


def export(args: argparse.Namespace) -> int:
    try:
        db = _database()
    except ConfigError as exc:
        print(f"config error: {'; '.join(exc.problems)}", file=sys.stderr)
        return 1
    data = db.read(lambda session: privacy.export(session=session, number=args.contact))
    db.dispose()
    if data is None:
        print(f"no customer with the number {mask_numbers(args.contact)}", file=sys.stderr)
        return 1
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    print()
    return 0
