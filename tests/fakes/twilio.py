"""The fake Twilio REST API lives in the package (bot/sandbox/twilio_emulator.py), where the
sandbox uses it too; tests import it from here."""

from bot.sandbox.twilio_emulator import NO_EDGE, FakeTwilio
from bot.sandbox.twilio_records import ERROR_MESSAGES, MediaRequest, SentMessage, twilio_error

__all__ = ["ERROR_MESSAGES", "NO_EDGE", "FakeTwilio", "MediaRequest", "SentMessage", "twilio_error"]
