"""The online checks over the settings: the clients as the app builds them, manifest.yml's scopes."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path

from bot.checks.manifest import bot_scopes
from bot.checks.online import Finding, check_slack, check_twilio, log_findings
from bot.lanes import LanesConfig
from bot.settings import Settings


def manifest_scopes(path: str = "manifest.yml") -> list[str]:
    for place in (Path(path), Path(__file__).resolve().parents[2] / "manifest.yml"):
        if place.is_file():
            return bot_scopes(place.read_text(encoding="utf-8"))
    return []


def online_findings(env: Mapping[str, str], lanes: LanesConfig) -> list[Finding]:
    from bot.deps import slack_client, twilio_client

    settings = Settings.from_env(env)
    findings = check_slack(slack_client(settings), lanes, manifest_scopes())
    findings += check_twilio(twilio_client(settings), settings.twilio_account_sid, *settings.whatsapp_senders)
    return findings


def warn_in_background(env: Mapping[str, str], lanes: LanesConfig) -> threading.Thread:
    """At start-up: check without delaying it, and log each problem as a warning."""
    thread = threading.Thread(target=lambda: log_findings(online_findings(env, lanes)), name="setup-check",
                              daemon=True)
    thread.start()
    return thread
