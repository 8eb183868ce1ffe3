"""The seven lead signals, each a value 0..1 with the words or facts that produced it.

Read from the whole conversation: the customer's messages, and the rep's for reply speed
and for a slot the customer accepts. Pure: plain values in, plain values out.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from bot.routing.normalize import normalize
from bot.routing.scoring import lexicon as lx
from bot.routing.scoring import lexicon_facts as fx
from bot.routing.scoring.text import Hit, Token, find, fold_word, preceded_by, tokens
from bot.routing.scoring.values import Message, Signal

SIGNALS = (
    "calendar_intent", "intent_keywords", "reply_speed", "specificity", "objection",
    "volunteered_info", "sentiment",
)  # fmt: skip
_HOURS = frozenset(str(n) for n in range(1, 13))
_NEGATIONS = frozenset(fold_word(word) for word in lx.NEGATIONS)
_NOT_NEGATING = frozenset(fold_word(word) for word in lx.NOT_NEGATING)
_AT_COMPANY = frozenset(fold_word(word) for word in ("at", "in", "fi", "في", "with", "from", "لدى", "ladai"))
_VOCATIVE = frozenset(("يا", "ya"))
_CLAUSE_BREAKS = frozenset(fold_word(word) for word in ("but", "however", "بس", "لكن", "bas", "bs", "lakin", "walakin"))
CLOSING_DISCOUNT = 0.5
MAX_CHARS = 4096  # WhatsApp's longest text message; anything longer is read up to here
FAST_MINUTES = 5.0  # the customer answers within this: reply speed 1
SLOW_MINUTES = 240.0  # after this or later: reply speed 0
# How much each kind of evidence adds to its signal (clamped to 1). Tuned on bench/data/score_dev.jsonl
# and the non-held-out part of bench/data/score.jsonl so that a clear hot lead crosses 80 with the
# default weights (see docs/scoring.md).
# (Before: day 0.25, time 0.3, mild intent 0.15 up to 0.3 (now 0.35 up to 0.45: below one strong word), money 0.45, scope 0.1, budget 0.1,
# company and role 0.3 each: the clearest leads stopped at 73–77 and no bench conversation was hot.)
STRENGTH = {
    "meet": 0.5, "day": 0.3, "time": 0.35,
    "strong_intent": 0.5, "mild_intent": 0.35, "mild_cap": 0.45,
    "money": 0.55, "scope": 0.15, "scope_cap": 0.3, "budget": 0.15,
    "company": 0.4, "role": 0.4,
}


@dataclass(frozen=True)
class _Read:
    """One message, tokenised and normalised once."""

    message: Message
    toks: tuple[Token, ...]
    norm: str
    found: dict[tuple[int, bool], list[Hit]] = field(default_factory=dict, compare=False)  # _hits memo


def _read(message: Message) -> _Read:
    text = message.text[:MAX_CHARS]
    return _Read(message, tokens(text), normalize(text.replace("٬", ",").replace("٫", ".")))


def _hits(entries: Sequence[str], read: _Read, negatable: bool = True) -> list[Hit]:
    key = (id(entries), negatable)  # the lexicons are module constants: their id is stable
    if key not in read.found:
        found = find(entries, read.toks)
        if negatable:
            found = [hit for hit in found if not _negated(read.toks, hit.start)]
        read.found[key] = found
    return read.found[key]


def _accepts(read: _Read) -> list[str]:
    """A yes at the start of the message ("ok", "تمام", "ee …") that carries no objection."""
    if any(_hits(entries, read) for entries, _ in lx.OBJECTIONS.values()):
        return []
    return [hit.text for hit in _hits(lx.CONFIRM, read) if hit.start <= 2]


def _endearment(toks: Sequence[Token], start: int) -> bool:
    """ "يا غالي" / "ya ghali" is "my dear", not "expensive"."""
    return start > 0 and bool(toks[start - 1].keys & _VOCATIVE)


def _negated(toks: Sequence[Token], start: int, window: int = 4) -> bool:
    """A negation among the few words before in the same clause, unless it negates something
    else ("no problem", "I don't know, but let's start")."""
    for i in range(start - 1, max(-1, start - window - 1), -1):
        if toks[i + 1].clause_start or toks[i].keys & _CLAUSE_BREAKS:
            return False
        if toks[i].keys & _NEGATIONS:
            after = toks[i + 1].keys if i + 1 < len(toks) else frozenset()
            return not after & _NOT_NEGATING
    return False


def _clamp(value: float) -> float:
    return round(min(1.0, max(0.0, value)), 3)


def _quote(items: Sequence[str], limit: int = 3) -> tuple[str, ...]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return tuple(seen[:limit])


def compute_signals(messages: Sequence[Message]) -> dict[str, Signal]:
    reads = [_read(m) for m in messages]
    customer = [r for r in reads if r.message.sender == "customer"]
    found = [
        calendar_intent(reads),
        intent_keywords(reads),
        reply_speed(messages),
        specificity(customer),
        objection(customer),
        volunteered_info(customer),
        sentiment(customer),
    ]
    signals = {signal.name: signal for signal in found}
    if "closing_objection" in signals["objection"].facts:
        # the customer's last word is an objection: earlier meetings and buying words count half
        for name in ("calendar_intent", "intent_keywords"):
            signal = signals[name]
            if signal.value:
                note = ("then objects in the last message",)
                signals[name] = replace(signal, value=_clamp(signal.value * CLOSING_DISCOUNT), evidence=note + signal.evidence)
    return signals


def calendar_intent(reads: Sequence[_Read]) -> Signal:
    value, words = 0.0, []
    rep_offered = found_day = False
    for read in reads:
        meet = _hits(lx.MEET, read)
        days = _hits(lx.DAYS, read, negatable=False)
        times = [m[0] for m in fx.TIME.finditer(read.norm)]
        times += [  # "bukra 10", "الخميس ٤"
            f"{hit.text} {read.toks[hit.end].surface}" for hit in days
            if hit.end < len(read.toks) and read.toks[hit.end].keys & _HOURS
        ]
        if read.message.sender == "rep":
            rep_offered = bool(meet or times)
            continue
        if meet:
            value += STRENGTH["meet"]
        if days:
            value += STRENGTH["day"]
        if times:
            value += STRENGTH["time"]
        with_hour = {t.split(" ")[0] for t in times}
        words += [h.text for h in meet] + [h.text for h in days if h.text not in with_hour] + times
        found_day = found_day or bool(days or times)
        if rep_offered:
            accepted = _accepts(read) or [h.text for h in days] + times
            if accepted:
                value += 0.5
                words.append(f"accepts the rep's slot: {accepted[0]}")
        rep_offered = False
    return Signal("calendar_intent", _clamp(value), _quote(words), frozenset({"timeline"} if found_day else ()))


def intent_keywords(reads: Sequence[_Read]) -> Signal:
    """Buying words; a "yes" to the rep's contract, invoice or start date counts as one."""
    strong, mild = [], []
    rep_asked = False
    for read in reads:
        if read.message.sender == "rep":
            rep_asked = bool(_hits(lx.INTENT_STRONG, read))
            continue
        said = [h.text for h in _hits(lx.INTENT_STRONG, read)]
        if rep_asked and not said:
            said = [f"yes to the rep's offer: {text}" for text in _accepts(read)[:1]]
        strong += said
        mild += [h.text for h in _hits(lx.INTENT_MILD, read)]
        rep_asked = False
    value = STRENGTH["strong_intent"] * len(strong) + min(STRENGTH["mild_cap"], STRENGTH["mild_intent"] * len(mild))
    return Signal("intent_keywords", _clamp(value), _quote(strong + mild))


