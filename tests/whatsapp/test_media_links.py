"""Signed media links: they round-trip, expire on time, and nothing forged or garbled gets through."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.whatsapp.media_links import DEFAULT_TTL, is_file_id, signed_url, verify

SECRET = "test-signing-secret"
PUBLIC = "https://wa-bridge.example.com"
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)


def token_of(url: str) -> str:
    prefix = f"{PUBLIC}/media/"
    assert url.startswith(prefix)
    return url.removeprefix(prefix)


def test_a_link_round_trips_to_its_file_id():
    url = signed_url(PUBLIC, SECRET, "F0FILE0001", now=NOW)

    assert verify(token_of(url), SECRET, now=NOW) == "F0FILE0001"


def test_the_token_is_url_safe_and_the_public_url_slash_is_not_doubled():
    url = signed_url(PUBLIC + "/", SECRET, "F044GKUHN9Z", now=NOW)
    token = token_of(url)

    assert "//media" not in url
    assert all(c.isascii() and (c.isalnum() or c in "-_.") for c in token)
    assert "=" not in token


def test_expiry_boundary_is_exclusive():
    token = token_of(signed_url(PUBLIC, SECRET, "F0FILE0001", now=NOW))

    assert verify(token, SECRET, now=NOW + DEFAULT_TTL - timedelta(seconds=1)) == "F0FILE0001"
    assert verify(token, SECRET, now=NOW + DEFAULT_TTL) is None
    assert verify(token, SECRET, now=NOW + timedelta(days=365)) is None


def test_a_custom_ttl_and_other_time_zones_agree():
    token = token_of(signed_url(PUBLIC, SECRET, "F0FILE0001", now=NOW, ttl=timedelta(minutes=5)))
    dubai = timezone(timedelta(hours=4))

    assert verify(token, SECRET, now=(NOW + timedelta(minutes=4)).astimezone(dubai)) == "F0FILE0001"
    assert verify(token, SECRET, now=(NOW + timedelta(minutes=5)).astimezone(dubai)) is None


def test_a_wrong_secret_is_refused():
    token = token_of(signed_url(PUBLIC, SECRET, "F0FILE0001", now=NOW))

    assert verify(token, "another-secret", now=NOW) is None


def test_another_file_id_or_a_later_expiry_breaks_the_signature():
    file_id, expires, signature = token_of(signed_url(PUBLIC, SECRET, "F0FILE0001", now=NOW)).split(".")

    assert verify(f"F0FILE0002.{expires}.{signature}", SECRET, now=NOW) is None
    assert verify(f"{file_id}.{int(expires) + 3600}.{signature}", SECRET, now=NOW) is None


def test_every_single_character_change_is_refused():
    token = token_of(signed_url(PUBLIC, SECRET, "F0FILE0001", now=NOW))
    for i, c in enumerate(token):
        for replacement in {"A", "0", "_", "."} - {c}:
            tampered = token[:i] + replacement + token[i + 1:]
            assert verify(tampered, SECRET, now=NOW) is None, tampered


@pytest.mark.parametrize("token", [
    "", ".", "..", "...", "F0FILE0001", "F0FILE0001..", "F0FILE0001.abc.def",
    "f0file0001.1795000000." + "A" * 43,       # lower-case id
    "../etc/passwd", "F0FILE0001.1795000000." + "A" * 44, "F0FILE0001.1795000000." + "A" * 42,
    "F0FILE0001.9" * 3, "F0FILE0001.¹²³." + "A" * 43, "F0FILE0001.1795000000." + "é" * 43,
    "F0FILE0001.1795000000\n." + "A" * 43, "F0FILE0001." + "9" * 5000 + "." + "A" * 43,
])
def test_garbage_is_refused(token):
    assert verify(token, SECRET, now=NOW) is None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_no_text_is_accepted_or_raises(token):
    assert verify(token, SECRET, now=NOW) is None


@settings(deadline=None)
@given(st.from_regex(r"F[0-9A-Z]{6,24}", fullmatch=True), st.integers(min_value=1, max_value=7 * 24 * 3600))
def test_any_valid_file_id_round_trips_within_its_ttl(file_id, ttl_seconds):
    ttl = timedelta(seconds=ttl_seconds)
    token = token_of(signed_url(PUBLIC, SECRET, file_id, now=NOW, ttl=ttl))

    assert verify(token, SECRET, now=NOW + ttl - timedelta(seconds=1)) == file_id
    assert verify(token, SECRET, now=NOW + ttl) is None


@pytest.mark.parametrize("file_id", ["", "F", "F01", "U0AGENT01", "f0file0001", "F0FILE0001/../x", "F0FILE.0001"])
def test_signing_refuses_what_is_not_a_slack_file_id(file_id):
    assert not is_file_id(file_id)
    with pytest.raises(ValueError):
        signed_url(PUBLIC, SECRET, file_id, now=NOW)


def test_naive_times_are_a_programming_error():
    with pytest.raises(ValueError):
        signed_url(PUBLIC, SECRET, "F0FILE0001", now=datetime(2026, 11, 22, 9, 0))
