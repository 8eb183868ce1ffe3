"""The PostgreSQL test server: where it is, whether it answers, and throwaway databases on it.

Tests that touch the store run on SQLite and on PostgreSQL ($TEST_POSTGRES_URL, default
postgresql://postgres@127.0.0.1:5432/test). When no server answers, the PostgreSQL half
is skipped with one reason naming TEST_POSTGRES_URL, unless $REQUIRE_POSTGRES (set by
.ci/run) says a missing server is a failure.
"""

from __future__ import annotations

import os
from functools import cache

import pytest
from sqlalchemy import create_engine, text

ADMIN_POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
).replace("postgresql://", "postgresql+psycopg://")
REQUIRED = os.environ.get("REQUIRE_POSTGRES", "") not in ("", "0")


def database_url(name: str) -> str:
    """The URL of database `name` on the test server."""
    return ADMIN_POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"


@cache
def is_available() -> bool:
    engine = create_engine(ADMIN_POSTGRES_URL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect():
            return True
    except Exception:  # any failure to connect means "not here"
        return False
    finally:
        engine.dispose()


def require() -> None:
    """Skip (or, with REQUIRE_POSTGRES, fail) the calling test when no server answers."""
    if is_available():
        return
    message = f"PostgreSQL is not answering at TEST_POSTGRES_URL={ADMIN_POSTGRES_URL}"
    if REQUIRED:
        pytest.fail(message + " (REQUIRE_POSTGRES is set)", pytrace=False)
    pytest.skip(message)


def admin(statement: str) -> None:
    """Run one statement outside a transaction (CREATE/DROP DATABASE)."""
    engine = create_engine(ADMIN_POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(statement))
    finally:
        engine.dispose()


def recreate(name: str) -> str:
    """An empty database `name`; its URL."""
    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{name}"')
    return database_url(name)


def drop(name: str) -> None:
    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
