"""Message triage: which category (label) a customer message belongs to, and its lane.

Pure: reads only its own packaged seed data; scikit-learn is imported when a model is
first fitted. See docs/triage.md for the labelling rules and the lanes-file keys.
"""

from __future__ import annotations

from bot.routing.categories.classify import TriageResult, Triager, build, labels_of, seed, triage
from bot.routing.categories.config import LabelConfig, LabelExamples, LabelRoute, label_config, parse_label_config
from bot.routing.categories.model import TriageModel
from bot.routing.categories.routes import LaneChoice, lane_for_label
from bot.routing.categories.rules import BUILT_IN

__all__ = [
    "BUILT_IN", "LabelConfig", "LabelExamples", "LabelRoute", "LaneChoice", "TriageModel", "TriageResult",
    "Triager", "build", "label_config", "labels_of", "lane_for_label", "parse_label_config", "seed", "triage",
]
