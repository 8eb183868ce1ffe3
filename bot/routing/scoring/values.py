"""The scorer's plain values: a message of the conversation, and one signal read from it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    sender: str  # "customer" or "rep"
    text: str
    minutes: float | None = None  # minutes after the conversation's start


@dataclass(frozen=True)
class Signal:
    name: str
    value: float  # 0..1
    evidence: tuple[str, ...] = ()  # the customer's words, or facts ("answers in 3 min")
    facts: frozenset[str] = frozenset()  # qualification facts: budget, timeline, scope, decision_maker
