"""pytest fixtures for the fake Slack and Twilio servers (load with ``pytest_plugins``).

PYTEST_DONT_REWRITE: tests/conftest.py imports the constants below before pytest loads
this module as a plugin; without this marker pytest warns "Module already imported so
cannot be rewritten", which ``filterwarnings = ["error"]`` turns into an error.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.slack import FakeSlack
from tests.fakes.twilio import FakeTwilio

TWILIO_ACCOUNT_SID = "ACa1b2c3d4e5f60718293a4b5c6d7e8f90"
TWILIO_AUTH_TOKEN = "test_auth_token_0123456789abcdef"
SLACK_BOT_TOKEN = "xoxb-test-token"
SLACK_SIGNING_SECRET = "test-signing-secret"


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    """A running FakeSlack that accepts only `SLACK_BOT_TOKEN`."""
    with FakeSlack(token=SLACK_BOT_TOKEN) as fake:
        yield fake
    _check(fake.errors)


@pytest.fixture
def fake_twilio() -> Iterator[FakeTwilio]:
    """A running FakeTwilio for `TWILIO_ACCOUNT_SID` / `TWILIO_AUTH_TOKEN`."""
    with FakeTwilio(TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN) as fake:
        yield fake
    _check(fake.errors)


def _check(errors: list[str]) -> None:
    """Fail the test if a fake crashed while serving it (it answered 500 meanwhile)."""
    if errors:
        pytest.fail(f"a fake server crashed:\n{errors[0]}")
