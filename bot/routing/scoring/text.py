"""Words for matching: tokens of a message, folded the same way as the lexicons.

Each token keeps the customer's spelling (for reasons) and a matching key:
`bot.routing.normalize.normalize` (Arabic letter variants, diacritics, Arabic-Indic
digits, case), Arabic attached prefixes (و ف ب ل ال …) stripped as alternatives, and Latin
spelling variants folded so Arabizi spellings meet: bokra / boukra / bukra, ghaali / ghali,
yallah / yalla, and in a word with digits 5alas / khalas, 7elw / helw, n8dar / ngdar (e/i
and y/i stay apart, or "sure" would meet "sorry": the lexicons list those). A lexicon entry is folded by the same function, so English words keep
matching English words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.routing.normalize import normalize

_MARKS = dict.fromkeys([*range(0x064B, 0x0660), 0x0670, 0x0640, 0x200C, 0x200D, 0x200E, 0x200F])
_TOKEN = re.compile(r"[\w']+|[\U0001F300-\U0001FAFF\u2600-\u27BF]")
_PREFIXES = tuple(
    sorted(
        {c + p for c in ("", "و", "ف") for p in ("", "ب", "ك", "ل", "ال", "بال", "كال", "لل", "س")} - {""},
        key=len,
        reverse=True,
    )
)
# Arabizi digits that stand for a letter also written with Latin letters (خ kh, ح h, ط t,
# ص s, ق g as the Gulf says it); 3 (ع) and 2 (ء) have no such spelling and stay.
_ARABIZI_DIGITS = str.maketrans({"5": "kh", "7": "h", "6": "t", "9": "s", "8": "g"})
_CLAUSE = re.compile(r"[.,!?;:؟،؛\n]")
_LATIN_FOLDS = (("ou", "u"), ("o", "u"), ("'", ""))


@dataclass(frozen=True)
class Token:
    surface: str  # as written (marks dropped)
    keys: frozenset[str]  # the folded word and, for Arabic, the word without an attached prefix
    clause_start: bool = False  # punctuation (. , ! ? ؟ ، ;) comes between this word and the one before


def is_arabic(word: str) -> bool:
    return bool(word) and "\u0600" <= word[0] <= "\u06ff"


@lru_cache(maxsize=8192)
def fold_word(word: str) -> str:
    """One word folded for matching (the lexicons go through the same function)."""
    word = normalize(word)
    if not word or is_arabic(word) or not word.isascii():
        return word
    if any(ch.isdigit() for ch in word) and any(ch.isalpha() for ch in word):
        word = word.translate(_ARABIZI_DIGITS)  # 5alas = khalas, 7elw = helw, n8dar = ngdar
    word = word.replace("ee", "i").replace("oo", "u")  # al7een → al7in, mashkoor → mashkur
    word = re.sub(r"(.)\1+", r"\1", word)  # doubled letters: ghaali, yallah → ghali, yalah
    for old, new in _LATIN_FOLDS:
        word = word.replace(old, new)
    if len(word) > 3 and word.endswith("ah"):
        word = word[:-1]
    return word


@lru_cache(maxsize=8192)
def _keys(word: str) -> frozenset[str]:
    folded = fold_word(word)
    if not is_arabic(folded):
        return frozenset((folded,))
    keys = {folded}
    for prefix in _PREFIXES:
        if folded.startswith(prefix) and len(folded) - len(prefix) >= 2:
            keys.add(folded[len(prefix) :])
    return frozenset(keys)


def tokens(text: str) -> tuple[Token, ...]:
    clean = text.translate(_MARKS)
    out, end = [], 0
    for match in _TOKEN.finditer(clean):
        out.append(Token(match[0], _keys(match[0]), bool(_CLAUSE.search(clean, end, match.start()))))
        end = match.end()
    return tuple(out)


@dataclass(frozen=True)
class Phrase:
    """A lexicon entry: folded words in a row; a word ending in `*` matches any word it starts."""

    words: tuple[str, ...]
    spelling: str


@lru_cache(maxsize=256)
def phrases(entries: tuple[str, ...]) -> tuple[Phrase, ...]:
    out = []
    for entry in entries:
        words = []
        for raw in entry.split():
            star = raw.endswith("*")
            folded = fold_word(raw.rstrip("*"))
            words.append(folded + ("*" if star else ""))
        if words:
            out.append(Phrase(tuple(words), entry))
    return tuple(out)


def _word_matches(pattern: str, token: Token) -> bool:
    if pattern.endswith("*"):
        stem = pattern[:-1]
        return any(key.startswith(stem) for key in token.keys)
    return pattern in token.keys


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    entry: str
    text: str  # the customer's words


@dataclass(frozen=True)
class _Index:
    exact: dict[str, list[Phrase]]  # first word → phrases
    starred: dict[str, list[Phrase]]  # first word's stem (a `*` entry) → phrases
    stem_lengths: tuple[int, ...]


@lru_cache(maxsize=256)
def _index(entries: tuple[str, ...]) -> _Index:
    exact: dict[str, list[Phrase]] = {}
    starred: dict[str, list[Phrase]] = {}
    for phrase in phrases(entries):
        first = phrase.words[0]
        if first.endswith("*"):
            starred.setdefault(first[:-1], []).append(phrase)
        else:
            exact.setdefault(first, []).append(phrase)
    return _Index(exact, starred, tuple(sorted({len(stem) for stem in starred})))


def find(entries: Sequence[str], toks: Sequence[Token]) -> list[Hit]:
    """Every place an entry matches, in text order; overlapping hits of longer entries win."""
    index = _index(tuple(entries))
    hits: list[Hit] = []
    for start, token in enumerate(toks):
        candidates = [phrase for key in token.keys for phrase in index.exact.get(key, ())]
        for key in token.keys:
            for length in index.stem_lengths:
                if length > len(key):
                    break
                candidates += index.starred.get(key[:length], ())
        for phrase in candidates:
            n = len(phrase.words)
            if start + n <= len(toks) and all(
                _word_matches(word, toks[start + i]) for i, word in enumerate(phrase.words[1:], 1)
            ):
                text = " ".join(t.surface for t in toks[start : start + n])
                hits.append(Hit(start, start + n, phrase.spelling, text))
    hits.sort(key=lambda hit: (hit.start, -(hit.end - hit.start)))
    kept: list[Hit] = []
    for hit in hits:
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


def preceded_by(toks: Sequence[Token], start: int, words: Iterable[str], window: int = 3) -> bool:
    """Is one of `words` (folded) among the `window` tokens before position `start`?"""
    wanted = {fold_word(word) for word in words}
    return any(wanted & toks[i].keys for i in range(max(0, start - window), start))
