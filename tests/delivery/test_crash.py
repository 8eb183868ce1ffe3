"""kill -9 of the process that posted a card, after Slack accepted the post and before the
card's ts was committed: one card, one thread, and the replies written in it still reach
the customer (a real process, really killed; SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlmodel import select

from bot.store.models import Conversation, Message
from tests.builders import inbound_form, signed_twilio_post
from tests.handlers.test_slack_replies import reply_event, send

ROOT = Path(__file__).resolve().parents[2]
WORKER = """
import sys
from datetime import datetime
from bot.clock import FixedClock
from bot.delivery.worker import DeliveryWorker
from bot.deps import build_deps
from bot.lanes import parse_lanes
from tests.conftest import LANES, make_settings

settings = make_settings(DATABASE_URL=sys.argv[1], SLACK_API_URL=sys.argv[2], TWILIO_API_URL=sys.argv[3])
deps = build_deps(settings, parse_lanes(LANES), clock=FixedClock(datetime.fromisoformat(sys.argv[4])))
DeliveryWorker(deps).run_due()
"""


def test_kill_9_between_slacks_answer_and_the_commit_leaves_one_card_and_one_thread(
        client, worker, fake_slack, fake_twilio, db_url, clock, db):
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form("Hello, help please")).status_code == 200
    release = fake_slack.hold_answer("chat.postMessage")
    process = subprocess.Popen([sys.executable, "-c", WORKER, db_url, fake_slack.url, fake_twilio.url,
                                clock.now().isoformat()], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert fake_slack.holding.wait(60), "the worker process never posted the card"
        [card] = fake_slack.posts()  # Slack has the card; the process has not heard back
        os.kill(process.pid, signal.SIGKILL)
        process.wait(30)
    finally:
        release.set()
        if process.poll() is None:
            process.kill()
    with db.session() as session:
        assert session.exec(select(Conversation)).one().thread_ts is None  # never committed

    send(client, reply_event((card.params["channel"], card.ts), "Hi Ana, on it"))  # written in the first thread
    clock.advance(timedelta(seconds=31))  # the dead process's lease runs out
    worker.run_due()

    cards = [c for c in fake_slack.posts() if not c.params.get("thread_ts")]
    assert [c.ts for c in cards] == [card.ts]
    assert [c.params["text"] for c in fake_slack.posts(thread_ts=card.ts)] == ["Hello, help please"]
    assert [m["Body"] for m in fake_twilio.sent()] == ["Hi Ana, on it"]
    with db.session() as session:
        assert session.exec(select(Conversation)).one().thread_ts == card.ts
        reply = session.exec(select(Message).where(Message.direction == "out")).one()
    assert reply.twilio_sid == fake_twilio.sent()[0].sid
