"""SIGTERM to `python -m bot serve` (docker stop): the job in flight finishes, nothing new is
leased, no lease stays behind, and the process exits 0."""

from __future__ import annotations

import signal
import sqlite3
import time

from tests.builders import inbound_form
from tests.scenarios.test_serve import Bot, bot_env  # noqa: F401 - the fixture


def test_sigterm_finishes_the_job_in_flight_and_releases_every_lease(bot_env, tmp_path, fake_slack):  # noqa: F811
    bot = Bot(bot_env, tmp_path)
    try:
        fake_slack.set_delay(1.5)  # the card's chat.postMessage is still in flight when SIGTERM comes
        assert bot.post(inbound_form("in flight at SIGTERM"), "https://bot.example.com").status_code == 200
        time.sleep(0.4)
        bot.process.send_signal(signal.SIGTERM)
        assert bot.process.wait(30) == 0
    finally:
        bot.kill()
    assert [p.params["text"].startswith("WhatsApp:") for p in fake_slack.posts()] == [True]  # the card, finished
    with sqlite3.connect(tmp_path / "bot.db") as db:
        rows = db.execute("SELECT kind, state, lease_owner FROM outboxjob ORDER BY id").fetchall()
    assert ("slack.card", "done", None) in rows
    assert all(owner is None for _kind, _state, owner in rows)  # nothing left leased
    assert any(state == "pending" for _kind, state, _owner in rows)  # the next job waits for the next start
    assert any("SIGTERM: stopping" in line for line in bot.log)
