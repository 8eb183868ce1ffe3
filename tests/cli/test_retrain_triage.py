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


def test_links_prints_each_entry_points_link_and_writes_a_qr_png(tmp_path: Path) -> None:
    shutil.copy(ROOT / "lanes.example.toml", tmp_path / "lanes.toml")

    result = run_bot(tmp_path, "links", "--out", "qr")

    assert result.returncode == 0, result.stderr.decode()
    rows = [line.split("\t") for line in result.stdout.decode().splitlines()]
    assert [row[0] for row in rows] == ["pricing", "seo-audit", "tender"]
    assert all(row[2].startswith("https://wa.me/") and "ref%3A" in row[2] for row in rows)
    for ref in ("pricing", "seo-audit", "tender"):
        assert (tmp_path / "qr" / f"{ref}.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
