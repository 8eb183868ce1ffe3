"""Keyword triage: which lane's keywords does a message mention most?

Keywords and text are compared after `normalize`, as whole words: `price` matches
"Price?" but not "prices"; a phrase matches the same words in a row. An Arabic word in
the text may also carry the common attached prefixes (و ف ب ك ل ال and their
combinations, e.g. "والسعر", "بالسعر", "للسعر"), so the keyword "سعر" matches them all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.lanes import Lane
from bot.routing.normalize import normalize

ARABIC_PREFIXES = frozenset(
    conjunction + particle
    for conjunction in ("", "و", "ف")
    for particle in ("", "ب", "ك", "ل", "ال", "بال", "كال", "لل")
) - {""}
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class KeywordHits:
    """A lane's keywords found in a message, as spelled in the lanes file, in text order."""

    lane: str
    keywords: tuple[str, ...]


def triage(text: str, lanes: Sequence[Lane]) -> KeywordHits | None:
    """The lane with the most distinct keyword hits (ties: the first listed); None if none hit."""
    best: KeywordHits | None = None
    for hits in keyword_hits(text, lanes):
        if best is None or len(hits.keywords) > len(best.keywords):
            best = hits
    return best


def keyword_hits(text: str, lanes: Sequence[Lane]) -> tuple[KeywordHits, ...]:
    """Every lane with at least one keyword in `text`, in the order the lanes are listed."""
    words = [_stems(word) for word in _WORD.findall(normalize(text))]
    starts: dict[str, list[int]] = {}
    for position, stems in enumerate(words):
        for stem in stems:
            starts.setdefault(stem, []).append(position)
    found: list[KeywordHits] = []
    for lane in lanes:
        matched = []
        for phrase, spelling in _phrases(lane.keywords):
            found_at = _first_match(phrase, words, starts)
            if found_at is not None:
                matched.append((found_at, spelling))
        if matched:
            found.append(KeywordHits(lane.name, tuple(spelling for _, spelling in sorted(matched))))
    return tuple(found)


def _first_match(phrase: tuple[str, ...], words: list[frozenset[str]], starts: dict[str, list[int]]) -> int | None:
    for start in starts.get(phrase[0], ()):
        rest = words[start + 1 : start + len(phrase)]
        if len(rest) == len(phrase) - 1 and all(word in stems for word, stems in zip(phrase[1:], rest)):
            return start
    return None


def _stems(word: str) -> frozenset[str]:
    """The word itself and, for an Arabic word, the word without each attached prefix."""
    if not _is_arabic(word[0]):
        return frozenset((word,))
    stripped = [word[len(prefix) :] for prefix in ARABIC_PREFIXES if word.startswith(prefix)]
    return frozenset([word, *(stem for stem in stripped if stem)])


def _is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff"


@lru_cache(maxsize=256)
def _phrases(keywords: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], str], ...]:
    """Each distinct keyword as (normalized words, spelling); same-normalizing keywords merge."""
    spellings: dict[tuple[str, ...], str] = {}
    for keyword in keywords:
        phrase = tuple(_WORD.findall(normalize(keyword)))
        if phrase:
            spellings[phrase] = min(spellings.get(phrase, keyword), keyword)
    return tuple(sorted(spellings.items()))
