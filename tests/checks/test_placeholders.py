"""Values left from the examples are flagged offline, each with what to put there."""

from __future__ import annotations

from pathlib import Path

from bot.checks.manifest import with_url
from bot.checks.placeholders import env_placeholders, example_ids, lanes_placeholders
from bot.lanes import load_lanes

ROOT = Path(__file__).resolve().parents[2]


def _env(text: str) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in text.splitlines() if "=" in line and not line.startswith("#"))
    return {key: value for key, value in pairs}


def test_the_example_env_file_is_flagged_value_by_value() -> None:
    problems = env_placeholders(_env((ROOT / ".env.example").read_text()))
    names = [p.split(":", 1)[0] for p in problems]
    assert names == ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "PUBLIC_URL"]
    assert "OAuth & Permissions" in problems[0]


def test_real_looking_values_pass() -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1234-5678-AbCdEf", "SLACK_SIGNING_SECRET": "8f14e45fceea167a5a36dedd4bea2543",
           "TWILIO_ACCOUNT_SID": "AC" + "3f" * 16, "TWILIO_AUTH_TOKEN": "c4ca4238a0b923820dcc509a6f75849b",
           "PUBLIC_URL": "https://bot.acme.ae"}
    assert env_placeholders(env) == []


def test_the_example_lanes_ids_are_flagged_with_how_to_find_the_real_ones() -> None:
    text = (ROOT / "lanes.example.toml").read_text()
    problems = lanes_placeholders(load_lanes(str(ROOT / "lanes.example.toml")), example_ids(text))
    assert problems[0].startswith("workspace escalation_channel: C0ESCALATE is an example id from lanes.example.toml")
    assert "channel's details" in problems[0]
    assert any("lane sales channel: C0SALES" in p for p in problems)
    assert any(p.startswith("lane sales members/leads: U0AAA") and "Copy member ID" in p for p in problems)
    assert any("S0SALES" in p and "user-group" in p for p in problems)


def test_a_workspace_s_own_ids_pass(tmp_path: Path) -> None:
    text = (ROOT / "lanes.example.toml").read_text()
    mine = text
    for example in sorted(example_ids(text), key=len, reverse=True):
        mine = mine.replace(f'"{example}"', f'"{example[0]}07{example[2:]}"')
    (tmp_path / "lanes.toml").write_text(mine)
    assert lanes_placeholders(load_lanes(str(tmp_path / "lanes.toml")), example_ids(text)) == []


def test_the_manifest_gets_your_url_everywhere() -> None:
    text = (ROOT / "manifest.yml").read_text()
    out = with_url(text, "https://bot.acme.ae/")
    assert "wa-bridge.example.com" not in out and out.count("https://bot.acme.ae/slack/events") == 4
