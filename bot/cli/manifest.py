"""`python -m bot manifest --url https://…`: manifest.yml with your public URL in every URL."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_parser(commands: Any) -> None:
    manifest = commands.add_parser("manifest", help="print manifest.yml with your public URL in every URL")
    manifest.add_argument("--url", required=True, help="the https base URL Slack reaches the bot at")
    manifest.add_argument("--file", default="manifest.yml")


def main(args: argparse.Namespace) -> int:
    from bot.checks.manifest import with_url

    try:
        with open(args.file, encoding="utf-8") as file:
            text = file.read()
        print(with_url(text, args.url), end="")
    except OSError as exc:
        print(f"manifest: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"manifest: {exc}", file=sys.stderr)
        return 2
    return 0
