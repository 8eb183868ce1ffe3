"""Finding an entry point's ref in a customer's first message.

Presets carry the ref as `ref: pricing`, `ref:pricing`, `[ref:pricing]`, `(ref: pricing)`
or `#pricing`, in any case, anywhere in the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_REF = re.compile(r"(?<![\w-])ref\s*:\s*([\w-]+)|(?<![\w&#])#([\w-]+)", re.IGNORECASE)


def find_entry_ref(text: str, refs: Iterable[str]) -> str | None:
    """The first known ref written in `text`, spelled as in `refs`; None if there is none."""
    known = {_fold(ref): ref for ref in refs}
    if not known:
        return None
    for match in _REF.finditer(unicodedata.normalize("NFKC", text)):
        found = known.get(_fold(match[1] or match[2]))
        if found is not None:
            return found
    return None


def _fold(ref: str) -> str:
    return unicodedata.normalize("NFKC", ref).casefold()
