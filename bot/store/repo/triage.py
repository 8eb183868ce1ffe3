"""Triage training data: the labels people give conversations (and imported lines)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.store.models import Message, TriageExample, TriageModelRow, TriageRetrainWeek


def first_customer_text(*, session: Session, conversation_id: int) -> str | None:
    """The first non-blank text the customer wrote in the conversation (what triage read)."""
    query = (select(Message.body).where(Message.conversation_id == conversation_id, Message.direction == "in")
             .order_by(col(Message.id)))
    return next((body for body in session.exec(query) if body and body.strip()), None)


def keep_example(*, session: Session, conversation_id: int | None, text: str, label: str, by: str | None,
                 source: str, now: datetime) -> None:
    """One example per conversation: a correction replaces the earlier label; imported lines add up."""
    row = None
    if conversation_id is not None:
        row = session.exec(select(TriageExample).where(TriageExample.conversation_id == conversation_id)).first()
    if row is None:
        row = TriageExample(conversation_id=conversation_id, text=text, label=label, source=source, by=by,
                            created_at=now)
    else:
        row.text, row.label, row.by, row.created_at = text, label, by, now
    session.add(row)


def triage_examples(*, session: Session) -> list[tuple[str, str]]:
    """Every kept (text, label), oldest first."""
    rows = session.exec(select(TriageExample.text, TriageExample.label).order_by(col(TriageExample.id)))
    return [(text, label) for text, label in rows]


def latest_triage_version(*, session: Session) -> int | None:
    return session.exec(select(TriageModelRow.version).order_by(col(TriageModelRow.version).desc())).first()


def triage_model_bytes(*, session: Session, version: int) -> bytes | None:
    row = session.get(TriageModelRow, version)
    return row.data if row is not None else None


def store_triage_model(*, session: Session, data: bytes, report: dict[str, Any], now: datetime) -> int:
    row = TriageModelRow(data=data, report=report, created_at=now)
    session.add(row)
    session.flush()
    assert row.version is not None
    return row.version


def mark_triage_retrain(*, session: Session, week: date, now: datetime) -> bool:
    """True for exactly one caller per week (the one to retrain that week)."""
    if session.get(TriageRetrainWeek, week) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(TriageRetrainWeek(week=week, at=now))
    except IntegrityError:
        return False  # another process did
    return True
