"""Who is away: away members are skipped by automatic assignment (/wa-away, App Home)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, select

from bot.store.models import MemberState


def is_away(*, session: Session, user: str) -> bool:
    state = session.get(MemberState, user)
    return bool(state and state.away)


def set_away(*, session: Session, user: str, away: bool, now: datetime) -> None:
    state = session.get(MemberState, user) or MemberState(user_id=user)
    state.away, state.updated_at = away, now
    session.add(state)


def away_users(*, session: Session, users: Iterable[str]) -> set[str]:
    wanted = list(users)
    if not wanted:
        return set()
    query = select(MemberState.user_id).where(col(MemberState.user_id).in_(wanted), MemberState.away == True)  # noqa: E712
    return set(session.exec(query).all())
