"""The production kit: Dockerfile, compose file (docker cannot run here: parsed and checked),
LICENSE, and gunicorn.conf.py honouring PORT from .env."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_the_compose_file_runs_the_bot_on_postgresql() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    bot, db = compose["services"]["bot"], compose["services"]["db"]
    assert bot["build"] == "."
    assert bot["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert "@db:5432/" in bot["environment"]["DATABASE_URL"]
    user, password, name = re.match(r"postgresql\+psycopg://(\w+):(\w+)@db:5432/(\w+)",
                                    bot["environment"]["DATABASE_URL"]).groups()  # type: ignore[union-attr]
    assert (db["environment"]["POSTGRES_USER"], db["environment"]["POSTGRES_PASSWORD"],
            db["environment"]["POSTGRES_DB"]) == (user, password, name)
    assert db["image"].startswith("postgres:")
    assert bot["depends_on"]["db"]["condition"] == "service_healthy" and "healthcheck" in db
    assert bot["ports"] == [f"{bot['environment']['PORT']}:{bot['environment']['PORT']}"]
    assert bot["volumes"] == ["./lanes.toml:/app/lanes.toml:ro"] and bot["environment"]["LANES_FILE"] == "/app/lanes.toml"
    assert "pgdata" in compose["volumes"]


def test_the_dockerfile_is_slim_non_root_and_runs_gunicorn() -> None:
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert re.fullmatch(r"FROM python:3\.\d+-slim", lines[0])
    user = next(i for i, line in enumerate(lines) if line.startswith("USER "))
    cmd = next(i for i, line in enumerate(lines) if line.startswith("CMD "))
    assert lines[user] == "USER app" and user < cmd
    assert lines[cmd] == 'CMD ["gunicorn", "bot.wsgi:app"]'
    copied = " ".join(line for line in lines if line.startswith("COPY"))
    for needed in ("pyproject.toml", "bot", "gunicorn.conf.py"):
        assert needed in copied


def test_the_license_is_mit_as_pyproject_says() -> None:
    assert 'license = { text = "MIT" }' in (ROOT / "pyproject.toml").read_text()
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")


def test_gunicorn_reads_port_and_workers_from_dot_env(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("PORT=4321\nWEB_CONCURRENCY=3\nDATABASE_URL=postgresql+psycopg://x@y/z\n")
    env = {k: v for k, v in os.environ.items() if k not in ("PORT", "WEB_CONCURRENCY", "GUNICORN_THREADS",
                                                             "DATABASE_URL")}
    env["PYTHONPATH"] = str(ROOT)
    code = ("import runpy; c = runpy.run_path(%r); print(c['bind'], c['workers'], c['threads'], c['graceful_timeout'])"
            % str(ROOT / "gunicorn.conf.py"))
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.split() == ["0.0.0.0:4321", "3", "8", "30"], out.stderr
    env["PORT"] = "5555"  # the process environment wins over .env
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.split()[0] == "0.0.0.0:5555"
