"""`python -m bot serve | migrate | check`."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from bot.errors import ConfigError

log = logging.getLogger("bot")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="WhatsApp ↔ Slack bridge")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the web app and background work in one process")
    serve.add_argument("--host", default="0.0.0.0")
    serve.add_argument("--port", type=int, default=None, help="default: $PORT, else 3000")
    commands.add_parser("migrate", help="apply database migrations to $DATABASE_URL")
    commands.add_parser("check", help="validate .env and the lanes file; exit 1 on any problem")
    args = parser.parse_args(argv)
    return {"serve": _serve, "migrate": _migrate, "check": _check}[args.command](args)


def _check(_args: argparse.Namespace) -> int:
    from bot.lanes import load_lanes
    from bot.runtime import environment
    from bot.settings import check_env

    env = environment()
    problems = [f".env: {problem}" for problem in check_env(env)]
    lanes_file = (env.get("LANES_FILE") or "").strip() or "lanes.toml"
    try:
        lanes = load_lanes(lanes_file)
    except ConfigError as exc:
        problems += [f"{lanes_file}: {problem}" for problem in exc.problems]
        lanes = None
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    assert lanes is not None
    print(f"OK: settings and {lanes_file} ({len(lanes.lanes)} lanes, {len(lanes.entry_points)} entry points)")
    return 0


def _migrate(_args: argparse.Namespace) -> int:
    from bot.runtime import configure_logging, settings_from_environment
    from bot.store.migrate import upgrade

    configure_logging()
    try:
        settings = settings_from_environment()
    except ConfigError as exc:
        return _refuse(exc)
    upgrade(settings.database_url)
    print("database is up to date")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from werkzeug.serving import make_server

    from bot.app import create_app
    from bot.deps import build_deps
    from bot.runtime import configure_logging, load_lanes_or_fail, settings_from_environment, start_background
    from bot.store.migrate import upgrade

    configure_logging()
    try:
        settings = settings_from_environment()
        lanes = load_lanes_or_fail(settings)
    except ConfigError as exc:
        return _refuse(exc)
    upgrade(settings.database_url)
    app = create_app(deps=build_deps(settings, lanes))
    worker = start_background(app)
    port = settings.port if args.port is None else args.port
    server = make_server(args.host, port, app, threaded=True)
    log.info("serving on http://%s:%d (lanes: %s)", args.host, server.server_port,
             ", ".join(lane.name for lane in lanes.lanes))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        worker.stop()
    return 0


def _refuse(exc: ConfigError) -> int:
    print(f"config error: {'; '.join(exc.problems)} (run `python -m bot check` for details)", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
