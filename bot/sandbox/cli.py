"""`python -m bot sandbox [--port P] [--lanes FILE]`: try the bot with no accounts."""

from __future__ import annotations

import argparse
import logging
import signal
import threading

from bot.errors import ConfigError

log = logging.getLogger("bot.sandbox")


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sandbox = commands.add_parser(
        "sandbox", help="the real app against built-in Slack and Twilio emulators, with a page to try it")
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8080, help="the page and the app (default 8080; 0: any)")
    sandbox.add_argument("--lanes", default=None, metavar="FILE",
                         help="default: lanes.toml when there is one (a dry run of your routing), else lanes.example.toml")


def run(args: argparse.Namespace) -> int:
    from bot.runtime import configure_logging
    from bot.sandbox.world import Sandbox, lanes_file_for_sandbox

    configure_logging()
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    lanes_file = lanes_file_for_sandbox(args.lanes)
    try:
        sandbox = Sandbox(lanes_file, host=args.host, port=args.port)
    except ConfigError as exc:
        print(f"{lanes_file}: " + "; ".join(exc.problems))
        return 1
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with sandbox:
        lanes = ", ".join(lane.name for lane in sandbox.lanes.lanes)
        print(f"sandbox: open {sandbox.url}/  (lanes from {lanes_file}: {lanes}; Ctrl-C to stop)", flush=True)
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
    return 0
