"""Hygiene at the edges: replayed slash commands run once; inbound messages must be for our
account and one of our senders; /media serves only WhatsApp's types, never sniffed; media
URLs are normalised; the files the bot writes are private."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from bot.store.db import Database
from bot.whatsapp.media import is_under
from tests.builders import inbound_form, signed_slack_form, signed_twilio_post
from tests.conftest import make_settings
from tests.handlers.test_slack_report import command, jobs

ROOT = Path(__file__).resolve().parents[2]


def test_a_replayed_signed_slash_command_runs_once(client, fake_slack, db, lanes):
    form = command(fake_slack, "7d", user="U0AAA", channel="C0SALES")
    for _ in range(3):  # the same signed request, replayed within Slack's five minutes
        assert signed_slack_form(client, form).status_code == 200
    assert len(jobs(db)) == 1


@pytest.mark.parametrize("change, reason", [
    ({"To": "whatsapp:+15550109999"}, "senders"),
    ({"AccountSid": "AC" + "0" * 32}, "account"),
])
def test_inbound_must_be_for_our_account_and_one_of_our_senders(client, db, change, reason):
    response = signed_twilio_post(client, "/twilio/whatsapp", inbound_form("Hello", **change))
    assert response.status_code == 400 and reason in response.get_data(as_text=True)
    assert jobs(db) == []


def test_several_senders_may_be_configured():
    settings = make_settings(TWILIO_WHATSAPP_FROM="whatsapp:+15550100001, whatsapp:+971500000001")
    assert settings.senders == ("whatsapp:+15550100001", "whatsapp:+971500000001")
    assert settings.twilio_whatsapp_from == "whatsapp:+15550100001"


def test_media_urls_are_normalised_before_they_are_trusted():
    prefix = "https://api.twilio.com/2010-04-01/Accounts/AC1/"
    assert is_under(prefix + "Messages/MM1/Media/ME1", prefix)
    for bad in (prefix + "../ACother/Messages/MM1", prefix + "Messages/%2e%2e/%2e%2e/../x", prefix + "./x",
                prefix.replace("api.twilio.com", "evil.example") + "x", prefix + "Messages//x",
                "https://api.twilio.com/2010-04-01/Accounts/AC10/x"):
        assert not is_under(bad, prefix), bad


def test_the_sqlite_database_and_its_wal_files_are_private(tmp_path):
    path = tmp_path / "bot.db"
    database = Database(f"sqlite:///{path}")
    with database.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x)")
        conn.exec_driver_sql("INSERT INTO t VALUES (1)")
    with database.engine.connect() as conn:
        conn.exec_driver_sql("SELECT * FROM t").all()
        for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            if name.exists():
                assert stat.S_IMODE(name.stat().st_mode) == 0o600, name
    database.dispose()


def test_scripts_start_writes_a_private_env(tmp_path):
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "start", tmp_path / "scripts" / "start")
    shutil.copy(ROOT / ".env.example", tmp_path / ".env.example")
    (tmp_path / "lanes.toml").write_text("")
    stub = tmp_path / ".venv" / "bin" / "python"
    stub.parent.mkdir(parents=True)
    stub.write_text("#!/bin/sh\nexit 0\n")
    stub.chmod(0o755)
    done = subprocess.run(["bash", str(tmp_path / "scripts" / "start")], capture_output=True, text=True,
                          env={**os.environ, "PYTHON": "false"})
    # It stops after writing the templates (issue 13: say what to fill in), but the .env it wrote is private.
    assert "wrote .env" in done.stdout, done.stdout + done.stderr
    assert stat.S_IMODE((tmp_path / ".env").stat().st_mode) == 0o600


def test_a_replayed_wa_away_switches_once(client, deps, fake_slack):
    from bot.store.models import MemberState
    from tests.handlers.test_slack_home import away_command

    form = away_command()
    for _ in range(3):
        assert signed_slack_form(client, form).status_code == 200
    fake_slack.wait_for("views.publish", count=3)  # Bolt's lazy Home refreshes are done
    with deps.db.session() as session:
        assert session.get(MemberState, "U0AGENT01") is not None and session.get(MemberState, "U0AGENT01").away
