"""`python -m bot triage` (docs/contract.md): JSON lines in, one answer line per input, in order."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LANES = """
[workspace]
timezone = "Asia/Dubai"
default_lane = "support"

[[lanes]]
name = "sales"
channel = "C0SALES"

[[lanes]]
name = "billing"
channel = "C0BILLING"

[[lanes]]
name = "support"
channel = "C0SUPPORT"

[[entry_points]]
ref = "pricing"
lane = "sales"
label = "Paid media"

[labels]
names = ["Support request", "Billing", "Churn risk", "Feature request", "Bug report", "No action needed", "Paid media"]
review_below = 0.4
routes = { "Bug report" = { lane = "support", ping = "S0TECH" }, "Churn risk" = { lane = "sales", assign = "U0CS" } }
examples = { "Paid media" = ["ads on snapchat", "حملة إعلانية"] }
"""

INPUT = [
    {"id": "a1", "text": "Please send me the invoice for October"},
    {"id": 7, "text": "السلام عليكم"},
    {"id": "a3", "text": "Thanks for everything, but we won't renew the contract"},
    {"id": "a4", "text": "Hi, I'd like a quote (ref: pricing)"},
    {"id": None, "text": "el website ma yefta7 mn el sob7"},
]


def run(cwd: Path, lines: list[str], *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TWILIO_", "DATABASE_", "LANES_"))}
    base["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "bot", "triage", *args], cwd=cwd, env={**base, **(env or {})},
                          input="".join(line + "\n" for line in lines), capture_output=True, text=True, timeout=120)


def answers(result: subprocess.CompletedProcess[str]) -> list[dict]:
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_one_answer_per_line_in_order_with_the_contract_fields(tmp_path):
    (tmp_path / "lanes.toml").write_text(LANES, encoding="utf-8")
    lines = [json.dumps(item, ensure_ascii=False) for item in INPUT]
    lines.insert(2, "")  # a blank line
    lines.insert(4, "{not json")  # a malformed line

    out = answers(run(tmp_path, lines, "--lanes", str(tmp_path / "lanes.toml")))

    assert len(out) == len(lines)
    assert out[2] == {"id": None, "error": out[2]["error"]} and out[2]["error"]
    assert out[4]["id"] is None and "not JSON" in out[4]["error"]
    good = [answer for i, answer in enumerate(out) if i not in (2, 4)]
    assert [answer["id"] for answer in good] == [item["id"] for item in INPUT]
    for answer in good:
        assert set(answer) == {"id", "lane", "label", "confidence", "reasons"}
        assert 0 <= answer["confidence"] <= 1
        assert answer["reasons"] and all(isinstance(reason, str) for reason in answer["reasons"])
    assert [(a["lane"], a["label"]) for a in good] == [
        ("billing", "Billing"),
        ("support", "Support request"),
        ("sales", "Churn risk"),  # the lanes file's route
        ("sales", "Paid media"),  # the entry point
        ("support", "Bug report"),
    ]
    assert "\\u" not in run(tmp_path, [json.dumps({"id": 1, "text": "حملة إعلانية"})]).stdout  # ensure_ascii=False


def test_train_changes_a_prediction_without_a_database(tmp_path):
    message = json.dumps({"id": "q", "text": "zorblax frobnicator wibble"})
    train = tmp_path / "train.jsonl"
    train.write_text("".join(json.dumps({"text": f"zorblax frobnicator {word}", "label": "Feature request"}) + "\n"
                             for word in ("one", "two", "three", "four", "five", "six", "seven", "eight")))

    before = answers(run(tmp_path, [message]))[0]
    after = answers(run(tmp_path, [message], "--train", str(train)))[0]

    assert before["label"] != "Feature request"
    assert after["label"] == "Feature request"
    assert not list(tmp_path.glob("*.db"))


def test_without_a_lanes_file_the_packaged_example_is_used(tmp_path):
    out = answers(run(tmp_path, [json.dumps({"id": 1, "text": "Do you do Arabic SEO? We want to rank on Google"})]))

    assert (out[0]["lane"], out[0]["label"]) == ("arabic_seo", "Arabic SEO")


def test_lanes_file_from_the_environment_and_bad_files_are_reported(tmp_path):
    (tmp_path / "mine.toml").write_text(LANES.replace('lane = "sales", assign', 'lane = "nowhere", assign'))
    result = run(tmp_path, [], env={"LANES_FILE": str(tmp_path / "mine.toml")})

    assert result.returncode == 2
    assert "labels.routes.\"Churn risk\".lane: unknown lane 'nowhere'" in result.stderr
    bad_train = tmp_path / "bad.jsonl"
    bad_train.write_text('{"text": "hi"}\n')
    result = run(tmp_path, [], "--train", str(bad_train))
    assert result.returncode == 2 and "line 1" in result.stderr
