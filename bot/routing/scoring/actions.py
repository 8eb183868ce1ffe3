"""What a band change asks for, once: the caller keeps the last band it acted on.

hot → ping the lane (and assign where the lane assigns automatically); warm → post the
qualification checklist; nurture → set a follow-up on the lane's cadence; cold → mark low
priority. The same band again is no crossing, so re-scoring every message acts only when
the band changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.routing.scoring.model import BANDS
from bot.routing.scoring.signals import Signal

ACTIONS = {"hot": "ping_and_assign", "warm": "qualification_checklist", "nurture": "follow_up", "cold": "low_priority"}


@dataclass(frozen=True)
class Crossing:
    old_band: str | None
    new_band: str
    action: str
    rising: bool  # toward hot (a first score counts as rising)


def find_crossing(old_band: str | None, new_band: str) -> Crossing | None:
    """The action to take once when the band changes; None while it stays the same."""
    if new_band not in ACTIONS:
        raise ValueError(f"unknown band {new_band!r}")
    if old_band == new_band:
        return None
    rising = old_band is None or (old_band in BANDS and BANDS.index(new_band) < BANDS.index(old_band))
    return Crossing(old_band, new_band, ACTIONS[new_band], rising)


@dataclass(frozen=True)
class ChecklistItem:
    key: str  # budget | timeline | decision_maker | scope
    question: str
    known: bool


QUESTIONS = (
    ("budget", "Budget: what monthly or project budget do they have in mind?"),
    ("timeline", "Timeline: when do they want to start or go live?"),
    ("decision_maker", "Decision maker: who signs off, and are they in the conversation?"),
    ("scope", "Scope: which services, how many pages, products, branches or keywords?"),
)


def qualification_checklist(signals: Mapping[str, Signal]) -> tuple[ChecklistItem, ...]:
    """The warm lead's checklist, each item marked known from the signals' facts."""
    facts: set[str] = set()
    for signal in signals.values():
        facts |= signal.facts
    if "authority_objection" in facts:
        facts.discard("decision_maker")
    return tuple(ChecklistItem(key, question, key in facts) for key, question in QUESTIONS)


def missing_items(signals: Mapping[str, Signal]) -> tuple[ChecklistItem, ...]:
    """Only what is still missing: what a warm lead's checklist posts."""
    return tuple(item for item in qualification_checklist(signals) if not item.known)
