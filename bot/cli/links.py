"""`python -m bot links [--out DIR]`: each entry point's click-to-chat link, and a QR code PNG.

Prints `ref<TAB>lane<TAB>link` per entry point and writes `DIR/<ref>.png` (default `links/`).
The business number is the first of `TWILIO_WHATSAPP_FROM`. QR codes come from segno: pure
Python, no dependencies (it writes the PNG itself), maintained, ISO/IEC 18004 conformant.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.errors import ConfigError


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot links", description="click-to-chat links and QR codes")
    parser.add_argument("--out", default="links", metavar="DIR", help="where to write <ref>.png (default: links)")
    args = parser.parse_args(list(argv))
    import segno

    from bot.lanes import load_lanes
    from bot.routing.links import click_to_chat
    from bot.runtime import environment

    env = environment()
    sender = (env.get("TWILIO_WHATSAPP_FROM") or "").split(",")[0].strip()
    if not sender:
        print("links: TWILIO_WHATSAPP_FROM is not set (the number customers write to)", file=sys.stderr)
        return 2
    lanes_file = (env.get("LANES_FILE") or "").strip() or "lanes.toml"
    try:
        lanes = load_lanes(lanes_file)
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"links: {lanes_file}: {problem}", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for entry in lanes.entry_points:
        link = click_to_chat(sender, entry)
        segno.make(link, error="m").save(str(out / f"{entry.ref}.png"), scale=8, border=4)
        print(f"{entry.ref}\t{entry.lane}\t{link}")
    if not lanes.entry_points:
        print("links: the lanes file has no [[entry_points]]", file=sys.stderr)
    return 0