def reply_speed(messages: Sequence[Message]) -> Signal:
    """Median minutes from a rep's message to the customer's next one; a rep chasing an
    unanswered message counts as a reply at least that slow."""
    delays: list[float] = []
    waiting_since: float | None = None
    for message in messages:
        if message.minutes is None:
            continue
        if message.sender == "rep":
            if waiting_since is None:
                waiting_since = message.minutes
            elif message.minutes - waiting_since >= 30:  # a follow-up on an unanswered message
                delays.append(message.minutes - waiting_since)
                waiting_since = message.minutes
        elif waiting_since is not None:
            delays.append(max(0.0, message.minutes - waiting_since))
            waiting_since = None
    if not delays:
        return Signal("reply_speed", 0.5, ("no reply to a rep yet",))
    median = statistics.median(delays)
    if median <= FAST_MINUTES:
        value = 1.0
    elif median >= SLOW_MINUTES:
        value = 0.0
    else:
        value = 1 - math.log(median / FAST_MINUTES) / math.log(SLOW_MINUTES / FAST_MINUTES)
    return Signal("reply_speed", _clamp(value), (f"answers in {_minutes(median)}" + (f", median of {len(delays)}" if len(delays) > 1 else ""),))


def _minutes(value: float) -> str:
    return f"{value:.0f} min" if value < 120 else f"{value / 60:.1f} h"


