"""Alembic: one head, a fresh database upgrades to the models, and no model change is missing a revision."""

from __future__ import annotations

import os

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

import bot.store.models  # noqa: F401
from bot.store.migrate import alembic_config, upgrade

from tests import postgres


@pytest.fixture
def fresh_url(db_url, tmp_path):  # type: ignore[no-untyped-def]
    """An empty database: a new SQLite file, or a new PostgreSQL database."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    name = f"wa_bridge_migrations_{os.getpid()}"
    yield postgres.recreate(name)
    postgres.drop(name)


def test_there_is_a_single_head():
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1


def test_a_fresh_database_upgrades_to_every_table_and_matches_the_models(fresh_url):
    upgrade(fresh_url)

    engine = create_engine(fresh_url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert {t.name for t in SQLModel.metadata.sorted_tables} <= tables
    try:
        command.check(alembic_config(fresh_url))
    except CommandError as exc:  # a model change without a revision
        pytest.fail(f"models and migrations differ: {exc}")


def test_upgrading_twice_is_harmless(fresh_url):
    upgrade(fresh_url)
    upgrade(fresh_url)
