"""Text features for triage: one folded form of a message that English, Arabic (MSA and
Gulf), mixed and Arabizi spellings of the same words share as much as possible.

Builds on `bot.routing.normalize.normalize` (case, diacritics, tatweel, alef/hamza/yeh/
taa-marbuta variants, Arabic-Indic digits) and adds:

- Arabic thousands/decimal separators (٬ ٫ ،) between digits, then every number → `0`;
- currencies (AED, SAR, dhs, درهم, ريال, riyal, …) → one token `curr`;
- runs of the same letter shortened to two ("pleaaase" → "pleaase", "ههههه" → "هه");
- Arabizi: inside a Latin word, the digits that stand for Arabic letters
  (2=ء/ق 3=ع 5=خ 6=ط 7=ح 8=ق 9=ص) become letters (3→a, 7→h, 5→kh, 6→t, 9→s, 2/8→q),
  so "7ala"/"hala" and "5arban"/"kharban" meet; with an apostrophe (3'=غ 7'=خ 6'=ظ 9'=ض)
  they become gh, kh, z, d ("3'ayro" → "ghayro");
- emoji and symbols kept as the token `emo` (an emoji-only reply is its own signal).

`skeleton` gives the model a second view of Latin words without their vowels.
"""

from __future__ import annotations

import re
import unicodedata

from bot.routing.normalize import normalize

_ARABIZI = {"2": "q", "3": "a", "5": "kh", "6": "t", "7": "h", "8": "q", "9": "s"}
_DIGRAPHS = {"3'": "gh", "7'": "kh", "6'": "z", "9'": "d"}
_DIGRAPH = re.compile("|".join(_DIGRAPHS))
_ARABIZI_WORD = re.compile(r"\b(?=[a-z0-9']*[a-z])(?=[a-z']*[2356789])[a-z0-9']+\b")
_NUMBER_WORD = re.compile(r"\d+(?:st|nd|rd|th|k|m|am|pm|h|hrs?|mins?|secs?|x|d|gb|mb|kg|km|ml|s|ks)")
_SEPARATED_NUMBER = re.compile(r"\d+(?:[\u066b\u066c,.\u060c]\d+)*")
_CURRENCY = re.compile(
    r"(?<![a-z])(?:aed|usd|dhs|dirhams?|riyals?|riyal|rials?|dollars?|\$)(?![a-z])"
    # next to a number only: "sar" is صار in Arabizi
    r"|(?<=\d)\s?(?:sar|sr|dh)(?![a-z])|(?<![a-z])(?:sar|sr|dh)\s?(?=\d)"
    r"|(?<!\w)(?:د\.?ا|ر\.?س)(?!\w)"  # د.إ / ر.س standing alone (normalize folds إ to ا), never inside "ارسلوا"
    r"|(?<!\w)(?:و|ف)?(?:بال|لل|ال|ب|ل)?(?:دراهم|درهم|ريالات|ريال|دولار)(?!\w)"
)
_REPEATS = re.compile(r"(\w)\1{2,}")
_LATIN = re.compile(r"[a-z]")
_LATIN_WORD = re.compile(r"[a-z']+")
_VOWELS = re.compile(r"[aeiouy']")
_DOUBLED = re.compile(r"(.)\1+")
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def fold(text: str) -> str:
    """`text` folded for the classifier (never for display)."""
    text = normalize(text)
    text = _REPEATS.sub(r"\1\1", text)
    text = _ARABIZI_WORD.sub(_arabizi_word, text)
    text = _CURRENCY.sub(" curr ", text)
    text = _SEPARATED_NUMBER.sub("0", text)
    text = "".join(" emo " if _is_symbol(ch) else ch for ch in text)
    return " ".join(text.split())


def skeleton(folded: str) -> str:
    """`folded` with the vowels of each Latin word after its first letter dropped and doubled
    letters made single: Arabizi and typos vary mostly there ("mawqe3"/"mawqi3"/"mwqe3" → "mwq",
    "invocie"/"invoice" → "invc"). Arabic words are kept: their short vowels are unwritten already."""
    return " ".join(_skeleton_word(word) for word in folded.split())


def _skeleton_word(word: str) -> str:
    if len(word) <= 2 or not _LATIN_WORD.fullmatch(word):
        return word
    return _DOUBLED.sub(r"\1", word[0] + _VOWELS.sub("", word[1:]))


def _arabizi_word(match: re.Match[str]) -> str:
    word = match[0]
    if word.isdigit() or _NUMBER_WORD.fullmatch(word):  # 5pm, 2nd, 10k: a number; "5eer", "7ag", "3ala": Arabizi
        return word
    word = _DIGRAPH.sub(lambda m: _DIGRAPHS[m[0]], word)  # 3'=غ 7'=خ 6'=ظ 9'=ض first
    return "".join(_ARABIZI.get(ch, ch) for ch in word)


def _is_symbol(ch: str) -> bool:
    return unicodedata.category(ch) in ("So", "Sk") or "\U0001f300" <= ch <= "\U0001faff"


def words(folded: str) -> list[str]:
    return re.findall(r"\w+", folded)


def is_emoji_only(text: str) -> bool:
    """Nothing but emoji, symbols, punctuation and spaces (and at least one emoji/symbol)."""
    stripped = [ch for ch in text if not ch.isspace()]
    if not stripped:
        return False
    kinds = [unicodedata.category(ch) for ch in stripped]
    has_symbol = any(k in ("So", "Sk") for k in kinds)
    return has_symbol and all(k[0] in ("S", "P", "M", "C") for k in kinds)


def language_form(text: str) -> str:
    """"en", "ar", "mixed" or "arabizi": a rough guess, for reasons and the bench."""
    folded = normalize(text)
    latin, arabic = len(_LATIN.findall(folded)), len(_ARABIC.findall(folded))
    if arabic and latin:
        return "mixed"
    if arabic:
        return "ar"
    if _ARABIZI_WORD.search(folded):
        return "arabizi"
    return "en"
