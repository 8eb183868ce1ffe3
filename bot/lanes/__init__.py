"""The lanes file: its model, parsing and checks, the key/line locator and working hours.

Standard library only (and `bot.errors`; `phonenumbers` when a lane names its sender);
`bot.routing` and everything above import this package, never the other way round.
"""

from __future__ import annotations

from bot.lanes.model import (
    CHANNEL_ID,
    USER_ID,
    EntryPoint,
    HoursOverride,
    LabelExamples,
    LabelKeys,
    LabelRoute,
    Lane,
    LanesConfig,
    Member,
    Privacy,
    WeeklyReport,
    Workspace,
    parse_duration,
)
from bot.lanes.parse import load_lanes, parse_lanes
from bot.lanes.scoring import Scoring, Thresholds

__all__ = [
    "CHANNEL_ID",
    "USER_ID",
    "EntryPoint",
    "HoursOverride",
    "LabelExamples",
    "LabelKeys",
    "LabelRoute",
    "Lane",
    "LanesConfig",
    "Member",
    "Privacy",
    "Scoring",
    "Thresholds",
    "WeeklyReport",
    "Workspace",
    "load_lanes",
    "parse_duration",
    "parse_lanes",
]
