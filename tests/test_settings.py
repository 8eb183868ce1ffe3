"""Settings from a plain mapping: every problem named at once, sensible defaults."""

from __future__ import annotations

import pytest

from bot.errors import ConfigError
from bot.settings import Settings, check_env

GOOD = {
    "SLACK_BOT_TOKEN": "xoxb-1-2-3",
    "SLACK_SIGNING_SECRET": "secret",
    "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
    "TWILIO_AUTH_TOKEN": "token",
    "TWILIO_WHATSAPP_FROM": "whatsapp:+14155238886",
}


def test_defaults_follow_the_contract():
    settings = Settings.from_env(GOOD)

    assert settings.database_url == "sqlite:///bot.db"
    assert settings.lanes_file == "lanes.toml"
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.twilio_api_url == "https://api.twilio.com"
    assert settings.port == 3000 and settings.public_url is None


def test_urls_are_normalised_for_the_clients():
    settings = Settings.from_env({**GOOD, "SLACK_API_URL": "http://127.0.0.1:9/api", "PUBLIC_URL": "https://x.io/",
                                  "TWILIO_API_URL": "http://127.0.0.1:8/"})

    assert settings.slack_api_url == "http://127.0.0.1:9/api/"
    assert settings.public_url == "https://x.io"
    assert settings.twilio_api_url == "http://127.0.0.1:8"


def test_every_missing_value_is_named_at_once():
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({})

    assert [p.split(":")[0] for p in caught.value.problems] == [
        "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_FROM"]


@pytest.mark.parametrize("name, value", [
    ("SLACK_BOT_TOKEN", "xoxp-user-token"),
    ("TWILIO_ACCOUNT_SID", "SK123"),
    ("TWILIO_WHATSAPP_FROM", "+14155238886"),
    ("PUBLIC_URL", "bot.example.com"),
    ("DATABASE_URL", "mysql://x"),
    ("PORT", "http"),
])
def test_a_malformed_value_is_named(name, value):
    problems = check_env({**GOOD, name: value})

    assert len(problems) == 1 and problems[0].startswith(name)
