"""manifest.yml declares what the code listens to: commands, events, one Request URL."""

from __future__ import annotations

import re
from pathlib import Path

from bot.slack import ids

MANIFEST = (Path(__file__).resolve().parents[2] / "manifest.yml").read_text()


def test_every_slash_command_the_bot_answers_is_declared():
    declared = set(re.findall(r"- command: (/[\w-]+)", MANIFEST))
    assert {"/wa-report", ids.AWAY_COMMAND} <= declared
    assert declared == set(ids.COMMANDS)  # the ids module names exactly what the manifest declares


def test_the_events_the_bot_handles_are_subscribed():
    for event in ("message.channels", "message.groups", "app_home_opened", "reaction_added"):
        assert re.search(rf"^\s+- {re.escape(event)}\b", MANIFEST, re.M), event


def test_events_interactivity_and_commands_share_one_request_url():
    urls = set(re.findall(r"(?:url|request_url): (\S+)", MANIFEST))
    assert urls == {"https://wa-bridge.example.com/slack/events"}


def test_the_scopes_the_bot_calls_need_are_requested():
    for scope in ("chat:write", "channels:history", "groups:history", "users:read", "reactions:write",
                  "reactions:read", "files:read", "files:write", "commands",
                  "channels:read", "groups:read"):  # conversations.members for /wa-report readiness
        assert re.search(rf"^\s+- {re.escape(scope)}\b", MANIFEST, re.M), scope


def test_every_shortcut_the_bot_answers_is_declared():
    declared = set(re.findall(r"callback_id: ([\w-]+)", MANIFEST))
    assert declared == set(ids.SHORTCUTS)
    assert re.search(r"type: message\n\s+callback_id: saved_reply", MANIFEST)
    assert re.search(rf"type: message\n\s+callback_id: {ids.ERASE_SHORTCUT}", MANIFEST)
