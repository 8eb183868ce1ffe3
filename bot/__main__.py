"""`python -m bot serve | migrate | check | report | jobs | contacts | sandbox | manifest | erase | export | score | triage | retrain`."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from bot.cli import jobs as jobs_cli
from bot.errors import ConfigError

if TYPE_CHECKING:
    from bot.deps import Deps
    from bot.lanes import LanesConfig

log = logging.getLogger("bot")


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("score", "triage"):  # the evaluation contracts: JSON lines in and out
        from bot.cli.score import main as score_main
        from bot.cli.triage import main as triage_main

        return {"score": score_main, "triage": triage_main}[argv[0]](argv[1:], sys.stdin, sys.stdout)
    # --- triage retraining (issue 14): `retrain --triage`, kept apart from `retrain --score` ---
    if argv and argv[0] == "retrain" and any(a == "--triage" or a.startswith("--triage-from") for a in argv[1:]):
        from bot.cli.retrain_triage import main as retrain_triage_main

        return retrain_triage_main(argv[1:])
    if argv and argv[0] == "links":  # click-to-chat links and QR codes per entry point (issue 14)
        from bot.cli.links import main as links_main

        return links_main(argv[1:])
    if argv and argv[0] == "retrain":
        from bot.cli.retrain import main as retrain_main

        return retrain_main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m bot", description="WhatsApp ↔ Slack bridge")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the web app and background work in one process")
    serve.add_argument("--host", default="0.0.0.0")
    serve.add_argument("--port", type=int, default=None, help="default: $PORT, else 3000")
    commands.add_parser("migrate", help="apply database migrations to $DATABASE_URL")
    check = commands.add_parser("check", help="validate .env and the lanes file; exit 1 on any problem")
    check.add_argument("--online", action="store_true",
                       help="then ask Slack and Twilio: token, channels (is the bot in each?), scopes, account, sender")
    check.add_argument("--readiness", action="store_true",
                       help="then ask Slack and score each lane's readiness (advice: gaps do not fail the check)")
    report = commands.add_parser("report", help="export a period's conversations as CSV, one row each")
    report.add_argument("--from", dest="first", metavar="YYYY-MM-DD", help="first local day")
    report.add_argument("--to", dest="last", metavar="YYYY-MM-DD", help="last local day (included)")
    report.add_argument("--csv", metavar="FILE", help="the file to write; - for stdout")
    report.add_argument("--rebuild-rollups", action="store_true",
                        help="instead, count every conversation into the report's rollups again")
    report.add_argument("--lane", action="append", default=[], metavar="NAME", help="only this lane (repeatable)")
    report.add_argument("--rep", metavar="USER_ID", help="only conversations this Slack user owns")
    from bot.cli import privacy as privacy_cli
    from bot.cli import contacts as contacts_cli
    from bot.cli import manifest as manifest_cli
    from bot.sandbox import cli as sandbox_cli

    for cli in (jobs_cli, contacts_cli, manifest_cli, sandbox_cli):
        cli.add_parser(commands)
    privacy_cli.add_commands(commands)
    args = parser.parse_args(argv)
    return {"serve": _serve, "migrate": _migrate, "check": _check, "report": _report, "jobs": jobs_cli.main,
            "contacts": contacts_cli.main, "sandbox": sandbox_cli.run, "manifest": manifest_cli.main,
            "erase": privacy_cli.erase, "export": privacy_cli.export}[args.command](args)


def _check(args: argparse.Namespace) -> int:
    from bot.lanes import load_lanes
    from bot.runtime import environment
    from bot.settings import check_env, parse_senders

    from bot.checks.placeholders import env_placeholders, lanes_placeholders

    env = environment()
    env_problems = check_env(env)
    problems = [f".env: {problem}" for problem in env_problems + env_placeholders(env)]
    lanes_file = (env.get("LANES_FILE") or "").strip() or "lanes.toml"
    senders_known = not any(problem.startswith("TWILIO_WHATSAPP_FROM") for problem in env_problems)
    try:  # a lane's sender must be one of TWILIO_WHATSAPP_FROM's, when that is known
        lanes = load_lanes(lanes_file, senders=parse_senders(env["TWILIO_WHATSAPP_FROM"]) if senders_known else None)
    except ConfigError as exc:
        problems += [f"{lanes_file}: {problem}" for problem in exc.problems]
        lanes = None
    if lanes is not None:
        problems += [f"{lanes_file}: {problem}" for problem in lanes_placeholders(lanes, _example_ids())]
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    assert lanes is not None
    print(f"OK: settings and {lanes_file} ({len(lanes.lanes)} lanes, {len(lanes.entry_points)} entry points)")
    if args.online:
        from bot.checks.run import online_findings

        findings = online_findings(env, lanes)
        for finding in findings:
            print(("" if finding.fatal else "note: ") + finding.text)
        if any(finding.fatal for finding in findings):
            print(f"{sum(f.fatal for f in findings)} problem(s) found online", file=sys.stderr)
            return 1
        print("OK online: Slack token, channels and scopes; Twilio account and sender")
    if args.readiness:
        _readiness(env, lanes)
    return 0


def _example_ids() -> set[str]:
    """The ids in lanes.example.toml (here or beside the package), which must not stay in lanes.toml."""
    from pathlib import Path

    from bot.checks.placeholders import example_ids

    for place in (Path("lanes.example.toml"), Path(__file__).resolve().parents[1] / "lanes.example.toml"):
        if place.is_file():
            return example_ids(place.read_text(encoding="utf-8"))
    return set()


def _readiness(env: Mapping[str, str], lanes: LanesConfig) -> None:
    """Score each lane against what Slack says (SLACK_API_URL, SLACK_BOT_TOKEN) and print it."""
    from bot.deps import slack_client
    from bot.reports.readiness import score_lanes
    from bot.reports.readiness_view import readiness_text
    from bot.reports.slack_facts import gather_facts
    from bot.settings import Settings

    settings = Settings.from_env(env)
    facts = gather_facts(slack_client(settings), lanes)
    print()
    print(readiness_text(score_lanes(lanes, facts, sender=settings.twilio_whatsapp_from), problems=facts.problems))


def _migrate(_args: argparse.Namespace) -> int:
    from bot.runtime import configure_logging, settings_from_environment
    from bot.settings import deployment_problems
    from bot.store.migrate import upgrade

    configure_logging()
    try:
        settings = settings_from_environment()
    except ConfigError as exc:
        return _refuse(exc)
    upgrade(settings.database_url)
    print("database is up to date")
    return 0


def _report(args: argparse.Namespace) -> int:
    """Write the report's cohort as CSV (bot/reports/export.py); bad arguments exit 2."""
    import os
    from contextlib import nullcontext
    from typing import IO

    from bot.cli.database import migrated_database
    from bot.clock import SystemClock
    from bot.reports.export import export_query, export_rows, write_csv
    from bot.runtime import load_lanes_or_fail, settings_from_environment

    try:
        settings = settings_from_environment()
        lanes = load_lanes_or_fail(settings)
    except ConfigError as exc:
        return _refuse(exc)
    if args.rebuild_rollups:
        from bot.cli.rollups import rebuild_rollups

        return rebuild_rollups(settings, lanes.workspace.timezone)
    if not (args.first and args.last and args.csv):
        print("report: --from, --to and --csv are required (or --rebuild-rollups)", file=sys.stderr)
        return 2
    try:
        query = export_query(lanes, first=args.first, last=args.last, lane_names=args.lane, rep=args.rep,
                             now=SystemClock().now())
    except ValueError as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 2
    try:
        with migrated_database(settings.database_url, "report") as db:
            if db is None:
                return 1
            try:
                out: IO[bytes] = sys.stdout.buffer if args.csv == "-" else open(args.csv, "wb")
            except OSError as exc:
                print(f"report: cannot write {args.csv}: {exc.strerror}", file=sys.stderr)
                return 2
            with nullcontext(out) if args.csv == "-" else out:
                count = db.snapshot(lambda session: write_csv(export_rows(session, lanes, query), out))
    except BrokenPipeError:  # `--csv - | head`: the reader has gone; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    if args.csv != "-":
        noun = "conversation" if count == 1 else "conversations"
        print(f"wrote {count:,} {noun} ({query.period.label}) to {args.csv}", file=sys.stderr)
    return 0


