"""`python -m bot check`: every problem in .env and the lanes file, each with its key or line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.fakes.fixtures import SLACK_BOT_TOKEN

ROOT = Path(__file__).resolve().parents[1]


def run_check(cwd: Path, env_file: str, *args: str) -> subprocess.CompletedProcess[str]:
    (cwd / ".env").write_text(env_file)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TWILIO_", "DATABASE_", "PUBLIC_", "LANES_"))}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "bot", "check", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=60)


# The examples with their placeholders filled in, as a user does before the first start.
FILLED_ENV = {
    "SLACK_BOT_TOKEN": "xoxb-1234-5678-AbCdEf", "SLACK_SIGNING_SECRET": "8f14e45fceea167a5a36dedd4bea2543",
    "TWILIO_ACCOUNT_SID": "AC" + "3f" * 16, "TWILIO_AUTH_TOKEN": "c4ca4238a0b923820dcc509a6f75849b",
    "PUBLIC_URL": "https://bot.acme.ae",
}


def filled(env_text: str) -> str:
    return env_text + "".join(f"\n{name}={value}" for name, value in FILLED_ENV.items()) + "\n"


def filled_lanes() -> str:
    from bot.checks.placeholders import example_ids

    text = (ROOT / "lanes.example.toml").read_text()
    for example in sorted(example_ids(text), key=len, reverse=True):
        text = text.replace(f'"{example}"', f'"{example[0]}07{example[2:]}"')
    return text


def test_check_flags_the_examples_left_as_they_are(tmp_path):
    shutil.copy(ROOT / "lanes.example.toml", tmp_path / "lanes.toml")
    result = run_check(tmp_path, (ROOT / ".env.example").read_text())

    assert result.returncode == 1
    assert ".env: SLACK_BOT_TOKEN: still the example's placeholder" in result.stdout
    assert "lanes.toml: lane sales channel: C0SALES is an example id from lanes.example.toml" in result.stdout
    assert not result.stdout.startswith("OK")


def test_check_passes_on_the_examples(tmp_path):
    (tmp_path / "lanes.toml").write_text(filled_lanes())  # the examples, filled in
    result = run_check(tmp_path, filled((ROOT / ".env.example").read_text()))

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK")


def test_check_reports_every_problem_with_its_key_or_line(tmp_path):
    lanes = (ROOT / "lanes.example.toml").read_text()
    lanes = lanes.replace('channel = "C0SALES"', 'channel = "#sales"', 1)
    lanes = lanes.replace("[workspace]", "[workspace]\ncolour = \"green\"", 1)
    (tmp_path / "lanes.toml").write_text(lanes)
    env_file = (ROOT / ".env.example").read_text().replace("TWILIO_AUTH_TOKEN=replace-me", "TWILIO_AUTH_TOKEN=")

    result = run_check(tmp_path, env_file)

    assert result.returncode == 1
    out = result.stdout
    assert ".env: TWILIO_AUTH_TOKEN" in out
    colour_line = next(n for n, text in enumerate(lanes.splitlines(), 1) if text.startswith("colour"))
    assert f"workspace.colour (line {colour_line})" in out
    sales_line = next(n for n, text in enumerate(lanes.splitlines(), 1) if '"#sales"' in text)
    assert f"(line {sales_line})" in out and "channel" in out


def test_check_names_a_missing_lanes_file(tmp_path):
    result = run_check(tmp_path, (ROOT / ".env.example").read_text())

    assert result.returncode == 1 and "lanes.toml" in result.stdout


READINESS_LANES = """
[workspace]
default_lane = "support"
escalation_channel = "C07ESCALATE"

[[lanes]]
name = "sales"
channel = "C07SALES"
members = ["U07AAA", "U07BBB"]
claim_within = "5m"
reply_within = "15m"

[[lanes]]
name = "support"
channel = "C07SUPPORT"
members = ["U07AAA", "U07EEE"]
claim_within = "15m"

