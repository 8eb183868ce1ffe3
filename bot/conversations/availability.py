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


def change_away(*, session: Session, user: str, wanted: bool | None, now: datetime,
                trigger: str | None = None) -> bool:
    """Set `user` away (`wanted`), or switch it when `wanted` is None; the change is in the
    audit log. Returns the new state. With the slash command's `trigger` id, a replay of the
    same command changes nothing."""
    was = is_away(session=session, user=user)
    if trigger and not repo.first_time(session=session, key=f"cmd:{trigger}", now=now):
        return was
    away = (not was) if wanted is None else wanted
    if away != was:
        set_away(session=session, user=user, away=away, now=now)
        repo.add_event(session=session, kind="availability", at=now, actor=user, data={"away": away})
    return away
