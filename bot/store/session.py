"""The unit of work callers outside the store hold: SQLModel's session, named here so that
nothing outside `bot.store` imports sqlmodel."""

from sqlmodel import Session as Session

__all__ = ["Session"]
