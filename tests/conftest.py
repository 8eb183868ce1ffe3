"""Shared fixtures: settings and lanes built from plain values, a database on SQLite and on
PostgreSQL, the real Slack and Twilio clients aimed at local fake servers, and signed requests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

from bot.clock import FixedClock
from bot.deps import Deps, build_deps
from bot.lanes import LanesConfig, parse_lanes
from bot.settings import Settings
from bot.store.db import Database
pytest.register_assert_rewrite("tests.fakes.fixtures", "tests.builders")
from tests import postgres  # noqa: E402
from tests.fakes.fixtures import (  # noqa: E402
    SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN,
)

pytest_plugins = ["tests.fakes.fixtures"]

# Each test session gets its own database, so runs side by side never meet.
POSTGRES_DATABASE = f"wa_bridge_test_{os.getpid()}"
POSTGRES_URL = postgres.database_url(POSTGRES_DATABASE)
PUBLIC_URL = "https://wa-bridge.example.com"
BUSINESS_NUMBER = "whatsapp:+15550100001"

LANES = {
    "workspace": {
        "timezone": "Asia/Dubai",
        "business_hours": "Sun-Thu 09:00-18:00",
        "default_lane": "support",
        "escalation_channel": "C0ESCALATE",
        "note_prefix": "note:",
    },
    "lanes": [
        {"name": "sales", "channel": "C0SALES", "members": ["U0AAA", "U0BBB"], "assign": "manual",
         "keywords": ["price", "quote", "proposal", "سعر", "عرض سعر"]},
        {"name": "billing", "channel": "C0BILLING", "members": ["U0CCC"], "keywords": ["invoice", "فاتورة"]},
        {"name": "support", "channel": "C0SUPPORT", "members": ["U0DDD", "U0AGENT01"]},
    ],
    "entry_points": [
        {"ref": "pricing", "page": "https://example.com/pricing", "preset": "Hi, I'd like a quote (ref: pricing)",
         "lane": "sales", "label": "Paid media"},
    ],
    "labels": {"names": ["Support request", "Billing", "Paid media", "Arabic SEO"]},
    "outcomes": {"names": ["Qualified", "Non-fit", "Resolved", "No response"]},
}


def make_settings(**overrides: str) -> Settings:
    env = {
        "SLACK_BOT_TOKEN": SLACK_BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SLACK_SIGNING_SECRET,
        "TWILIO_ACCOUNT_SID": TWILIO_ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN,
        "TWILIO_WHATSAPP_FROM": BUSINESS_NUMBER,
        "PUBLIC_URL": PUBLIC_URL,
        # No knowledge base or saved replies unless a test gives some (tests/fixtures/kb, …/replies)
        "KB_DIR": "tests/fixtures/no-kb",
        "REPLIES_DIR": "tests/fixtures/no-replies",
        "SLACK_PACING": "off",  # the tests' clock is fixed; pacing has its own tests (tests/slack/test_pacing.py)
    }
    env.update(overrides)
    return Settings.from_env(env)


@pytest.fixture
def lanes() -> LanesConfig:
    return parse_lanes(LANES)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


# -- databases ---------------------------------------------------------------------

_pg_ready = False


@pytest.fixture(scope="session", autouse=True)
def _drop_session_database() -> Iterator[None]:
    yield
    if _pg_ready:
        postgres.drop(POSTGRES_DATABASE)


def _reset_postgres(database: Database) -> None:
    global _pg_ready
    if not _pg_ready:
        postgres.recreate(POSTGRES_DATABASE)
        SQLModel.metadata.create_all(database.engine)
        _pg_ready = True
    names = ", ".join(f'"{table.name}"' for table in SQLModel.metadata.sorted_tables)
    with database.engine.begin() as conn:
        # The bot's own lock_timeout is short; the reset may wait for a previous test's last thread.
        conn.execute(text("SET LOCAL lock_timeout = '30s'"))
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Every store-touching test runs on the embedded default and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'bot.db'}"
    postgres.require()
    return POSTGRES_URL


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    import bot.store.models  # noqa: F401

    database = Database(db_url)
    if database.is_postgres:
        _reset_postgres(database)
    else:
        SQLModel.metadata.create_all(database.engine)
    yield database
    database.dispose()


# -- the app over fakes ------------------------------------------------------------


@pytest.fixture
def settings(fake_slack, fake_twilio, db_url: str) -> Settings:  # type: ignore[no-untyped-def]
    return make_settings(SLACK_API_URL=fake_slack.url, TWILIO_API_URL=fake_twilio.url,
                         TWILIO_CONTENT_URL=fake_twilio.url, DATABASE_URL=db_url)


@pytest.fixture
def deps(settings: Settings, lanes: LanesConfig, clock: FixedClock, db: Database) -> Iterator[Deps]:
    built = build_deps(settings, lanes, clock=clock, db=db)
    yield built
    built.http.close()


@pytest.fixture
def app(deps: Deps):  # type: ignore[no-untyped-def]
    from bot.app import create_app

    return create_app(deps)


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def worker(deps: Deps):  # type: ignore[no-untyped-def]
    from bot.delivery.worker import DeliveryWorker

    return DeliveryWorker(deps)