[[entry_points]]
ref = "pricing"
page = "https://example.com/pricing"
preset = "Hi, I'd like a quote (ref: pricing)"
lane = "sales"
label = "Paid media"

[labels]
names = ["Paid media"]
"""


def test_check_readiness_scores_each_lane_against_slack(tmp_path, fake_slack):
    (tmp_path / "lanes.toml").write_text(READINESS_LANES)
    fake_slack.add_channel("C07SALES", "sales", members=["U07AAA", fake_slack.bot_user_id])
    fake_slack.add_channel("C07SUPPORT", "support", members=["U07AAA", "U07EEE", fake_slack.bot_user_id])
    fake_slack.add_user("U07EEE", deleted=True)
    env_file = filled((ROOT / ".env.example").read_text())  # the last value of a repeated name wins
    env_file += f"\nSLACK_BOT_TOKEN={SLACK_BOT_TOKEN}\nSLACK_API_URL={fake_slack.url}\n"

    result = run_check(tmp_path, env_file, "--readiness")

    assert result.returncode == 0, result.stdout + result.stderr  # gaps are advice, not errors
    out = result.stdout
    assert out.startswith("OK")
    assert "sales: 9/10" in out and "-> Invite <@U07BBB> to <#C07SALES>" in out
    assert "support: 3/10" in out
    assert "-> Replace <@U07EEE> in the `members` of lane `support`" in out
    assert "-> Set `reply_within` for lane `support`" in out
    assert [c.params["channel"] for c in fake_slack.calls("conversations.members")] == ["C07SALES", "C07SUPPORT"]


def test_check_readiness_asks_slack_nothing_when_the_check_fails(tmp_path, fake_slack):
    env_file = (ROOT / ".env.example").read_text() + f"SLACK_API_URL={fake_slack.url}\n"

    result = run_check(tmp_path, env_file, "--readiness")

    assert result.returncode == 1 and "lanes.toml" in result.stdout
    assert fake_slack.calls() == [] and fake_slack.failed_calls() == []


# -- report --------------------------------------------------------------------------


def run_bot(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """`python -m bot ARGS` in `cwd` with the example .env (DATABASE_URL=sqlite:///bot.db there)."""
    (cwd / ".env").write_text((ROOT / ".env.example").read_text())
    ours = ("SLACK_", "TWILIO_", "DATABASE_", "PUBLIC_", "LANES_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, env=env, capture_output=True, timeout=60)


def test_report_writes_the_periods_conversations_as_csv(tmp_path):
    from bot.store.db import Database
    from tests.reports.test_queries import _at, _conversation

    shutil.copy(ROOT / "lanes.example.toml", tmp_path / "lanes.toml")
    assert run_bot(tmp_path, "migrate").returncode == 0
    db = Database(f"sqlite:///{tmp_path / 'bot.db'}")
    db.transaction(lambda s: [
        _conversation(s, 1, "sales", _at(16, 7), owner="U0AAA", outcome="Proposal fit", label="SEO عربي"),
        _conversation(s, 2, "support", _at(21, 20)),  # 00:00 on the 22nd in Dubai: the day after
    ])
    db.dispose()

    result = run_bot(tmp_path, "report", "--from", "2026-11-15", "--to", "2026-11-21", "--csv", "out.csv")

    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr.decode() == "wrote 1 conversation (15–21 Nov 2026) to out.csv\n" and result.stdout == b""
    data = (tmp_path / "out.csv").read_bytes()
    lines = data.decode("utf-8-sig").splitlines()
    assert data.startswith(b"\xef\xbb\xbf") and lines[0].startswith("conversation,started,started_day,")
    assert lines[1].startswith("1,2026-11-16T11:00:00+04:00,2026-11-16,,,sales,SEO عربي,U0AAA,")
    assert ",Proposal fit,yes," in lines[1] and len(lines) == 2

    to_stdout = run_bot(tmp_path, "report", "--from", "2026-11-15", "--to", "2026-11-22", "--csv", "-")
    assert to_stdout.returncode == 0 and to_stdout.stderr == b""
    assert to_stdout.stdout.startswith(data) and to_stdout.stdout.count(b"\r\n") == 3


def test_report_refuses_a_bad_date_and_a_database_not_migrated(tmp_path):
    shutil.copy(ROOT / "lanes.example.toml", tmp_path / "lanes.toml")

    result = run_bot(tmp_path, "report", "--from", "2026-11-31", "--to", "2026-12-01", "--csv", "out.csv")

    assert result.returncode == 2
    assert result.stderr.decode() == "report: --from 2026-11-31 is not a date\n"
    assert not (tmp_path / "out.csv").exists()

    result = run_bot(tmp_path, "report", "--from", "2026-11-01", "--to", "2026-11-30", "--csv", "out.csv")

    assert result.returncode == 1 and "run `python -m bot migrate` first" in result.stderr.decode()
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "bot.db").exists()


def test_report_rebuilds_the_rollups_in_the_lanes_files_time_zone(tmp_path):
    from sqlalchemy import func, select

    from bot.store.db import Database
    from bot.store.models_rollups import report_rollup, report_rollup_state
    from bot.store.rollups.rebuild import stop
    from tests.reports.test_queries import _at, _conversation

    shutil.copy(ROOT / "lanes.example.toml", tmp_path / "lanes.toml")
    assert run_bot(tmp_path, "migrate").returncode == 0  # the migration keeps them in the lanes file's zone
    db = Database(f"sqlite:///{tmp_path / 'bot.db'}")
    assert db.read(lambda s: s.execute(select(report_rollup_state.c.tz)).scalar()) == "Asia/Dubai"
    db.transaction(lambda s: stop(session=s))
    db.transaction(lambda s: [_conversation(s, 1, "sales", _at(16, 7)), _conversation(s, 2, "support", _at(21, 20))])

    result = run_bot(tmp_path, "report", "--rebuild-rollups")

    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr.decode() == "rebuilt the report rollups: 2 conversations, days in Asia/Dubai\n"
    assert db.read(lambda s: s.execute(select(func.sum(report_rollup.c.n))).scalar()) == 2
    db.dispose()
    assert run_bot(tmp_path, "report", "--from", "2026-11-15").returncode == 2


# -- contacts import -------------------------------------------------------------------


def test_contacts_import_creates_then_updates_accounts_by_number(tmp_path):
    from bot.store.db import Database
    from bot.store.models import Account

    assert run_bot(tmp_path, "migrate").returncode == 0
    (tmp_path / "customers.csv").write_text(
        "Number,Name,Company,Plan,Account owner,Notes\n"
        "+971 50 123 4567,Ana Souza,Souza Trading,Gold,U0AAA,Renewal in March\n"
        "not a number,Nobody,,,,\n"
        "966501112233,ليلى,شركة الريان,Basic,,\n", encoding="utf-8")
    first = run_bot(tmp_path, "contacts", "import", "customers.csv")
    assert first.returncode == 0, first.stderr.decode()
    assert first.stdout.decode().strip() == "2 account(s) created, 0 updated, 1 line(s) skipped"
    assert "line 3" in first.stderr.decode()

    (tmp_path / "update.csv").write_text("number,plan,notes\n+971501234567,Platinum,\n")
    second = run_bot(tmp_path, "contacts", "import", "update.csv")
    assert second.stdout.decode().strip() == "0 account(s) created, 1 updated, 0 line(s) skipped"

    db = Database(f"sqlite:///{tmp_path / 'bot.db'}")
    with db.session() as session:
        ana = session.get(Account, "+971501234567")
        layla = session.get(Account, "+966501112233")
    db.dispose()
    assert ana is not None and (ana.name, ana.plan, ana.owner, ana.notes) == (
        "Ana Souza", "Platinum", "U0AAA", "Renewal in March")  # empty cells keep what was there
    assert layla is not None and layla.company == "شركة الريان"
