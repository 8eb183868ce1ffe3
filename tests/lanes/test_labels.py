"""The `[labels]` triage keys in the lanes file: parsed onto `LanesConfig.triage`, problems with their line."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.lanes import parse_lanes
from bot.lanes.labels import LabelExamples, LabelKeys, LabelRoute

ROOT = Path(__file__).resolve().parent.parent.parent

GOOD = """
[workspace]
default_lane = "support"

[[lanes]]
name = "support"
channel = "C0SUPPORT"

[[lanes]]
name = "billing"
channel = "C0BILLING"

[labels]
names = ["Support request", "Billing", "Bug report", "Churn risk", "Paid media"]
review_below = 0.45
examples = { "Paid media" = ["ads on snapchat", "حملة إعلانية"] }

[labels.routes]
"Billing" = { lane = "billing" }
"Bug report" = { lane = "support", ping = "S0TECH" }
"Churn risk" = { lane = "support", assign = "U0CS" }
"""


def parse(text: str):
    return parse_lanes(tomllib.loads(text), source=text)


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse(text)
    return caught.value.problems


def line(text: str, needle: str) -> int:
    return next(n for n, row in enumerate(text.splitlines(), 1) if needle in row)


def test_the_triage_keys_are_part_of_the_parsed_lanes_file() -> None:
    config = parse(GOOD)

    assert config.triage == LabelKeys(
        routes=(LabelRoute("Billing", "billing"), LabelRoute("Bug report", "support", ping="S0TECH"),
                LabelRoute("Churn risk", "support", assign="U0CS")),
        examples=(LabelExamples("Paid media", ("ads on snapchat", "حملة إعلانية")),),
        review_below=0.45,
    )


def test_without_triage_keys_the_defaults_hold() -> None:
    config = parse(GOOD.split("review_below")[0])

    assert config.triage == LabelKeys()


def test_every_problem_names_its_line() -> None:
    text = (GOOD.replace('lane = "billing"', 'lane = "finance"').replace("0.45", "3")
            .replace('ping = "S0TECH"', 'ping = "@tech-leads"').replace('"Paid media" = [', '"Paid Media" = ['))

    assert problems(text) == [
        f"labels.review_below (line {line(text, 'review_below')}): expected a number from 0 to 1, got 3",
        f"labels.examples.\"Paid Media\" (line {line(text, 'examples')}): 'Paid Media' is not in labels.names",
        f"labels.routes.Billing.lane (line {line(text, 'finance')}): unknown lane 'finance'",
        f"labels.routes.\"Bug report\".ping (line {line(text, 'tech-leads')}): "
        "not a Slack user or user-group id: '@tech-leads'",
    ]


def test_unknown_keys_in_labels_are_still_caught() -> None:
    text = GOOD.replace("review_below", "review_bellow")

    assert any("labels.review_bellow" in p and "did you mean 'review_below'" in p for p in problems(text))


def test_python_m_bot_check_reports_a_bad_route_with_its_line(tmp_path: Path) -> None:
    text = GOOD.replace('assign = "U0CS"', 'assign = "cs-owner"')
    (tmp_path / "lanes.toml").write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "bot", "check"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=60, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "LANES_FILE": "lanes.toml"})

    assert result.returncode != 0
    expected = f"labels.routes.\"Churn risk\".assign (line {line(text, 'cs-owner')}): not a Slack user id: 'cs-owner'"
    assert expected in result.stdout + result.stderr
