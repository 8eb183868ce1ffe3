"""Phone numbers never reach the logs whole."""

from __future__ import annotations

import logging

import pytest

from bot.lanes import parse_lanes
from bot.logmask import MaskNumbers, mask_numbers
from tests.conftest import LANES


def test_numbers_are_masked_and_slack_timestamps_are_not():
    assert mask_numbers("from +971501234567") == "from +9715•••••567"
    assert mask_numbers("whatsapp:+966512345678 wa 971501234567") == "whatsapp:+9665•••••678 wa 9715•••••567"
    assert mask_numbers("ts 1716400123.000300 job 12") == "ts 1716400123.000300 job 12"


def test_the_filter_masks_formatted_records(caplog):
    logger = logging.getLogger("bot.test.mask")
    caplog.handler.addFilter(MaskNumbers())
    with caplog.at_level(logging.INFO, logger="bot.test.mask"):
        logger.info("inbound from %s", "+971501234567")
    assert "+9715•••••567" in caplog.text and "971501234567" not in caplog.text


def test_keep_messages_is_parsed_and_checked():
    assert parse_lanes({**LANES, "privacy": {"keep_messages": "365d"}}).privacy.keep_messages.days == 365
    assert parse_lanes(LANES).privacy.keep_messages is None
    with pytest.raises(Exception, match="privacy.keep_messages"):
        parse_lanes({**LANES, "privacy": {"keep_messages": "soon"}})
    with pytest.raises(Exception, match="privacy"):
        parse_lanes({**LANES, "privacy": {"keep_forever": True}})
