"""`[scoring]` in the lanes file: read with the rest, problems with their line."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.errors import ConfigError
from bot.lanes import load_lanes, parse_lanes
from bot.lanes.scoring import DEFAULT_WEIGHTS, SIGNAL_NAMES, Thresholds
from bot.routing.scoring import SIGNALS
from bot.routing.scoring.model import DEFAULT_WEIGHTS as SCORER_DEFAULTS
from tests.lanes.examples import CONTRACT_EXAMPLE, base

SCORING = """
[scoring]
hot = 85
warm = 55
nurture = 25

[scoring.lanes.sales]
weights = { calendar_intent = 40, intent_keywords = 20, reply_speed = 10, specificity = 10, objection = 10, volunteered_info = 5, sentiment = 5 }
hot = 90
"""


def test_signal_names_and_defaults_match_the_scorer() -> None:
    assert SIGNAL_NAMES == SIGNALS
    assert DEFAULT_WEIGHTS == SCORER_DEFAULTS
    assert sum(DEFAULT_WEIGHTS.values()) == 100


def test_scoring_is_read_with_the_lanes_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "lanes.toml"
    path.write_text(CONTRACT_EXAMPLE + SCORING, encoding="utf-8")
    config = load_lanes(path)
    assert config.scoring.thresholds == Thresholds(85, 55, 25)
    assert config.scoring.thresholds_for("sales") == Thresholds(90, 55, 25)
    assert config.scoring.weights_for("sales")["calendar_intent"] == 40
    assert config.scoring.weights_for("support") == dict(DEFAULT_WEIGHTS)


def test_no_scoring_table_means_the_defaults() -> None:
    config = parse_lanes(base())
    assert config.scoring.thresholds == Thresholds(80, 50, 20)
    assert config.scoring.weights == dict(DEFAULT_WEIGHTS)


def test_scoring_problems_name_their_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = CONTRACT_EXAMPLE + "\n[scoring]\nhot = 120\nweights = { calendar_intent = 50 }\n[scoring.lanes.nope]\nhot = 90\n"
    path = tmp_path / "lanes.toml"
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    hot_line = lines.index("hot = 120") + 1
    with pytest.raises(ConfigError) as raised:
        load_lanes(path)
    problems = raised.value.problems
    assert f"scoring.hot (line {hot_line}): expected a whole number 0..100, got 120" in problems
    assert any(p.startswith(f"scoring.weights.sentiment (line {hot_line + 1}): missing") for p in problems)
    assert any(p.startswith("scoring.lanes.nope (line") and "no lane called 'nope'" in p for p in problems)


def test_weights_must_sum_to_100() -> None:
    data = base()
    data["scoring"] = {"weights": {**DEFAULT_WEIGHTS, "sentiment": 6}}
    with pytest.raises(ConfigError) as raised:
        parse_lanes(data)
    assert raised.value.problems == ["scoring.weights: weights must sum to 100, got 101"]


@pytest.mark.parametrize(("value", "everything", "hot"), [(True, True, False), (False, False, False),
                                                          ("hot", False, True)])
def test_after_hours_pings_takes_a_boolean_or_hot(value: object, everything: bool, hot: bool) -> None:
    data = base()
    data["lanes"][0]["after_hours_pings"] = value
    lane = parse_lanes(data).lanes[0]
    assert (lane.after_hours_pings, lane.after_hours_hot) == (everything, hot)


def test_after_hours_pings_refuses_other_words_and_nurture_every_is_a_duration() -> None:
    data = base()
    data["lanes"][0]["after_hours_pings"] = "warm"
    data["lanes"][0]["nurture_every"] = "3 days"
    with pytest.raises(ConfigError) as raised:
        parse_lanes(data)
    text = "\n".join(raised.value.problems)
    assert 'after_hours_pings: expected true or false, got string (or "hot"' in text
    assert "nurture_every: not a duration" in text
    data["lanes"][0].pop("after_hours_pings")
    data["lanes"][0]["nurture_every"] = "5d"
    assert parse_lanes(data).lanes[0].nurture_every == timedelta(days=5)
