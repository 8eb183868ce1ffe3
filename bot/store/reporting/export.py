"""The report's cohort row by row, for the CSV export: one SELECT, streamed (`yield_per`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from sqlalchemy import func, select
from sqlmodel import Session, col

from bot.store.models import Conversation, Event
from bot.store.reporting.rows import FOLLOW_THROUGH, Cohort, ExportRow
from bot.store.reporting.sql import ad_name, cohort_filter, count_if, sla_seconds

C = Conversation
BATCH = 1000


def cohort_rows(*, session: Session, cohort: Cohort, reply_within: Mapping[str, int]) -> Iterator[ExportRow]:
    """One row per cohort conversation, oldest first, fetched `BATCH` at a time; `sla` is the
    lane's reply time from `reply_within` (lane name -> seconds), None for other lanes."""
    where = cohort_filter(cohort)
    kind = col(Event.kind)
    follow = (
        select(col(Event.conversation_id).label("id"),
               *(count_if(kind == name).label(name) for name in FOLLOW_THROUGH))
        .join(C, col(C.id) == col(Event.conversation_id))
        .where(*where, kind.in_(FOLLOW_THROUGH))
        .group_by(col(Event.conversation_id))
        .subquery("follow")
    )
    statement = (
        select(
            col(C.id), col(C.created_at), col(C.entry_ref), ad_name().label("ad"), col(C.lane), col(C.label),
            col(C.owner), col(C.first_owned_via), col(C.claim_s), col(C.claim_work_s), col(C.first_reply_s),
            col(C.first_reply_work_s), sla_seconds(reply_within).label("sla"), col(C.closed_at), col(C.outcome),
            col(C.score), *(func.coalesce(follow.c[name], 0).label(name) for name in FOLLOW_THROUGH),
            col(C.status),
        )
        .outerjoin(follow, follow.c.id == col(C.id))
        .where(*where)
        .order_by(col(C.created_at), col(C.id))
        .execution_options(yield_per=BATCH)
    )
    for row in session.execute(statement):
        yield ExportRow(*row)
