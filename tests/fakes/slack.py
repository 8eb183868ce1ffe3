"""The fake Slack Web API lives in the package (bot/sandbox/slack_emulator.py), where the
sandbox uses it too; tests import it from here."""

from bot.sandbox.slack_emulator import FakeSlack
from bot.sandbox.slack_records import Call, Upload

__all__ = ["Call", "FakeSlack", "Upload"]
