"""The engine and sessions. No module-level engine: `Database(url)` is built at start-up."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import TypeVar

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine

from bot.errors import StoreUnavailable

log = logging.getLogger(__name__)
T = TypeVar("T")


def normalize_url(url: str) -> str:
    """`postgresql://…` means psycopg 3 here (the driver we ship), not psycopg2."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


# Nothing hangs: a webhook answers 503 within a few seconds when the database is locked
# (Twilio gives up at 15 s). SQLite's busy wait and this process's writer queue are
# bounded by LOCK_WAIT_S; PostgreSQL gives up waiting for a lock after LOCK_TIMEOUT_MS and
# cancels any statement after STATEMENT_TIMEOUT_MS; no retry starts after DEADLINE_S.
LOCK_WAIT_S = 3.0
LOCK_TIMEOUT_MS = 3000
STATEMENT_TIMEOUT_MS = 10_000
DEADLINE_S = 2.0

SNAPSHOT = "wa_bridge_snapshot"  # execution option: a read-only transaction that never blocks writers


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:")
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": LOCK_WAIT_S},
            hide_parameters=True,  # bound values (phones, bodies) never reach logs or errors
            poolclass=StaticPool if memory else None,
        )
        _sqlite_serialised_writes(engine)
        return engine
    # No JIT: it compiled for 250 ms to save little on report queries (bench/report.py);
    # this is a service of short queries.
    options = f"-c jit=off -c lock_timeout={LOCK_TIMEOUT_MS} -c statement_timeout={STATEMENT_TIMEOUT_MS}"
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, hide_parameters=True,
                         pool_timeout=LOCK_WAIT_S * 2, connect_args={"options": options, "connect_timeout": 5})


def _private_file(path: str | None) -> None:
    """The database holds customers' data: readable by this user only (0600). Run on every new
    connection, before WAL is turned on: SQLite gives its -wal and -shm files the database
    file's mode, so they are 0600 too."""
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    try:
        for name in (path, f"{path}-wal", f"{path}-shm"):
            if os.path.exists(name):
                os.chmod(name, 0o600)
    except OSError as exc:  # a read-only place: SQLite will say what is wrong
        log.warning("could not make %s private: %s", path, exc)


def _sqlite_serialised_writes(engine: Engine) -> None:
    """SQLite: WAL, foreign keys, and BEGIN IMMEDIATE so concurrent writers queue instead of failing."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None
        _private_file(engine.url.database)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(LOCK_WAIT_S * 1000)}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # type: ignore[no-untyped-def]
        # A snapshot read (reports) takes no write lock: in WAL mode it never blocks writers.
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(SNAPSHOT) else "BEGIN IMMEDIATE")


class Database:
    def __init__(self, url: str) -> None:
        self.url = normalize_url(url)
        self.engine = make_engine(self.url)
        # SQLite has one writer at a time; threads of this process queue on a lock instead
        # of SQLite's busy handler, which sleeps and polls.
        self._turn: AbstractContextManager[object] = (
            _BoundedTurn() if self.engine.dialect.name == "sqlite" else nullcontext()
        )

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def transaction(self, work: Callable[[Session], T], *, attempts: int = 5) -> T:
        """Run `work(session)` and commit; on a unique-key race or a lock conflict, run it again.

        `work` must be safe to repeat: it reads what it needs inside the transaction. A
        database that fails or refuses beyond that raises `StoreUnavailable`.
        """
        try:
            return self._transaction(work, attempts)
        except SQLAlchemyError as exc:
            raise StoreUnavailable(_reason(exc)) from exc

    def _transaction(self, work: Callable[[Session], T], attempts: int) -> T:
        deadline = time.monotonic() + DEADLINE_S
        for attempt in range(1, attempts + 1):
            with self._turn, self.session() as session:
                try:
                    result = work(session)
                    session.commit()
                    return result
                except (IntegrityError, OperationalError) as exc:
                    session.rollback()
                    if attempt == attempts or not _is_retryable(exc) or time.monotonic() > deadline:
                        raise
                    log.info("transaction conflict (attempt %d), retrying: %s", attempt, exc.orig)
                    time.sleep(0.01 * attempt)
        raise AssertionError("unreachable")

    def read(self, work: Callable[[Session], T]) -> T:
        """Run `work(session)` for reading; nothing is committed."""
        try:
            with self._turn, self.session() as session:
                return work(session)
        except SQLAlchemyError as exc:
            raise StoreUnavailable(_reason(exc)) from exc

    def snapshot(self, work: Callable[[Session], T]) -> T:
        """Run `work(session)` on one consistent, read-only view that never holds up writers:
        for reports and exports, which read much and may take a second. (SQLite: a deferred
        transaction in WAL mode, outside the writers' queue; PostgreSQL: REPEATABLE READ, READ ONLY.)"""
        if self.is_postgres:
            engine = self.engine.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        else:
            engine = self.engine.execution_options(**{SNAPSHOT: True})
        try:
            with Session(engine, expire_on_commit=False) as session:
                try:
                    return work(session)
                finally:
                    session.rollback()
        except SQLAlchemyError as exc:
            raise StoreUnavailable(_reason(exc)) from exc

    def ping(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except Exception:  # noqa: BLE001 - any failure means "not healthy"
            log.warning("database ping failed", exc_info=True)
            return False

    def dispose(self) -> None:
        self.engine.dispose()


class _BoundedTurn:
    """This process's writers queue on a lock, but never longer than LOCK_WAIT_S."""

    def __init__(self) -> None:
        self._lock = threading.RLock()

    def __enter__(self) -> object:
        if not self._lock.acquire(timeout=LOCK_WAIT_S):
            raise OperationalError("waiting for this process's writers", None, Exception("database is busy"))
        return self

    def __exit__(self, *exc: object) -> None:
        self._lock.release()


def _reason(exc: SQLAlchemyError) -> str:
    """What went wrong, without the statement or its parameters (they may hold customer data)."""
    return f"{type(exc).__name__}: {str(getattr(exc, 'orig', None) or exc.__class__.__doc__ or '').splitlines()[0][:200]}"


def _is_retryable(exc: Exception) -> bool:
    if isinstance(exc, IntegrityError):
        return True
    message = str(getattr(exc, "orig", exc)).lower()
    return any(word in message for word in ("locked", "deadlock", "could not serialize", "busy"))