def specificity(customer: Sequence[_Read]) -> Signal:
    money, numbers, dates, scope, budget = [], [], [], [], []
    for read in customer:
        norm = fx.PHONE.sub(" ", fx.EMAIL.sub(" ", read.norm))
        money_here = [m[0] for m in fx.MONEY.finditer(norm)]
        money += money_here
        times = " ".join(m[0] for m in fx.TIME.finditer(read.norm)).split()
        times += [read.toks[h.end].surface for h in _hits(lx.DAYS, read, negatable=False) if h.end < len(read.toks)]
        times = [normalize(t) for t in times]
        numbers += [
            m[0] for m in fx.BARE_NUMBER.finditer(norm)
            if not any(m[0] in x for x in money_here) and m[0] not in times
        ]
        dates += [h.text for h in _hits(fx.DATES, read, negatable=False)]
        scope += [h.text for h in _hits(fx.SCOPE, read, negatable=False)]
        budget += [h.text for h in _hits(fx.BUDGET, read, negatable=False)]
    value = (
        (STRENGTH["money"] if money else 0.0) + min(0.4, 0.2 * len(numbers)) + (0.2 if dates else 0.0)
        + min(STRENGTH["scope_cap"], STRENGTH["scope"] * len(set(scope))) + (STRENGTH["budget"] if budget else 0.0)
    )
    facts = {"budget"} if money or budget else set()
    facts |= {"timeline"} if dates else set()
    facts |= {"scope"} if scope or numbers else set()
    return Signal("specificity", _clamp(value), _quote(money + numbers + dates + budget + scope), frozenset(facts))


def objection(customer: Sequence[_Read]) -> Signal:
    """1 = no objection; each objection lowers it; a commitment after the last objection
    (a strong intent word or a meeting) recovers most of it."""
    strength, words, last_at = 0.0, [], -1
    for index, read in enumerate(customer):
        for kind, (entries, weight) in lx.OBJECTIONS.items():
            hits = [h for h in _hits(entries, read) if not _endearment(read.toks, h.start)]
            if hits:
                strength += weight
                last_at = index
                words.append(f'{lx.OBJECTION_NAMES[kind]}: "{hits[0].text}"')
    facts = frozenset({"authority_objection"}) if any(w.startswith("authority") for w in words) else frozenset()
    if last_at < 0:
        return Signal("objection", 1.0, ("no objection",))
    later = customer[last_at + 1 :]
    committed = [h.text for r in later for h in _hits(lx.INTENT_STRONG, r) + _hits(lx.MEET, r)]
    if last_at == len(customer) - 1:  # the objection is the last message: a buying word in it still counts
        committed = [h.text for h in _hits(lx.INTENT_STRONG, customer[last_at])]
    if committed:
        strength *= 0.3
        words.append(f'then commits: "{committed[0]}"')
    elif last_at == len(customer) - 1:
        facts = facts | {"closing_objection"}
    return Signal("objection", _clamp(1 - strength), _quote(words, 4), facts)


def volunteered_info(customer: Sequence[_Read]) -> Signal:
    value, facts = 0.0, []
    text = "\n".join(r.norm for r in customer)
    for pattern, weight, what in ((fx.EMAIL, 0.4, "e-mail"), (fx.WEBSITE, 0.3, "website"), (fx.PHONE, 0.2, "phone")):
        match = pattern.search(text)
        if match:
            value += weight
            facts.append(f"{what} {match[0]}")
    company = [h.text for r in customer for h in _hits(fx.COMPANY, r, negatable=False)]
    role_hits = [
        (r, h) for r in customer for h in _hits(fx.ROLES, r, negatable=False)
        if preceded_by(r.toks, h.start, fx.FIRST_PERSON, window=4)
    ]
    roles = [h.text for _r, h in role_hits]
    if not company:  # "I'm the marketing manager at Acme": the company is named after the role
        company = [r.toks[h.end + 1].surface for r, h in role_hits
                   if h.end + 1 < len(r.toks) and r.toks[h.end].keys & _AT_COMPANY]
    if company:
        value += STRENGTH["company"]
        facts.append(f'company: "{company[0]}"')
    if roles:
        value += STRENGTH["role"]
        facts.append(f'role: "{roles[0]}"')
    return Signal("volunteered_info", _clamp(value), tuple(facts), frozenset({"decision_maker"} if roles else ()))


def sentiment(customer: Sequence[_Read]) -> Signal:
    positive = [h.text for r in customer for h in _hits(fx.POSITIVE, r)]
    negative = [h.text for r in customer for h in _hits(fx.NEGATIVE, r, negatable=False)]
    value = 0.5 + 0.15 * len(positive) - 0.2 * len(negative)
    words = [f"+{w}" for w in _quote(positive, 2)] + [f"-{w}" for w in _quote(negative, 2)]
    return Signal("sentiment", _clamp(value), tuple(words))
