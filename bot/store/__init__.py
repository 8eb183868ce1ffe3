"""Persistence: SQLModel tables, the engine, repository functions and Alembic migrations.

Only this package imports sqlmodel/sqlalchemy.
"""

from bot.store.session import Session
