"""The unit of work callers outside the store hold: SQLModel's session, named here so that
nothing outside `bot.store` imports sqlmodel."""

from sqlmodel import Session as Session

from bot.store.rollups import maintain as _rollups  # noqa: F401 - its hooks keep the report's rollups on every Session

__all__ = ["Session"]
