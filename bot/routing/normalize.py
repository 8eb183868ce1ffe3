"""Text normalisation for matching keywords and refs (never for display).

Folds the differences that do not change what a customer meant: compatibility forms
and case (NFKC + casefold), Arabic diacritics and tatweel, alef/hamza/yeh/taa-marbuta
spelling variants, Persian/Urdu letter forms, Arabic-Indic digits, invisible format
characters (bidi marks, zero-width joiners) and runs of whitespace.
"""

from __future__ import annotations

import unicodedata

_DIACRITICS = [*range(0x064B, 0x0660), 0x0670, 0x0640]  # harakat, superscript alef, tatweel
_LETTERS = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",  # alef forms
    "ؤ": "و", "ئ": "ي",  # hamza on waw / yeh
    "ة": "ه", "ى": "ي",  # taa marbuta, alef maqsura
    "ی": "ي", "ک": "ك",  # Persian / Urdu yeh and kaf
}  # fmt: skip
_DIGITS = {base + n: str(n) for base in (0x0660, 0x06F0) for n in range(10)}  # ٠-٩ and ۰-۹
_INVISIBLE = [
    0x00AD, 0x061C, *range(0x200B, 0x2010), *range(0x202A, 0x202F),  # soft hyphen, bidi marks, ZW(N)J
    *range(0x2060, 0x2065), *range(0x2066, 0x206A), 0xFEFF,  # word joiner, bidi isolates, BOM
]  # fmt: skip
_TABLE = str.maketrans({**dict.fromkeys(_DIACRITICS + _INVISIBLE), **_LETTERS, **_DIGITS})
_MAX_PASSES = 4


def normalize(text: str) -> str:
    """`text` folded for matching; idempotent: `normalize(normalize(t)) == normalize(t)`.

    One pass can expose something a second pass would still fold (dropping a mark that
    blocked a composition, casefold output that NFKC changes), so passes repeat until the
    text is stable, which takes one or two in practice.
    """
    for _ in range(_MAX_PASSES):
        folded = _fold(text)
        if folded == text:
            break
        text = folded
    return text


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return " ".join(unicodedata.normalize("NFC", text.translate(_TABLE)).split())
