"""`python -m bot jobs`: list what is pending, paused or dead with its conversation and last
error; retry one or every dead job; drop one — each with a confirmation line and an audit event."""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

from sqlmodel import select

from bot.cli.jobs import add_parser, run
from bot.store.migrate import upgrade
from bot.store.models import Event, OutboxJob
from tests.builders import inbound_form, signed_twilio_post

ROOT = Path(__file__).resolve().parents[2]


def jobs_cli(db, clock, *argv):  # type: ignore[no-untyped-def]
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers(dest="command"))
    out = io.StringIO()
    code = run(parser.parse_args(["jobs", *argv]), db=db, now=clock.now(), out=out, actor="cli:ops")
    return code, out.getvalue()


def states(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return {job.id: (job.kind, job.state) for job in session.exec(select(OutboxJob)).all()}


def test_list_retry_and_drop(client, worker, fake_slack, db, clock):
    fake_slack.fail_ok_false("chat.postMessage", error="channel_not_found")
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form("price please")).status_code == 200
    worker.run_due()
    dead = [job_id for job_id, (_kind, state) in states(db).items() if state == "dead"]
    assert len(dead) == 2

    code, listing = jobs_cli(db, clock)
    assert code == 0
    card_line = next(line for line in listing.splitlines() if "slack.card " in line)
    assert "dead" in card_line and "#1 (sales)" in card_line and "channel_not_found" in card_line

    code, said = jobs_cli(db, clock, "retry", "--dead")
    assert code == 0 and said.startswith("retried 2 dead job(s)")
    worker.run_due()
    assert all(state == "done" for _kind, state in states(db).values())
    assert [c.params.get("text") for c in fake_slack.posts(channel="C0SALES")][1] == "price please"
    assert jobs_cli(db, clock) == (0, "no pending or dead jobs\n")

    fake_slack.down()
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form("one more")).status_code == 200
    worker.run_due()
    [waiting] = [job_id for job_id, (kind, state) in states(db).items() if state == "pending"]
    code, said = jobs_cli(db, clock, "drop", str(waiting))
    assert code == 0 and said == f"dropped job {waiting} (slack.text, conversation 1): it will not be delivered\n"
    assert states(db)[waiting][1] == "dropped"
    assert jobs_cli(db, clock, "drop", str(waiting))[0] == 1
    assert jobs_cli(db, clock, "retry", str(waiting))[0] == 1  # dropped is final
    with db.session() as session:
        audit = session.exec(select(Event).where(Event.kind.in_(("job_retried", "job_dropped")))).all()  # type: ignore[attr-defined]
    assert sorted((e.kind, e.actor) for e in audit) == [("job_dropped", "cli:ops")] + [("job_retried", "cli:ops")] * 2


def test_the_command_runs_from_a_shell(tmp_path):
    shutil.copy(ROOT / "lanes.example.toml", tmp_path / "lanes.toml")
    (tmp_path / ".env").write_text((ROOT / ".env.example").read_text())
    ours = ("SLACK_", "TWILIO_", "DATABASE_", "PUBLIC_", "LANES_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(ours)} | {"PYTHONPATH": str(ROOT)}

    def bot(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "bot", *args], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=60)

    upgrade(f"sqlite:///{tmp_path / 'bot.db'}")  # the example .env's DATABASE_URL, from there
    missing = bot("jobs", "retry", "7")
    assert missing.returncode == 1 and "no pending or dead job 7" in missing.stderr
