"""`python -m bot jobs`: the outbox for the operator.

    python -m bot jobs               pending, paused and dead jobs, with conversation and last error
    python -m bot jobs retry ID      run a dead (or waiting) job again now, in its conversation's order
    python -m bot jobs retry --dead  the same for every dead letter
    python -m bot jobs drop ID       give up on a job for good

Retry and drop print a confirmation line and leave an audit event (kind job_retried /
job_dropped, actor cli:<user>).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:  # the store (sqlmodel) loads only when the command runs
    from bot.store import Session
    from bot.store.db import Database
    from bot.store.models import OutboxJob


def add_parser(commands: Any) -> None:
    jobs = commands.add_parser("jobs", help="list pending, paused and dead outbox jobs; retry or drop them")
    actions = jobs.add_subparsers(dest="jobs_action")
    retry = actions.add_parser("retry", help="run a dead or waiting job again now")
    retry.add_argument("id", nargs="?", type=int, help="the job's id (see `python -m bot jobs`)")
    retry.add_argument("--dead", action="store_true", help="every dead job")
    drop = actions.add_parser("drop", help="give up on a job for good")
    drop.add_argument("id", type=int)


def main(args: argparse.Namespace) -> int:
    """From `python -m bot jobs`: settings from the environment, then `run`."""
    from bot.clock import SystemClock
    from bot.errors import ConfigError
    from bot.runtime import settings_from_environment
    from bot.cli.database import migrated_database

    try:
        settings = settings_from_environment()
    except ConfigError as exc:
        print(f"config error: {'; '.join(exc.problems)}", file=sys.stderr)
        return 1
    with migrated_database(settings.database_url, "jobs") as db:
        if db is None:
            return 1
        return run(args, db=db, now=SystemClock().now(), out=sys.stdout, actor=f"cli:{getpass.getuser()}")


def run(args: argparse.Namespace, *, db: Database, now: datetime, out: IO[str], actor: str) -> int:
    action = getattr(args, "jobs_action", None)
    if action == "retry":
        if args.dead == (args.id is not None):
            print("jobs retry: give a job id or --dead", file=sys.stderr)
            return 2
        return _retry(db, now, out, actor, None if args.dead else args.id)
    if action == "drop":
        return _drop(db, now, out, actor, args.id)
    db.read(lambda session: _list(session, now, out))
    return 0


def _list(session: Session, now: datetime, out: IO[str]) -> None:
    from bot.store import repo

    waiting, since = repo.inbound_backlog(session=session)
    if waiting:  # stored by the webhook, not yet taken in by a delivery worker's intake
        age = f", the oldest for {int((now - since).total_seconds())}s" if since else ""
        print(f"{waiting} inbound message(s) waiting for intake{age}", file=out)
    jobs = repo.jobs_to_show(session=session)
    if not jobs:
        print("no pending or dead jobs", file=out)
        return
    print(f"{'ID':>6}  {'STATE':<8} {'KIND':<22} {'CONVERSATION':<22} {'TRIES':>5}  {'DUE':<10} LAST ERROR", file=out)
    for job in jobs:
        print(f"{job.id:>6}  {_state(job):<8} {job.kind:<22} {_conversation(session, job):<22} {job.attempts:>5}  "
              f"{_due(job, now):<10} {_error(job)}", file=out)


def _state(job: OutboxJob) -> str:
    if job.state == "pending" and job.fault:
        return "paused"
    return job.state


def _conversation(session: Session, job: OutboxJob) -> str:
    from bot.store.models import Conversation

    if job.conversation_id is None:
        return "-"
    conversation = session.get(Conversation, job.conversation_id)
    return f"#{job.conversation_id} ({conversation.lane})" if conversation else f"#{job.conversation_id}"


def _due(job: OutboxJob, now: datetime) -> str:
    if job.state != "pending" or job.next_attempt_at is None:
        return "-"
    seconds = int((job.next_attempt_at - now).total_seconds())
    return "now" if seconds <= 0 else f"in {seconds}s"


def _error(job: OutboxJob) -> str:
    parts = [f"[{job.fault}]"] if job.fault else []
    if job.last_error:
        parts.append(" ".join(job.last_error.split())[:120])
    return " ".join(parts) or "-"


def _retry(db: Database, now: datetime, out: IO[str], actor: str, job_id: int | None) -> int:
    from bot.store import repo

    def work(session: Session) -> list[int]:
        ids = repo.dead_job_ids(session=session) if job_id is None else [job_id]
        done = repo.retry_jobs(session=session, job_ids=ids, now=now)
        for item in done:
            repo.add_event(session=session, kind="job_retried", at=now, actor=actor, data={"job": item})
        return done

    done = db.transaction(work)
    if job_id is not None and not done:
        print(f"jobs retry: no pending or dead job {job_id}", file=sys.stderr)
        return 1
    what = f"job {job_id}" if job_id is not None else f"{len(done)} dead job(s)"
    print(f"retried {what}: the worker runs {'it' if job_id is not None else 'them'} now, "
          "in each conversation's order", file=out)
    return 0


def _drop(db: Database, now: datetime, out: IO[str], actor: str, job_id: int) -> int:
    from bot.store import repo

    def work(session: Session) -> OutboxJob | None:
        job = repo.job(session=session, job_id=job_id)
        if job is None or not repo.drop_job(session=session, job_id=job_id, now=now):
            return None
        repo.add_event(session=session, kind="job_dropped", at=now, actor=actor, conversation_id=job.conversation_id,
                       data={"job": job_id, "kind": job.kind, "last_error": job.last_error})
        return job

    job = db.transaction(work)
    if job is None:
        print(f"jobs drop: no pending or dead job {job_id}", file=sys.stderr)
        return 1
    about = f", conversation {job.conversation_id}" if job.conversation_id else ""
    print(f"dropped job {job_id} ({job.kind}{about}): it will not be delivered", file=out)
    return 0
