"""Limits at the edge: bodies are capped before they are read, and a locked database gives a
503 within seconds instead of a hung webhook (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import sqlite3
import threading
import time
import tracemalloc

import psycopg
import pytest

from bot.handlers.limits import SLACK_MAX_BODY
from tests.builders import inbound_form, signed_twilio_post


class Zeros(io.RawIOBase):
    """A request body of `size` bytes that exists only as it is read."""

    def __init__(self, size: int) -> None:
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        n = min(len(buffer), self.left)
        buffer[:n] = b"0" * n
        self.left -= n
        return n


@pytest.mark.parametrize("content_type", ["application/json", "application/x-www-form-urlencoded"])
def test_a_5_mb_body_to_slack_events_is_refused_413_without_being_read(client, content_type):
    size = 5 * 1024 * 1024
    body = Zeros(size)
    tracemalloc.start()
    try:
        response = client.post("/slack/events", environ_overrides={
            "wsgi.input": body, "CONTENT_LENGTH": str(size), "CONTENT_TYPE": content_type})
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert response.status_code == 413  # not 401 after reading it all
    assert body.left == size  # not a byte read
    assert peak < 1024 * 1024  # the process did not grow with the body


def test_a_body_without_a_length_is_capped_while_read(client):
    body = Zeros(3 * SLACK_MAX_BODY)
    environ = {"wsgi.input": body, "wsgi.input_terminated": True, "CONTENT_TYPE": "application/json"}
    response = client.post("/slack/events", environ_overrides=environ)
    assert response.status_code in (401, 413)
    assert body.left >= SLACK_MAX_BODY  # stopped near the cap


def test_a_small_body_still_reaches_slack_verification(client):
    assert client.post("/slack/events", data=b"{}", content_type="application/json").status_code == 401


def _hold_write_lock(db, db_url, ready: threading.Event, release: threading.Event) -> None:  # type: ignore[no-untyped-def]
    if db.is_postgres:
        with psycopg.connect(db_url.replace("postgresql+psycopg://", "postgresql://"), autocommit=False) as conn:
            conn.execute("LOCK TABLE inbound, contact, message, conversation IN ACCESS EXCLUSIVE MODE")
            ready.set()
            release.wait(20)
            conn.rollback()
    else:
        conn = sqlite3.connect(db_url.removeprefix("sqlite:///"), isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        ready.set()
        release.wait(20)
        conn.execute("ROLLBACK")
        conn.close()


def test_a_locked_database_answers_503_within_seconds(client, db, db_url):
    ready, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_write_lock, args=(db, db_url, ready, release))
    holder.start()
    try:
        assert ready.wait(10)
        started = time.monotonic()
        response = signed_twilio_post(client, "/twilio/whatsapp", inbound_form("Hello while locked"))
        elapsed = time.monotonic() - started  # an upper bound on a failure path, not a timing of success
    finally:
        release.set()
        holder.join()

    assert response.status_code == 503
    assert elapsed < 5
    # and once the lock is gone, the same message is accepted (Twilio retries it)
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form("Hello again")).status_code == 200
