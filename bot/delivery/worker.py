"""The delivery worker: leases due outbox jobs, runs them, records the result.

A job is leased (lease_until) in a short transaction, run outside any transaction, then
marked done or rescheduled. A process that dies mid-job leaves its lease to expire, and
the job runs again: nothing accepted is lost. Jobs of one conversation run strictly one
after another, in the order they were queued.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from bot import metrics
from bot.conversations import ingest
from bot.delivery import (
    assist_jobs,
    card_jobs,
    failures,
    home_jobs,
    outbound_jobs,
    privacy_jobs,
    report_jobs,
    slack_jobs,
    template_jobs,
    twilio_jobs,
)
from bot.delivery.intake_loop import intake_loop, quiet
from bot.delivery.retry import Dead, Fault, Retry, backoff
from bot.deps import Deps
from bot.slack.paced_client import Paced, paced_job
from bot.store import Session, repo
from bot.errors import StoreUnavailable
from bot.store.models import Inbound, OutboxJob

log = logging.getLogger(__name__)

JobRunner = Callable[[Deps, OutboxJob], None]
RUNNERS: dict[str, JobRunner] = {
    **card_jobs.RUNNERS, **slack_jobs.RUNNERS, **twilio_jobs.RUNNERS, **home_jobs.RUNNERS, **report_jobs.RUNNERS,
    **outbound_jobs.RUNNERS, **template_jobs.RUNNERS,
    **assist_jobs.RUNNERS,  # last: its POST_TEXT (the text, then kb/ suggestions) replaces slack_jobs'
    **privacy_jobs.RUNNERS,
}

LEASE = timedelta(seconds=30)  # > the HTTP timeout; renewed as a long job makes progress
IDLE_WAIT = 5.0  # seconds: the longest the worker sleeps when nothing wakes it


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class DeliveryWorker:
    def __init__(self, deps: Deps, *, batch: int = 20, lease: timedelta = LEASE, parallel: int = 4) -> None:
        self.deps = deps
        self.batch = batch
        self.lease = lease
        self.parallel = parallel
        # Who holds a lease: host, process and a token for this worker (pids get reused).
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
        self._wake = deps.wakeup  # set by whoever queues work (Deps.wake)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._intake_thread: threading.Thread | None = None
        self._on_stop: list[Callable[[], None]] = []

    # -- running jobs -------------------------------------------------------------
    def run_due(self) -> int:
        """Run every job that is due now, in order, until none is left; return how many ran."""
        count = 0
        # A batch holds at most one job per conversation (the first in line), so running
        # its jobs side by side keeps every conversation's order; a slow Slack answer for
        # one conversation does not hold up the others.
        with ThreadPoolExecutor(max_workers=self.parallel, thread_name_prefix="delivery") as pool:
            while not self._stop.is_set():  # stopping: finish, lease no more
                taken, jobs = self._take_in_and_lease()
                if not jobs and not taken:
                    break
                if len(jobs) == 1:
                    self._run(jobs[0])  # the common case at low load: no hand-over to a pool thread
                else:
                    list(pool.map(self._run, jobs))
                count += len(jobs)
        return count

    def _take_in_and_lease(self) -> tuple[int, list[OutboxJob]]:
        """Durable ingest's intake (inbound rows the webhook stored, `conversations.ingest`) and the
        lease of due jobs, in one transaction: a message's card or text is leased in the same
        commit that stores it. If intake meets a bug, it goes row by row on its own (`ingest.drain`)."""
        now = self.deps.clock.now()
        lock = self.deps.db.is_postgres

        # In a dense burst the background loop leaves intake to the intake thread (in batches, once
        # the burst pauses); `run_due` called directly (tests, drains) always takes in.
        take = self._thread is None or threading.current_thread() is not self._thread or quiet(self.deps)

        def work(session: Session) -> tuple[list[tuple[Inbound, ingest.Accepted]], list[OutboxJob]]:
            taken = (ingest.take_in(session=session, lanes=self.deps.lanes, now=now, limit=ingest.BATCH, lock=lock)
                     if take else [])
            return taken, self._lease(session, now)

        try:
            taken, jobs = self.deps.db.transaction(work)
        except StoreUnavailable:
            raise
        except Exception:  # noqa: BLE001 - a bug in intake must not hold up delivery
            log.exception("intake failed in a batch; taking messages in one by one")
            handled = ingest.drain(db=self.deps.db, lanes=self.deps.lanes, clock=self.deps.clock)
            return handled, self._lease_due()
        ingest.told(taken)
        return len(taken), jobs

    def _lease_due(self) -> list[OutboxJob]:
        now = self.deps.clock.now()
        return self.deps.db.transaction(lambda session: self._lease(session, now))

    def _lease(self, session: Session, now: datetime) -> list[OutboxJob]:
        jobs = repo.due_jobs(session=session, now=now, limit=self.batch, lock=self.deps.db.is_postgres)
        for job in jobs:
            job.lease_until = now + self.lease
            job.lease_owner = self.owner
            job.attempts += 1
            session.add(job)
        return jobs

    def _run(self, job: OutboxJob) -> None:
        runner = RUNNERS.get(job.kind)
        if not failures.may_run(self.deps, job):
            return  # paused by a configuration fault that still holds
        ok = False
        try:
            if runner is None:
                raise Retry(f"no runner for job kind {job.kind!r}", delay=3600)
            with paced_job(job.id):
                runner(self.deps, job)
        except Paced as paced:  # Slack's limits: not a failure, no attempt used, no backoff
            log.debug("job %s (%s) paced for %.2fs", job.id, job.kind, paced.delay)
            self._finish(job, state="pending", delay=paced.delay, paced=True)
            return
        except Fault as fault:
            failures.paused(self.deps, job, fault)
        except Dead as failure:
            failures.dead(self.deps, job, failure)
            failures.after_probe(self.deps, job)  # Slack answered, and not with the fault
        except Retry as retry:
            delay = retry.delay if retry.delay is not None else backoff(job.attempts)
            log.warning("job %s (%s) will retry in %.0fs: %s", job.id, job.kind, delay, retry.reason)
            self._finish(job, state="pending", delay=delay, error=retry.reason)
        except Exception as exc:  # noqa: BLE001 - a bug must delay delivery, never drop it
            log.exception("job %s (%s) failed unexpectedly", job.id, job.kind)
            self._finish(job, state="pending", delay=backoff(job.attempts), error=f"{type(exc).__name__}: {exc}")
        else:
            self._finish(job, state="done")
            ok = True
            failures.after_probe(self.deps, job)  # a paused job got through: its fault has cleared
            log.info("delivered job %s (%s)%s", job.id, job.kind,
                     f" at attempt {job.attempts}" if job.attempts > 1 else "")
        metrics.job_finished(job.kind, ok=ok, queued_at=job.created_at, now=self.deps.clock.now())

    def _finish(self, job: OutboxJob, *, state: str, delay: float = 0.0, error: str | None = None,
                paced: bool = False) -> None:
        now = self.deps.clock.now()

        def record(session: Session) -> None:
            stored = session.get(OutboxJob, job.id)
            if stored is None:
                return
            stored.state = state
            stored.lease_until = None
            stored.lease_owner = None
            if paced:  # the lease counted an attempt; waiting for Slack's token is not one
                stored.attempts = max(0, stored.attempts - 1)
            else:
                stored.last_error = error
            if state == "done":
                stored.done_at, stored.in_flight_at, stored.fault = now, None, None
            else:
                stored.next_attempt_at = now + timedelta(seconds=delay)
            session.add(stored)

        self.deps.db.transaction(record)

    def reclaim_dead_leases(self) -> int:
        """Release the leases of workers on this host whose process is gone (a crash or a
        kill), so their work resumes now rather than when the lease runs out. Leases of
        live processes, and of other hosts, are left to expire."""
        host, pid, _token = self.owner.rsplit(":", 2)

        def is_dead(owner: str) -> bool:
            _host, owner_pid, _ = owner.rsplit(":", 2)
            if owner == self.owner or not owner_pid.isdigit():
                return False
            # Same pid, another token: a previous process that had our pid (containers);
            # there is one delivery worker per process.
            return int(owner_pid) == int(pid) or not _process_alive(int(owner_pid))

        def release(session: Session) -> int:
            dead = [job for job in repo.leases_held(session=session, owner_prefix=f"{host}:")
                    if job.lease_owner and is_dead(job.lease_owner)]
            for job in dead:
                job.lease_until, job.lease_owner = None, None
                session.add(job)
            return len(dead)

        released = self.deps.db.transaction(release)
        if released:
            log.warning("took back %d job(s) leased by a process that is gone", released)
        return released

    # -- the background thread ----------------------------------------------------
    def wake(self) -> None:
        """Work was queued: run now instead of at the next idle tick."""
        self._wake.set()

    def start(self) -> None:
        if self._thread is not None:
            return
        self.reclaim_dead_leases()
        try:  # before the first webhook's intake, outside any transaction
            ingest.warm(db=self.deps.db, lanes=self.deps.lanes)
        except Exception:  # noqa: BLE001 - intake will do it then
            log.exception("could not warm up intake")
        self._thread = threading.Thread(target=self._loop, name="delivery-worker", daemon=True)
        self._thread.start()
        self._intake_thread = threading.Thread(target=intake_loop, args=(self.deps, self._stop, self._wake),
                                               name="delivery-intake", daemon=True)
        self._intake_thread.start()

    def on_stop(self, callback: Callable[[], None]) -> None:
        """Run `callback` when the worker stops (the scheduler started beside it)."""
        self._on_stop.append(callback)

    def stop(self, timeout: float = 10.0) -> None:
        for callback in self._on_stop:
            callback()
        self._stop.set()
        self._wake.set()
        self.deps.intake_wakeup.set()
        if self._intake_thread is not None:
            self._intake_thread.join(timeout)
            self._intake_thread = None
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                log.warning("delivery worker still busy after %.0fs: its leases expire or are taken back at restart",
                            timeout)
            else:
                self._release_own_leases()
            self._thread = None

    def _release_own_leases(self) -> None:
        """Graceful stop: nothing of ours is running, so no lease of ours should stay behind."""
        def release(session: Session) -> int:
            held = repo.leases_held(session=session, owner_prefix=self.owner)
            for job in held:
                job.lease_until, job.lease_owner = None, None
                session.add(job)
            return len(held)

        if released := self.deps.db.transaction(release):
            log.info("released %d lease(s) on stopping", released)

    def _loop(self) -> None:
        log.info("delivery worker started")
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self.run_due()
                wait = self._seconds_until_next()
            except Exception:  # noqa: BLE001 - e.g. the database is down: keep trying
                log.exception("delivery worker pass failed")
                wait = IDLE_WAIT
            self._wake.wait(wait)
        log.info("delivery worker stopped")

    def _seconds_until_next(self) -> float:
        due = self.deps.db.read(lambda session: repo.next_job_time(session=session))
        if due is None:
            return IDLE_WAIT
        return max(0.05, min(IDLE_WAIT, (due - self.deps.clock.now()).total_seconds()))
