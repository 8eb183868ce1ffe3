"""`python -m bot links [--out DIR]`: each entry point's click-to-chat link, and a QR code PNG.

Prints `ref<TAB>lane<TAB>link` per entry point and writes `DIR/<ref>.png` (default `links/`).
The business number is the entry point's lane's `sender`, else the first of
`TWILIO_WHATSAPP_FROM`. QR codes come from segno: pure
Python, no dependencies (it writes the PNG itself), maintained, ISO/IEC 18004 conformant.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.cli import say_problems
from bot.errors import ConfigError


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot links", description="click-to-chat links and QR codes")
    parser.add_argument("--out", default="links", metavar="DIR", help="where to write <ref>.png (default: links)")
    args = parser.parse_args(list(argv))
    import segno

    from bot.lanes import load_lanes
    from bot.routing.links import click_to_chat
    from bot.runtime import environment
    from bot.settings import parse_senders

    env = environment()
    senders = parse_senders(env.get("TWILIO_WHATSAPP_FROM") or "")
    sender = senders[0]
    if not sender:
        print("links: TWILIO_WHATSAPP_FROM is not set (the number customers write to)", file=sys.stderr)
        return 2
    lanes_file = (env.get("LANES_FILE") or "").strip() or "lanes.toml"
    try:
        lanes = load_lanes(lanes_file, senders=senders)
    except ConfigError as exc:
        return say_problems("links", (f"{lanes_file}: {problem}" for problem in exc.problems), exit_code=2)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for entry in lanes.entry_points:
        lane = lanes.lane(entry.lane)  # a lane with its own number gets links to that number
        link = click_to_chat(lane.sender or sender, entry)
        segno.make(link, error="m").save(str(out / f"{entry.ref}.png"), scale=8, border=4)
        print(f"{entry.ref}\t{entry.lane}\t{link}")
    if not lanes.entry_points:
        print("links: the lanes file has no [[entry_points]]", file=sys.stderr)
    return 0
