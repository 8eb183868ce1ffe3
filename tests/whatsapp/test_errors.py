"""Twilio error codes in plain language: what happened, what to do, whether to retry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.slack import notes
from bot.whatsapp.errors import Explanation, explain

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.mark.parametrize("code, words", [
    ("63016", "24-hour"), ("63003", "number"), ("21211", "number"), ("21614", "number"), ("63018", "rate limit"),
    ("63024", "recipient"), ("63021", "too long"), ("21656", "variables"), ("21610", "unsubscribed"),
    ("63032", "whatsapp"), ("63049", "marketing"), ("20429", "too many"), ("30003", "reached"),
    ("30005", "number"), ("30006", "landline"), ("30007", "spam"), ("30008", "could not be delivered"),
    ("21408", "country"), ("20003", "credentials"), ("63030", "content"),
])
def test_known_codes_have_a_plain_reason_and_an_action(code: str, words: str) -> None:
    explanation = explain(code, "Twilio's own words")

    assert explanation.code == code
    assert words in explanation.reason.lower()
    assert explanation.action and "Twilio's own words" not in explanation.reason


def test_int_and_str_codes_are_the_same() -> None:
    assert explain(63016) == explain("63016") == explain(" 63016 ")


def test_the_closed_window_and_the_opt_out_are_flagged() -> None:
    assert explain(63016).window_closed and "template" in explain(63016).action.lower()
    assert explain(21610).opted_out
    assert not explain(21211).window_closed and not explain(21211).opted_out


@pytest.mark.parametrize("code", ["63018", "20429"])
def test_rate_limits_are_retryable(code: str) -> None:
    assert explain(code, http_status=429).retryable


@pytest.mark.parametrize("code", ["63016", "63003", "21211", "63024", "63021", "21656", "21610", "20003", "30007"])
def test_permanent_errors_are_not_retryable(code: str) -> None:
    assert not explain(code, http_status=400).retryable


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_server_error_without_a_code_is_retryable(status: int) -> None:
    explanation = explain(None, "Service Unavailable", http_status=status)
    assert explanation.retryable and "did not answer" in explanation.reason


def test_a_timeout_or_a_refused_connection_is_retryable() -> None:
    explanation = explain(None, "HTTPConnectionPool: Read timed out.")
    assert explanation.retryable and explanation.code is None and "did not answer" in explanation.reason


def test_an_unknown_code_says_the_code_and_twilios_message_and_is_not_retried() -> None:
    explanation = explain(12345, "Something\n  odd happened", http_status=400)

    assert explanation.code == "12345" and not explanation.retryable
    assert "12345" in explanation.reason and "Something odd happened" in explanation.reason
    assert "12345" in explanation.action


def test_an_unknown_4xx_without_a_code_is_not_retried() -> None:
    explanation = explain(None, "Bad Request", http_status=400)
    assert not explanation.retryable and "400" in explanation.reason


def test_the_recorded_api_error_reads_well() -> None:
    error = json.loads((FIXTURES / "twilio_api_error_400_21211.json").read_text())
    explanation = explain(error["code"], error["message"], http_status=error["status"])

    assert explanation.code == "21211" and not explanation.retryable
    assert notes.send_failed(explanation).startswith(":x: *Not delivered (Twilio 21211):* The customer's number")


@given(code=st.one_of(st.none(), st.integers(), st.text(max_size=40)), message=st.one_of(st.none(), st.text()),
       http_status=st.one_of(st.none(), st.integers(min_value=100, max_value=599)))
def test_any_input_gets_an_explanation(code: str | int | None, message: str | None, http_status: int | None) -> None:
    explanation = explain(code, message, http_status=http_status)

    assert isinstance(explanation, Explanation) and explanation.reason and explanation.action
    assert explanation.code is None or len(explanation.code) <= 16


# -- the notes the rep reads (bot.slack.notes) ---------------------------------------------

def test_a_failure_note_escapes_twilios_words() -> None:
    text = notes.send_failed(explain("<!channel>", "Hi <@U0BOSS> & <https://evil.example|click>"))

    assert "<" not in text and ">" not in text
    assert "&lt;!channel&gt;" in text and "&lt;@U0BOSS&gt; &amp; &lt;https://evil.example|click&gt;" in text


def test_the_window_note_gives_the_local_closing_time_and_the_way_out() -> None:
    from datetime import datetime, timezone

    text = notes.window_closed(datetime(2026, 11, 22, 10, 5, tzinfo=timezone.utc), "Asia/Dubai")

    assert "24-hour window" in text and "Sun 22 Nov 14:05 (Asia/Dubai)" in text
    assert "template" in text and "unsent" in text


def test_the_window_note_without_a_closing_time_and_with_an_unknown_zone() -> None:
    from datetime import datetime, timezone

    assert "24 hours" in notes.window_closed(None, "Asia/Dubai") and "template" in notes.window_closed(None, "UTC")
    assert "(UTC)" in notes.window_closed(datetime(2026, 1, 2, 3, 4, tzinfo=timezone.utc), "Not/AZone")


def test_the_other_notes_say_what_happened() -> None:
    assert "opted out" in notes.opted_out() and "unsent" in notes.opted_out()
    assert "&lt;b&gt;" in notes.alerts_only("<b>") and "nothing was sent" in notes.alerts_only("sales")
    assert "&amp;" in notes.media_refused("a&b.exe: not supported") and "not sent" in notes.media_refused("x")
    assert "not sent" in notes.note_kept()
