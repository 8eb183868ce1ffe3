"""`followup_template` in the lanes file: one Content SID, or one per language."""

from __future__ import annotations

import copy

import pytest

from bot.errors import ConfigError
from bot.lanes import parse_lanes
from tests.conftest import LANES

HX_EN, HX_AR = "HX" + "a" * 32, "HX" + "b" * 32


def lanes_with(value: object):  # type: ignore[no-untyped-def]
    config = copy.deepcopy(LANES)
    config["lanes"][0]["followup_template"] = value
    return parse_lanes(config)


def test_one_template_for_every_language() -> None:
    lane = lanes_with(HX_EN).lane("sales")
    assert lane.followup_template_for("ar") == HX_EN and lane.followup_template_for(None) == HX_EN


def test_a_template_per_language() -> None:
    lane = lanes_with({"en": HX_EN, "ar": HX_AR}).lane("sales")
    assert lane.followup_template_for("ar") == HX_AR and lane.followup_template_for("en_US") == HX_EN
    assert lane.followup_template_for("fr") is None


@pytest.mark.parametrize("value", ["HX123", 5, {"en": "nope"}])
def test_a_value_that_is_not_a_content_sid_is_refused(value: object) -> None:
    with pytest.raises(ConfigError, match="followup_template"):
        lanes_with(value)


def test_lanes_without_it_send_no_template() -> None:
    assert lanes_with(None).lane("sales").followup_template == ()
