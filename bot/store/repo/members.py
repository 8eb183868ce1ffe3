"""Members' availability (away or not)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from bot.store.models import MemberState


def away_users(*, session: Session, users: Iterable[str]) -> set[str]:
    wanted = list(users)
    if not wanted:
        return set()
    query = select(MemberState.user_id).where(col(MemberState.user_id).in_(wanted), MemberState.away == True)  # noqa: E712
    return set(session.exec(query).all())
