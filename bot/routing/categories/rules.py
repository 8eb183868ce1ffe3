"""The labelling rules (docs/triage.md), as lexicon matches the model sees as features and,
where a rule is decisive on its own, as an override.

Decisive (the model is not asked):
- an auto-reply, an emoji-only message, or a message made only of thanks/acknowledgement/
  seasonal-greeting words → No action needed (rule 4);
- a message made only of opener words ("hello? anyone there", "السلام عليكم") → Support
  request (rule 4: someone must answer it);
- a leaving signal (cancel the contract, not renewing, other agencies, ultimatums…) →
  Churn risk, even when polite or about an invoice (rule 2).

Everything else is scored by the model, with one feature per lexicon group (buy intent,
running-service operations, money, breakage, missing capability, each service's topic).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.routing.categories import lexicon
from bot.routing.categories.text import fold, is_emoji_only, words

SUPPORT = "Support request"
BILLING = "Billing"
CHURN = "Churn risk"
FEATURE = "Feature request"
BUG = "Bug report"
NO_ACTION = "No action needed"
BUILT_IN = (SUPPORT, BILLING, CHURN, FEATURE, BUG, NO_ACTION)

# Feature groups, in a fixed order (the model's rule columns).
GROUPS: dict[str, tuple[str, ...]] = {
    "churn": lexicon.CHURN,
    "churn_weak": lexicon.CHURN_WEAK,
    "cancel_minor": lexicon.CANCEL_MINOR,
    "billing": lexicon.BILLING,
    "bug": lexicon.BUG,
    "feature": lexicon.FEATURE,
    "buy": lexicon.BUY,
    "running": lexicon.RUNNING,
    "auto_reply": lexicon.AUTO_REPLY,
    "product": lexicon.PRODUCT,
    "new_scope": lexicon.NEW_SCOPE,
    "Paid media": lexicon.PAID_MEDIA,
    "Arabic SEO": lexicon.ARABIC_SEO,
    "Tender readiness": lexicon.TENDER,
}
SERVICE_GROUPS = ("Paid media", "Arabic SEO", "Tender readiness")
FEATURE_NAMES = (*GROUPS, *(f"asked after 'also/now': {s}" for s in SERVICE_GROUPS),
                 *(f"named after a buying word: {s}" for s in SERVICE_GROUPS), "wish about the product",
                 "a service, no buying words", "a service with buying words",
                 "money about a service, no buying words", "an operation on a running service",
                 "ack_only", "opener_only", "emoji_only", "question", "short")
_ARABIC_PREFIX = "(?:و|ف)?(?:ال|بال|لل|ب|ل|ك)?"
# churn spellings that only say "cancel": with a cancelled meeting/post/order (`cancel_minor`)
# they are no leaving signal
_CANCEL_WORDS = frozenset({"cancel my", "cancel ال", "cancelling", "canceling", "cancellation", "نلغي", "ncancel",
                           "n cancel", "nelghi", "nlghi", "bnlghi", "bnelghi", "cancel the service",
                           "cancel the services"})


@dataclass(frozen=True)
class RuleMatch:
    """What the rules found in one message."""

    hits: dict[str, tuple[str, ...]]  # group → matched spellings (folded)
    new_scope: frozenset[str]  # services named after a cross-sell word ("also", "now", "بعد", …)
    asked: frozenset[str]  # services named after the last buying word ("a quote for SEO")
    ack_only: bool
    opener_only: bool
    emoji_only: bool
    question: bool
    n_words: int

    def vector(self) -> list[float]:
        counts = [min(len(self.hits.get(group, ())), 3) / 1.5 for group in GROUPS]
        counts += [2.0 if service in self.new_scope else 0.0 for service in SERVICE_GROUPS]
        counts += [2.0 if service in self.asked else 0.0 for service in SERVICE_GROUPS]
        counts.append(2.0 if self.hits.get("feature") and self.hits.get("product") else 0.0)
        # rule 1 needs both "which service" and "buying or operating it": a linear model sees
        # such a pair only as a column of its own
        service, buy = any(self.hits.get(s) for s in SERVICE_GROUPS), bool(self.hits.get("buy"))
        pairs = (service and not buy, service and buy, service and not buy and bool(self.hits.get("billing")),
                 service and bool(self.hits.get("running")))
        counts += [2.0 if pair else 0.0 for pair in pairs]
        flags = [self.ack_only, self.opener_only, self.emoji_only, self.question, self.n_words <= 3]
        return counts + [2.0 if flag else 0.0 for flag in flags]

    @property
    def buys_service(self) -> bool:
        return bool(self.hits.get("buy")) and any(self.hits.get(s) for s in SERVICE_GROUPS)

    @property
    def leaving(self) -> bool:
        """Rule 2's leaving signal: a churn phrase, or another provider named by someone neither
        buying from us nor reporting a breakage; never a bare "cancel" about a meeting, post or order."""
        weak = self.hits.get("churn_weak") and not self.buys_service and not self.hits.get("bug")
        if not (self.hits.get("churn") or weak):
            return False
        return not (self.hits.get("cancel_minor") and set(self.hits.get("churn", ())) <= _CANCEL_WORDS)

    def decisive(self, labels: tuple[str, ...]) -> tuple[str, str] | None:
        """(label, reason) when a rule settles the label alone and the label is in `labels`."""
        found: tuple[str, str] | None = None
        if self.hits.get("auto_reply"):
            found = NO_ACTION, f'rule 4: auto-reply ("{self.hits["auto_reply"][0]}")'
        elif self.emoji_only:
            found = NO_ACTION, "rule 4: emoji-only reply"
        elif self.ack_only:
            found = NO_ACTION, "rule 4: only thanks / acknowledgement / greeting words"
        elif self.opener_only:
            found = SUPPORT, "rule 4: a bare opener: someone must answer it"
        elif self.leaving:
            words = (self.hits.get("churn", ()) + self.hits.get("churn_weak", ()))[:3]
            quoted = ", ".join(f'"{w}"' for w in words)
            found = CHURN, f"rule 2: leaving signal ({quoted}) → Churn risk, even if polite or about money"
        elif len(self.new_scope) == 1 and self.hits.get("buy") and not self.hits.get("running"):
            (service,) = self.new_scope
            found = service, f'rule 1: new scope ("{self.hits["buy"][0]}", then {service} after also/now) → {service}'
        if found is not None and found[0] in labels:
            return found
        return None


def match(text: str, folded: str | None = None) -> RuleMatch:
    """The rules' findings in `text` (`folded` = `fold(text)` when the caller has it)."""
    folded = fold(text) if folded is None else folded
    tokens = words(folded)
    hits = {}
    for group in GROUPS:
        found = _pattern(group).findall(folded)
        if found:
            hits[group] = tuple(dict.fromkeys(found))
    marker = _pattern("new_scope").search(folded)
    after = folded[marker.end():] if marker else ""
    new_scope = frozenset(s for s in SERVICE_GROUPS if after and _pattern(s).search(after))
    bought = list(_pattern("buy").finditer(folded))
    wanted = folded[bought[-1].end():] if bought else ""
    asked = frozenset(s for s in SERVICE_GROUPS if wanted and _pattern(s).search(wanted))
    content = [t for t in tokens if t != "0"]
    question = "?" in text or "؟" in text  # "ok?" / "done?" waits for an answer: never an acknowledgement
    ack = _word_set("ACK")
    opener = _word_set("OPENER")
    return RuleMatch(
        hits=hits,
        new_scope=new_scope,
        asked=asked,
        ack_only=bool(content) and all(_known(t, ack) for t in content) and not hits.get("billing")
        and not question,
        opener_only=bool(content) and all(_known(t, opener) for t in content),
        emoji_only=is_emoji_only(text),
        question=question,
        n_words=len(content),
    )


