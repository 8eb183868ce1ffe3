"""Operator commands open the database only once it is migrated, and say what to run otherwise."""

from __future__ import annotations

import subprocess
import sys

from bot.cli.database import migrated_database
from bot.store.migrate import upgrade


def test_an_unmigrated_database_is_refused_with_what_to_run(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    with migrated_database(f"sqlite:///{tmp_path / 'empty.db'}", "erase") as db:
        assert db is None
    assert "erase: the database schema is missing or out of date: run `python -m bot migrate` first" in (
        capsys.readouterr().err)


def test_a_migrated_database_is_given(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    upgrade(url)
    with migrated_database(url, "erase") as db:
        assert db is not None and db.ping()


def test_erase_on_an_unmigrated_database_says_so_instead_of_failing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}", "PATH": "/usr/bin:/bin", "DEV": "1",
           "SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_SIGNING_SECRET": "secret", "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
           "TWILIO_AUTH_TOKEN": "token", "TWILIO_WHATSAPP_FROM": "whatsapp:+15550100001"}
    done = subprocess.run([sys.executable, "-m", "bot", "erase", "--contact", "+971501234567"], env=env,
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert done.returncode == 1
    assert "run `python -m bot migrate` first" in done.stderr and "Traceback" not in done.stderr
