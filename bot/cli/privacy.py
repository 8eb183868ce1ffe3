"""`python -m bot erase --contact +9715…` and `python -m bot export --contact +9715…`."""

from __future__ import annotations

import argparse
import json
import sys

from bot.cli.database import migrated_database
from bot.conversations import privacy
from bot.errors import ConfigError
from bot.logmask import mask_numbers


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    erase = commands.add_parser("erase", help="erase a customer's personal data (database now, Slack through the worker)")
    erase.add_argument("--contact", required=True, metavar="+NUMBER", help="the customer's WhatsApp number")
    export = commands.add_parser("export", help="print everything stored about a customer as JSON")
    export.add_argument("--contact", required=True, metavar="+NUMBER", help="the customer's WhatsApp number")


def _database_url() -> str | None:
    from bot.runtime import settings_from_environment

    try:
        return settings_from_environment().database_url
    except ConfigError as exc:
        print(f"config error: {'; '.join(exc.problems)}", file=sys.stderr)
        return None


def erase(args: argparse.Namespace) -> int:
    from bot.clock import SystemClock

    if (url := _database_url()) is None:
        return 1
    now = SystemClock().now()
    with migrated_database(url, "erase") as db:
        if db is None:
            return 1
        counts = db.transaction(lambda session: privacy.erase(session=session, number=args.contact, now=now,
                                                              actor="cli"))
    if counts is None:
        print(f"no customer with the number {mask_numbers(args.contact)}", file=sys.stderr)
        return 1
    print(f"erased: {counts['conversations']} conversation(s), {counts['messages']} message(s); the bot's posts "
          "and files in Slack are deleted by the running bot's worker")
    return 0


def export(args: argparse.Namespace) -> int:
    if (url := _database_url()) is None:
        return 1
    with migrated_database(url, "export") as db:
        if db is None:
            return 1
        data = db.read(lambda session: privacy.export(session=session, number=args.contact))
    if data is None:
        print(f"no customer with the number {mask_numbers(args.contact)}", file=sys.stderr)
        return 1
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    print()
    return 0
