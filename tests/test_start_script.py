"""scripts/start on a fresh clone: it writes the templates and stops, saying what to fill in."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_start_writes_the_templates_then_stops_instead_of_serving_placeholders(tmp_path: Path) -> None:
    for name in ("scripts/start", ".env.example", "lanes.example.toml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    # A stand-in for the venv's python: pip is a no-op, the rest is the real one on this checkout.
    (bin_dir / "python").write_text(
        f'#!/bin/sh\nif [ "$2" = "pip" ]; then exit 0; fi\nPYTHONPATH={ROOT} exec {ROOT}/.venv/bin/python "$@"\n')
    (bin_dir / "python").chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TWILIO_", "DATABASE_", "PUBLIC_", "LANES_"))}

    first = subprocess.run(["bash", "scripts/start"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert first.returncode == 1
    assert "wrote .env lanes.toml from the examples" in first.stdout and "SLACK_BOT_TOKEN" in first.stdout
    assert (tmp_path / ".env").exists() and (tmp_path / "lanes.toml").exists()

    second = subprocess.run(["bash", "scripts/start"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert second.returncode == 1
    assert "still the example's placeholder" in second.stdout and "not starting" in second.stderr
