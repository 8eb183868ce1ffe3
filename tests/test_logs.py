"""The log lines an operator reads: one per accepted message, one per delivery, one per retry;
no colour codes in files; LOG_FORMAT=json gives one JSON object per line."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot.logs import configure, mask_number
from tests.builders import inbound_form, signed_twilio_post


def test_numbers_are_masked() -> None:
    assert mask_number("whatsapp:+971501234567") == "+9715•••••567"
    assert mask_number("+15550100001") == "+1555••••001"
    assert mask_number(None) == "?"


def test_an_accepted_message_and_its_delivery_are_one_line_each(client, worker, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO)
    signed_twilio_post(client, "/twilio/whatsapp", inbound_form("Hi, I'd like a quote (ref: pricing)",
                                                                sender="+971501234567"))
    inbound = [r.getMessage() for r in caplog.records if r.getMessage().startswith("inbound ")]
    assert len(inbound) == 1
    assert inbound[0].endswith("from +9715•••••567 → sales (ref pricing), card queued")
    assert "501234" not in inbound[0]

    caplog.clear()
    worker.run_due()
    delivered = [r.getMessage() for r in caplog.records if r.getMessage().startswith("delivered job")]
    assert any("(slack.card)" in line for line in delivered) and any("(slack.text)" in line for line in delivered)


def test_a_slack_failure_is_one_warning_line_per_retry(client, worker, fake_slack, caplog) -> None:  # type: ignore[no-untyped-def]
    fake_slack.fail_ok_false("chat.postMessage", error="internal_error")  # transient (invalid_auth now pauses: issue 11)
    signed_twilio_post(client, "/twilio/whatsapp", inbound_form("Hello"))
    caplog.clear()
    caplog.set_level(logging.DEBUG)
    worker.run_due()
    loud = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(loud) == 1, loud
    assert "(slack.card) will retry in 2s: Slack answered 200 internal_error" in loud[0]


@pytest.mark.parametrize("log_format", ["json", "plain"])
def test_log_format(log_format: str) -> None:
    stream = io.StringIO()  # not a terminal
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    try:
        configure("INFO", log_format, stream)
        logging.getLogger("bot.test").info("inbound %s → %s", "SM1", "sales", extra={"lane": "sales"})
        try:
            raise ValueError("boom")
        except ValueError:
            logging.getLogger("bot.test").exception("failed")
    finally:
        root.handlers[:], root.level = saved[0], saved[1]
    text = stream.getvalue()
    assert "\x1b[" not in text
    if log_format == "json":
        first, second = (json.loads(line) for line in text.splitlines()[:2] if line.startswith("{"))
        assert first["message"] == "inbound SM1 → sales" and first["level"] == "INFO" and first["lane"] == "sales"
        assert second["message"] == "failed" and "ValueError: boom" in second["exc_info"]
        assert all(line.startswith("{") for line in text.splitlines())
    else:
        assert " INFO bot.test: inbound SM1 → sales" in text.splitlines()[0]


def test_werkzeug_request_lines_carry_no_colour_when_not_a_terminal() -> None:
    import werkzeug.serving

    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    try:
        configure("INFO", "plain", io.StringIO())
        assert werkzeug.serving._log_add_style is False  # type: ignore[attr-defined]
    finally:
        root.handlers[:], root.level = saved[0], saved[1]
