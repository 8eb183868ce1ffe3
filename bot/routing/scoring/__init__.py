"""Lead scoring: a conversation's messages in, a score 0..100, a band and reasons out.

Pure like the rest of `bot.routing`: no I/O, no clock (time comes as minutes after the
conversation's start on each message), standard library only; scikit-learn is imported
inside `train.fit` alone.
"""

from __future__ import annotations

from bot.routing.scoring.actions import ChecklistItem, Crossing, find_crossing, missing_items, qualification_checklist
from bot.routing.scoring.config import ScoringConfig, ScoringConfigError, check_scoring, parse_scoring
from bot.routing.scoring.model import (
    BANDS, DEFAULT_WEIGHTS, Scorer, ScoreResult, Thresholds, Weights, score_conversation, score_signals,
)  # fmt: skip
from bot.routing.scoring.signals import SIGNALS, Message, Signal, compute_signals
from bot.routing.scoring.train import Decision, TrainedModel, auc, calibration, compare, fit

__all__ = [
    "BANDS", "DEFAULT_WEIGHTS", "SIGNALS", "ChecklistItem", "Crossing", "Decision", "Message", "Scorer",
    "ScoreResult", "ScoringConfig", "ScoringConfigError", "Signal", "Thresholds", "TrainedModel", "Weights",
    "auc", "calibration", "check_scoring", "compare", "compute_signals", "find_crossing", "fit",
    "missing_items", "parse_scoring", "qualification_checklist", "score_conversation", "score_signals",
]  # fmt: skip
