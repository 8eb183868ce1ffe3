"""`python -m bot serve` as a real process: it migrates, answers webhooks, delivers through
the worker woken by the webhook, and a process killed with work queued loses nothing."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests

from tests.builders import inbound_form, twilio_signature
from tests.conftest import BUSINESS_NUMBER
from tests.fakes.fixtures import SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN

ROOT = Path(__file__).resolve().parents[2]


class Bot:
    """The bot in a child process; `url` once it is listening."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", "0"],
            cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        self.log: list[str] = []
        self._ready = threading.Event()
        self.url = ""
        threading.Thread(target=self._read, daemon=True).start()
        if not self._ready.wait(30) or not self.url:
            self.kill()
            raise AssertionError("bot did not start:\n" + "".join(self.log))

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.log.append(line)
            found = re.search(r"serving on (http://\S+)", line)
            if found:
                self.url = found.group(1)
                self._ready.set()
        self._ready.set()

    def post(self, form: dict[str, str], public_url: str) -> requests.Response:
        headers = {"X-Twilio-Signature": twilio_signature(public_url + "/twilio/whatsapp", form)}
        return requests.post(self.url + "/twilio/whatsapp", data=form, headers=headers, timeout=10)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        if self.process.stderr:
            self.process.stderr.close()


@pytest.fixture
def bot_env(tmp_path, fake_slack, fake_twilio):  # type: ignore[no-untyped-def]
    shutil.copy(ROOT / "lanes.example.toml", tmp_path / "lanes.toml")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TWILIO_", "DATABASE_", "PUBLIC_"))}
    env.update({
        "SLACK_BOT_TOKEN": SLACK_BOT_TOKEN, "SLACK_SIGNING_SECRET": SLACK_SIGNING_SECRET,
        "TWILIO_ACCOUNT_SID": TWILIO_ACCOUNT_SID, "TWILIO_AUTH_TOKEN": TWILIO_AUTH_TOKEN,
        "TWILIO_WHATSAPP_FROM": BUSINESS_NUMBER, "PUBLIC_URL": "https://bot.example.com",
        "SLACK_API_URL": fake_slack.url, "TWILIO_API_URL": fake_twilio.url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}", "PYTHONPATH": str(ROOT),
    })
    return env


def test_serve_delivers_at_once_when_woken_by_the_webhook(bot_env, tmp_path, fake_slack):
    bot = Bot(bot_env, tmp_path)
    try:
        assert requests.get(bot.url + "/healthz", timeout=5).json() == {
            "ok": True, "degraded": False, "backlog": 0, "oldest_pending_s": 0, "intake_backlog": 0,
            "oldest_intake_s": 0, "dead": 0, "faults": []}
        assert bot.post(inbound_form("Hello from the real process"), "https://bot.example.com").status_code == 200
        # The idle tick is 5 s: arriving well within 2 s shows the webhook woke the worker.
        posts = fake_slack.wait_for("chat.postMessage", count=2, timeout=2.0)
        assert [p.params.get("text") for p in posts][1] == "Hello from the real process"
    finally:
        bot.kill()


def test_a_killed_process_loses_nothing_queued(bot_env, tmp_path, fake_slack):
    fake_slack.down()
    bot = Bot(bot_env, tmp_path)
    try:
        for n in range(3):
            assert bot.post(inbound_form(f"queued {n}", sender="+971500000009"), "https://bot.example.com").status_code == 200
    finally:
        bot.kill()
    assert fake_slack.posts() == []

    fake_slack.up()
    restarted = Bot(bot_env, tmp_path)
    try:
        # If the kill landed mid-call, that job's lease (30 s) must run out first.
        posts = fake_slack.wait_for("chat.postMessage", count=4, timeout=45.0)
    finally:
        restarted.kill()
    assert [p.params.get("text") for p in posts if p.params.get("thread_ts")] == [f"queued {n}" for n in range(3)]


def test_serve_refuses_a_bad_config_with_one_clear_line(bot_env, tmp_path):
    env = {k: v for k, v in bot_env.items() if k != "TWILIO_AUTH_TOKEN"}
    result = subprocess.run([sys.executable, "-m", "bot", "serve", "--port", "0"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "TWILIO_AUTH_TOKEN" in lines[0]
