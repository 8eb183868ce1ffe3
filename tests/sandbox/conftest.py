"""A running sandbox on a free port over the example lanes file (what a new user gets)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.sandbox.world import Sandbox

START = datetime(2026, 11, 30, 6, 0, tzinfo=timezone.utc)  # a Monday, 10:00 in Dubai: working hours
EXAMPLE_LANES = str(Path(__file__).resolve().parents[2] / "lanes.example.toml")


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    with Sandbox(EXAMPLE_LANES, port=0, database_url=f"sqlite:///{tmp_path / 'sandbox.db'}",
                 start=START) as running:
        yield running
    assert not running.slack.errors and not running.twilio.errors
