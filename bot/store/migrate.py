"""Alembic, driven from code: `upgrade(url)` applies pending migrations."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from bot.store.db import Database, normalize_url

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["url"] = normalize_url(url)
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def is_up_to_date(db: Database) -> bool:
    """Whether the database is at the migrations' head (a missing SQLite file is not created)."""
    path = db.engine.url.database
    if db.engine.dialect.name == "sqlite" and path not in (None, "", ":memory:") and not Path(path).is_file():
        return False
    with db.engine.connect() as conn:
        current = set(MigrationContext.configure(conn).get_current_heads())
    return current == set(ScriptDirectory.from_config(alembic_config(db.url)).get_heads())
