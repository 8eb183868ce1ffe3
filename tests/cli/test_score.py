"""`python -m bot score`: the contract in docs (one JSON line per input, in order), as a subprocess."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from bot.cli.score import main

ROOT = Path(__file__).resolve().parents[2]
HOT = {"id": "hot-1", "messages": [
    {"from": "customer", "text": "Salam, نبغى Snapchat ads لعيادتنا, budget AED 10k/month", "minutes_after_start": 0},
    {"from": "rep", "text": "Great! Can we call?", "minutes_after_start": 2},
    {"from": "customer", "text": "yes bukra 10am, let's start and send the contract 👍", "minutes_after_start": 4},
]}  # fmt: skip
COLD = {"id": 7, "messages": [
    {"from": "customer", "text": "كم سعر السيو", "minutes_after_start": 0},
    {"from": "rep", "text": "من ٣٥٠٠ درهم", "minutes_after_start": 5},
    {"from": "customer", "text": "غالي، بس أسأل", "minutes_after_start": 600},
]}  # fmt: skip
NO_MINUTES = {"id": "m", "messages": [{"from": "customer", "text": "kam si3r el website?"}, {"from": "rep", "text": "8000"}]}


def run(lines: list[str], *args: str, cwd: Path = ROOT, env_extra: dict[str, str] | None = None) -> list[dict]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LANES_")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(env_extra or {})
    result = subprocess.run([sys.executable, "-m", "bot", "score", *args], input="\n".join(lines) + "\n",
                            capture_output=True, text=True, encoding="utf-8", cwd=cwd, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_one_line_per_input_in_order_with_the_contracts_fields(tmp_path: Path) -> None:
    out = run([json.dumps(HOT, ensure_ascii=False), json.dumps(COLD, ensure_ascii=False), json.dumps(NO_MINUTES)],
              cwd=tmp_path)  # a fresh folder: no lanes.toml, no $LANES_FILE
    assert [line["id"] for line in out] == ["hot-1", 7, "m"]
    for line in out:
        assert set(line) == {"id", "score", "band", "signals", "reasons"}
        assert isinstance(line["score"], int) and 0 <= line["score"] <= 100
        assert line["band"] in ("hot", "warm", "nurture", "cold")
        assert set(line["signals"]) == {"calendar_intent", "intent_keywords", "reply_speed", "specificity",
                                        "objection", "volunteered_info", "sentiment"}
        assert all(0 <= v <= 1 for v in line["signals"].values())
        assert isinstance(line["reasons"], list)
    hot, cold, _ = out
    assert hot["band"] == "hot" and cold["band"] == "cold"
    assert hot["reasons"][0].startswith("calendar intent +30")
    assert any("غالي" in reason for reason in cold["reasons"])  # written as is: ensure_ascii=False


def test_malformed_lines_get_an_error_line_and_the_rest_still_scores() -> None:
    lines = ["not json", json.dumps({"id": "no-messages"}), json.dumps([1, 2]),
             json.dumps({"id": "bad-from", "messages": [{"from": "bot", "text": "hi"}]}),
             json.dumps({"id": "bad-text", "messages": [{"from": "rep", "text": {"a": 1}}]}),
             "", json.dumps(HOT)]  # fmt: skip
    out = run(lines)
    assert [line.get("id") for line in out] == [None, "no-messages", None, "bad-from", "bad-text", "hot-1"]
    assert all(set(line) == {"id", "error"} for line in out[:5])
    assert "score" in out[5]


def test_loose_minutes_and_sender_case_are_tolerated() -> None:
    line = {"id": "loose", "messages": [
        {"from": "Customer", "text": "price?", "minutes_after_start": "0"},
        {"from": "rep", "text": "AED 2,000", "minutes_after_start": None},
        {"from": "customer", "text": 42, "minutes_after_start": "soon"},
        {"from": "customer", "text": None},
    ]}  # fmt: skip
    out = run([json.dumps(line)])
    assert out[0]["id"] == "loose" and "score" in out[0]


def test_train_fits_on_outcomes_and_changes_the_scores(tmp_path: Path) -> None:
    rows = []
    for n in range(12):  # here fast replies lose and slow ones win: the opposite of the defaults
        won = n % 2 == 0
        delay = 600 if won else 1
        rows.append({"id": n, "outcome": "won" if won else "lost", "messages": [
            {"from": "customer", "text": "price for google ads?", "minutes_after_start": 0},
            {"from": "rep", "text": "AED 2,000/month", "minutes_after_start": 1},
            {"from": "customer", "text": "ok", "minutes_after_start": 1 + delay + n},
        ]})  # fmt: skip
    train = tmp_path / "train.jsonl"
    train.write_text("\n".join(json.dumps(row) for row in rows) + "\nnot json\n", encoding="utf-8")
    probe = [json.dumps(rows[0]), json.dumps(rows[1])]
    before = run(probe, cwd=tmp_path)
    after = run(probe, "--train", str(train), cwd=tmp_path)
    assert before[0]["score"] < before[1]["score"]
    assert after[0]["score"] > after[1]["score"]
    assert [line["id"] for line in after] == [0, 1]


def test_lanes_file_weights_and_thresholds(tmp_path: Path) -> None:
    lanes = (ROOT / "lanes.example.toml").read_text(encoding="utf-8")
    lanes += ("\n[scoring]\nhot = 95\nwarm = 90\nnurture = 85\n[scoring.lanes.sales]\nweights = { calendar_intent = 100, "
              "intent_keywords = 0, reply_speed = 0, specificity = 0, objection = 0, volunteered_info = 0, sentiment = 0 }\n")
    (tmp_path / "lanes.toml").write_text(lanes, encoding="utf-8")
    out = run([json.dumps(HOT, ensure_ascii=False), json.dumps({**HOT, "id": "s", "lane": "sales"})], cwd=tmp_path)
    assert out[0]["band"] != "hot"  # the file's thresholds
    assert out[1]["score"] == 100  # the sales lane's weights
    other = run([json.dumps(HOT, ensure_ascii=False)], "--lanes", str(ROOT / "lanes.example.toml"), cwd=tmp_path)
    assert other[0]["band"] == "hot"


def test_a_bad_scoring_table_is_refused_naming_the_key(tmp_path: Path) -> None:
    lanes = (ROOT / "lanes.example.toml").read_text(encoding="utf-8") + "\n[scoring]\nweights = { calendar_intent = 50 }\n"
    (tmp_path / "bad.toml").write_text(lanes, encoding="utf-8")
    stdout, stderr = io.StringIO(), io.StringIO()
    old, sys.stderr = sys.stderr, stderr
    try:
        code = main(["--lanes", str(tmp_path / "bad.toml")], io.StringIO(json.dumps(HOT)), stdout)
    finally:
        sys.stderr = old
    assert code == 1 and stdout.getvalue() == ""
    assert "scoring.weights.intent_keywords: missing" in stderr.getvalue()


def test_main_in_process_streams_each_line() -> None:
    stdout = io.StringIO()
    lanes = str(ROOT / "lanes.example.toml")
    assert main(["--lanes", lanes], io.StringIO(json.dumps(NO_MINUTES) + "\n"), stdout) == 0
    assert json.loads(stdout.getvalue())["id"] == "m"


def test_train_with_nothing_to_learn_from_keeps_the_configured_weights(tmp_path: Path) -> None:
    train = tmp_path / "all_won.jsonl"
    train.write_text(json.dumps({**HOT, "outcome": "won"}, ensure_ascii=False) + "\n", encoding="utf-8")
    plain = run([json.dumps(COLD, ensure_ascii=False)], cwd=tmp_path)
    after = run([json.dumps(COLD, ensure_ascii=False)], "--train", str(train), cwd=tmp_path)
    assert after == plain
