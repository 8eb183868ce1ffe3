"""`python -m bot check`: every problem in .env and the lanes file, each with its key or line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_check(cwd: Path, env_file: str) -> subprocess.CompletedProcess[str]:
    (cwd / ".env").write_text(env_file)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TWILIO_", "DATABASE_", "PUBLIC_", "LANES_"))}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "bot", "check"], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=60)


def test_check_passes_on_the_examples(tmp_path):
    shutil.copy(ROOT / "lanes.example.toml", tmp_path / "lanes.toml")
    result = run_check(tmp_path, (ROOT / ".env.example").read_text())

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