@lru_cache(maxsize=None)
def _word_set(name: str) -> frozenset[str]:
    return frozenset(fold(word) for word in getattr(lexicon, name))


def _known(token: str, known: frozenset[str]) -> bool:
    """`token` is in `known`, also with an attached Arabic و ("وكل" → "كل")."""
    return token in known or (len(token) > 2 and token[0] == "و" and token[1:] in known)


@lru_cache(maxsize=None)
def _pattern(group: str) -> re.Pattern[str]:
    """One alternation per group, longest first; Arabic entries may carry attached prefixes."""
    latin: list[str] = []
    arabic: list[str] = []
    for entry in GROUPS[group]:
        folded = fold(entry.rstrip("*"))
        if folded:
            body = re.escape(folded) + (r"\w*" if entry.endswith("*") else "")
            (arabic if "\u0600" <= folded[0] <= "\u06ff" else latin).append(body)
    parts = []
    if latin:
        parts.append("|".join(sorted(set(latin), key=len, reverse=True)))
    if arabic:
        parts.append(f"(?:{_ARABIC_PREFIX})?(?:" + "|".join(sorted(set(arabic), key=len, reverse=True)) + ")")
    return re.compile(f"(?<!\\w)({'|'.join(f'(?:{part})' for part in parts)})(?!\\w)")
