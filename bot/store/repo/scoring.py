"""Lead scoring's rows: a conversation's messages as the scorer reads them, the fitted
models (newest adopted first), closed conversations to learn from, and the weekly marker."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.store.models import Conversation, Message, ScoreModel, ScoreRetrainSent


@dataclass(frozen=True)
class SaidLine:
    """One message as the scorer reads it: who ("in" customer, "out" rep), the text, when."""

    direction: str
    body: str
    at: datetime | None


def said_lines(*, session: Session, conversation_id: int) -> list[SaidLine]:
    """The customer's and the reps' messages (not internal notes, not refused replies), in order."""
    query = (
        select(col(Message.direction), col(Message.body), col(Message.created_at))
        .where(col(Message.conversation_id) == conversation_id, col(Message.direction).in_(("in", "out")),
               col(Message.status) != "refused")
        .order_by(col(Message.created_at), col(Message.id))
    )
    return [SaidLine(direction, body or "", at) for direction, body, at in session.exec(query).all()]


def said_lines_of(*, session: Session, conversation_ids: Collection[int]) -> dict[int, list[SaidLine]]:
    """`said_lines` for many conversations in one query."""
    found: dict[int, list[SaidLine]] = {cid: [] for cid in conversation_ids}
    if not found:
        return found
    query = (
        select(col(Message.conversation_id), col(Message.direction), col(Message.body), col(Message.created_at))
        .where(col(Message.conversation_id).in_(list(found)), col(Message.direction).in_(("in", "out")),
               col(Message.status) != "refused")
        .order_by(col(Message.conversation_id), col(Message.created_at), col(Message.id))
    )
    for cid, direction, body, at in session.exec(query).all():
        found[cid].append(SaidLine(direction, body or "", at))
    return found


def closed_with_outcome(*, session: Session, since: datetime | None = None) -> list[tuple[int, str]]:
    """(conversation id, outcome) of closed conversations, oldest close first."""
    query = select(col(Conversation.id), col(Conversation.outcome)).where(
        col(Conversation.status) == "closed", col(Conversation.outcome).is_not(None))
    if since is not None:
        query = query.where(col(Conversation.closed_at) >= since)
    rows = session.exec(query.order_by(col(Conversation.closed_at), col(Conversation.id))).all()
    return [(int(cid or 0), str(outcome)) for cid, outcome in rows]


def current_model_digest(*, session: Session) -> str | None:
    """The digest of the newest adopted model (what every process scores with); None: the lanes file's weights."""
    query = (select(col(ScoreModel.digest)).where(col(ScoreModel.adopted).is_(True))
             .order_by(col(ScoreModel.id).desc()).limit(1))
    return session.exec(query).first()


def model_blob(*, session: Session, digest: str) -> str | None:
    query = select(col(ScoreModel.blob)).where(col(ScoreModel.digest) == digest).order_by(col(ScoreModel.id).desc())
    return session.exec(query.limit(1)).first()


def add_score_model(
    *, session: Session, blob: str, adopted: bool, source: str, trained_on: int, held_out: int,
    auc_before: float | None, auc_after: float | None, report: dict[str, Any], now: datetime,
) -> ScoreModel:
    row = ScoreModel(blob=blob, digest=hashlib.sha256(blob.encode()).hexdigest(), adopted=adopted, source=source,
                     trained_on=trained_on, held_out=held_out, auc_before=auc_before, auc_after=auc_after,
                     report=report, created_at=now)
    session.add(row)
    session.flush()
    return row


def mark_score_retrain(*, session: Session, week: date, now: datetime) -> bool:
    """True for exactly one caller per week (the one to retrain that week)."""
    if session.get(ScoreRetrainSent, week) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(ScoreRetrainSent(week=week, at=now))
    except IntegrityError:
        return False
    return True


def card_update_pending(*, session: Session, conversation_id: int) -> bool:
    """A not-yet-started card re-render of this conversation is queued (it will show the latest rows)."""
    from bot.store.models import OutboxJob

    query = select(col(OutboxJob.id)).where(
        col(OutboxJob.conversation_id) == conversation_id, col(OutboxJob.kind) == "slack.card_update",
        col(OutboxJob.state) == "pending", col(OutboxJob.lease_until).is_(None), col(OutboxJob.attempts) == 0)
    return session.exec(query.limit(1)).first() is not None
