"""Which language a customer writes in (pure): "ar" when Arabic letters outnumber Latin
ones, "en" when Latin letters do (Arabizi, written in Latin letters, counts as "en": the
customer reads Latin script), None when the text has no letters (emoji, numbers)."""

from __future__ import annotations


def detect(text: str) -> str | None:
    arabic = sum(1 for ch in text if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if arabic == latin == 0:
        return None
    return "ar" if arabic >= latin else "en"


QUESTION_WORDS = frozenset(
    "how what when where which who why can could do does is are will would price cost help problem issue "
    "كيف ماذا ما متى اين أين هل لماذا كم سعر مشكلة".split()
)


def is_question(text: str) -> bool:
    """Whether a customer's text asks something (kb/ suggestions are offered for it): a
    question mark, or a question word among at least three words."""
    if "?" in text or "؟" in text:
        return True
    words = [word.strip(".,!،").casefold() for word in text.split()]
    return len(words) >= 3 and any(word in QUESTION_WORDS for word in words)
