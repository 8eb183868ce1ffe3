"""Who is away: away members are skipped by automatic assignment (/wa-away, App Home)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.store import Session, repo
from bot.store.models import MemberState


def is_away(*, session: Session, user: str) -> bool:
    state = session.get(MemberState, user)
    return bool(state and state.away)


def set_away(*, session: Session, user: str, away: bool, now: datetime) -> None:
    state = session.get(MemberState, user) or MemberState(user_id=user)
    state.away, state.updated_at = away, now
    session.add(state)


def away_users(*, session: Session, users: Iterable[str]) -> set[str]:
    return repo.away_users(session=session, users=users)
