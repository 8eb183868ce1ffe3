"""Persistence: SQLModel tables, the engine, repository functions and Alembic migrations.

Only this package imports sqlmodel/sqlalchemy. Callers hold a `Session` (the unit of work
that `Database.transaction`, `read` and `snapshot` hand them), call `repo.<function>`, and
read and change the model objects; database failures reach them as `StoreUnavailable`.
"""

from bot.errors import StoreUnavailable
from bot.store.session import Session

__all__ = ["Session", "StoreUnavailable"]
