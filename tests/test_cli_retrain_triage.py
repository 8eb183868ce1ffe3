"""`python -m bot retrain --triage --triage-from FILE.jsonl` end to end (SQLite, the example .env)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.test_cli import ROOT, run_bot


def test_retrain_from_an_export_reports_before_and_after(tmp_path: Path) -> None:
    shutil.copy(ROOT / "lanes.example.toml", tmp_path / "lanes.toml")
    assert run_bot(tmp_path, "migrate").returncode == 0
    lines = [{"text": "the invoice for october is missing VAT", "label": "Billing"},
             {"text": "when is the next report due?", "label": "Support request"},
             {"text": "we'd like a tender readiness review", "label": "Tender readiness"},
             {"text": "hello", "label": "Nope"}] * 2
    (tmp_path / "export.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")

    result = run_bot(tmp_path, "retrain", "--triage", "--triage-from", "export.jsonl")

    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert out.startswith("triage examples: ") and "left out (not in the lanes file's labels): 'Nope'" in out
    assert "adopted" in out or "kept the current one" in out or "no held-out" in out

    bad = run_bot(tmp_path, "retrain", "--triage-from", "missing.jsonl")
    assert bad.returncode == 2 and b"cannot read training file" in bad.stderr
