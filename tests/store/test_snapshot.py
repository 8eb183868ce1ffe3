"""Reports read through `Database.snapshot`: one consistent view that never holds up the
webhooks' writes (on SQLite a plain read transaction would take the write lock)."""

from __future__ import annotations

import threading

from sqlalchemy import func
from sqlmodel import Session, select

from bot.store.db import Database
from bot.store.models import Contact


def _contacts(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Contact)).one()


def test_a_snapshot_keeps_its_view_and_never_holds_up_a_writer(db: Database) -> None:
    db.transaction(lambda s: s.add(Contact(wa_id="+971500000001")))
    written = threading.Event()

    def report(session: Session) -> tuple[int, int]:
        before = _contacts(session)
        writer = threading.Thread(target=lambda: (db.transaction(lambda s: s.add(Contact(wa_id="+971500000002"))),
                                                  written.set()))
        writer.start()
        writer.join(10)
        assert written.is_set(), "the write waited for the report"
        return before, _contacts(session)

    assert db.snapshot(report) == (1, 1)  # the report saw one moment, whatever was written meanwhile
    assert db.read(_contacts) == 2


def test_a_snapshot_writes_nothing(db: Database) -> None:
    def sneak(session: Session) -> None:
        session.add(Contact(wa_id="+971500000003"))
        session.flush()

    try:
        db.snapshot(sneak)
    except Exception:  # noqa: BLE001 - PostgreSQL refuses the write outright
        pass
    assert db.read(_contacts) == 0