def _serve(args: argparse.Namespace) -> int:
    from werkzeug.serving import make_server

    from bot.app import create_app
    from bot.deps import build_deps
    from bot.runtime import (
        configure_logging,
        load_lanes_or_fail,
        settings_from_environment,
        start_background,
        start_socket_mode,
    )
    from bot.settings import deployment_problems
    from bot.store.migrate import upgrade

    configure_logging()
    try:
        settings = settings_from_environment()
        lanes = load_lanes_or_fail(settings)
        if deployment_problems(settings, host=args.host):
            raise ConfigError(deployment_problems(settings, host=args.host))
    except ConfigError as exc:
        return _refuse(exc)
    upgrade(settings.database_url)
    deps = build_deps(settings, lanes)
    app = create_app(deps)
    _reload_lanes_on_sighup(deps, settings.lanes_file)
    worker = start_background(deps)
    socket_mode = start_socket_mode(app, settings)
    from bot.checks.run import warn_in_background
    from bot.runtime import environment

    warn_in_background(environment(), lanes)  # a wrong token or a missing invite, said at once
    port = settings.port if args.port is None else args.port
    server = make_server(args.host, port, app, threaded=True)
    _stop_on_sigterm(server)
    log.info("serving on http://%s:%d (lanes: %s)", args.host, server.server_port,
             ", ".join(lane.name for lane in lanes.lanes))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if socket_mode is not None:
            socket_mode.close()  # type: ignore[attr-defined]
        worker.stop(timeout=30)  # finishes the jobs in flight, leases no more, releases its leases
        log.info("stopped")
    return 0


def _stop_on_sigterm(server: object) -> None:
    """SIGTERM (docker stop, systemd, Kubernetes): stop accepting, then finish in-flight work."""
    import signal
    import threading

    def stop(_signum: int, _frame: object) -> None:
        log.info("SIGTERM: stopping (finishing the jobs in flight)")
        threading.Thread(target=server.shutdown, name="shutdown", daemon=True).start()  # type: ignore[attr-defined]

    signal.signal(signal.SIGTERM, stop)


def _reload_lanes_on_sighup(deps: Deps, path: str) -> None:
    """`kill -HUP` re-reads the lanes file; a file with problems is refused and the old one kept."""
    import signal

    from bot.lanes import load_lanes

    def reload(_signum: int, _frame: object) -> None:
        try:
            deps.use_lanes(load_lanes(path, senders=deps.settings.whatsapp_senders))
        except ConfigError as exc:
            log.error("lanes file not reloaded: %s", "; ".join(exc.problems))
            return
        log.info("lanes file reloaded: %s", path)

    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, reload)


def _refuse(exc: ConfigError) -> int:
    print(f"config error: {'; '.join(exc.problems)} (run `python -m bot check` for details)", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
