"""Database: the single database-error boundary the edges map to 503 or a polite line."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.errors import StoreUnavailable
from bot.store.db import Database


def test_a_failing_statement_reaches_callers_as_store_unavailable_without_its_parameters(db: Database) -> None:
    def broken(session):  # type: ignore[no-untyped-def]
        session.execute(text("SELECT * FROM no_such_table WHERE phone = :phone"), {"phone": "+971501234567"})

    for run in (db.transaction, db.read, db.snapshot):
        with pytest.raises(StoreUnavailable) as caught:
            run(broken)
        assert "+971501234567" not in str(caught.value)


def test_a_database_that_does_not_answer_is_store_unavailable(tmp_path) -> None:  # type: ignore[no-untyped-def]
    gone = Database(f"sqlite:///{tmp_path / 'missing' / 'x.db'}")
    try:
        with pytest.raises(StoreUnavailable):
            gone.transaction(lambda session: session.execute(text("SELECT 1")))
    finally:
        gone.dispose()
