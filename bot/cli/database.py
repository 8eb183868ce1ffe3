"""The database an operator command works on: `$DATABASE_URL`, and only once it is migrated."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from bot.store.db import Database
from bot.store.migrate import is_up_to_date


@contextmanager
def migrated_database(url: str, command: str) -> Iterator[Database | None]:
    """The database at `url`, disposed afterwards; None (with one line saying what to run)
    when its schema is missing or out of date."""
    db = Database(url)
    try:
        if is_up_to_date(db):
            yield db
        else:
            print(f"{command}: the database schema is missing or out of date: run `python -m bot migrate` first",
                  file=sys.stderr)
            yield None
    finally:
        db.dispose()
