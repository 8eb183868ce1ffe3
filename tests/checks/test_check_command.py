"""`python -m bot check --online` as a user runs it, against the fake Slack and Twilio."""

from __future__ import annotations

from pathlib import Path

from bot.sandbox.slack_emulator import FakeSlack
from bot.sandbox.twilio_emulator import FakeTwilio
from tests.fakes.fixtures import SLACK_BOT_TOKEN, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN
from tests.test_cli import ROOT, filled, filled_lanes, run_check


def _env(fake_slack: FakeSlack, fake_twilio: FakeTwilio, token: str = SLACK_BOT_TOKEN) -> str:
    return filled((ROOT / ".env.example").read_text()) + (
        f"SLACK_BOT_TOKEN={token}\nSLACK_API_URL={fake_slack.url}\nTWILIO_API_URL={fake_twilio.url}\n"
        f"TWILIO_ACCOUNT_SID={TWILIO_ACCOUNT_SID}\nTWILIO_AUTH_TOKEN={TWILIO_AUTH_TOKEN}\n")


def test_check_online_names_a_wrong_token_and_a_missing_invite(tmp_path: Path, fake_slack: FakeSlack,
                                                              fake_twilio: FakeTwilio) -> None:
    (tmp_path / "lanes.toml").write_text(filled_lanes())
    fake_slack.add_channel("C07BILLING", "billing", is_member=False)

    wrong = run_check(tmp_path, _env(fake_slack, fake_twilio, token="xoxb-1234-5678-wrong"), "--online")
    assert wrong.returncode == 1
    assert "SLACK_BOT_TOKEN: Slack answered invalid_auth" in wrong.stdout

    right = run_check(tmp_path, _env(fake_slack, fake_twilio), "--online")
    assert right.returncode == 1, right.stdout + right.stderr
    lines = right.stdout.splitlines()
    assert lines[0].startswith("OK: settings and lanes.toml")
    assert "lane billing: the bot is not a member of #billing (C07BILLING): in Slack, type /invite @WA Bridge in #billing" in lines
    assert any(line.startswith("note: TWILIO_WHATSAPP_FROM is Twilio's WhatsApp sandbox") for line in lines)


def test_check_online_says_ok_when_all_is_well(tmp_path: Path, fake_slack: FakeSlack, fake_twilio: FakeTwilio) -> None:
    (tmp_path / "lanes.toml").write_text(filled_lanes())
    result = run_check(tmp_path, _env(fake_slack, fake_twilio), "--online")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("OK online")
