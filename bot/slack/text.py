"""Customer text for Slack: escape it, and split it to fit a section block.

Customer text (WhatsApp ``Body``, profile names, ad referrals) is untrusted. Slack's
mrkdwn reads ``<!channel>``, ``<@U…>`` and ``<#C…>`` as mentions, so ``&``, ``<`` and
``>`` are escaped, and nothing else: every script and emoji is shown as written.
"""

from __future__ import annotations

import unicodedata

SECTION_LIMIT = 3000
"""Slack's limit on a section block's text, counted after escaping."""

_ESCAPE_COST = {"&": 5, "<": 4, ">": 4}  # len("&amp;"), len("&lt;"), len("&gt;")
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
_ZWJ = "\u200d"


def escape_mrkdwn(text: str) -> str:
    """Escape ``&``, then ``<``, then ``>``; leave every other character as it is."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escaped_len(text: str) -> int:
    """``len(escape_mrkdwn(text))`` without building the escaped string."""
    return sum(_ESCAPE_COST.get(ch, 1) for ch in text)


def split_text(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split raw ``text`` into chunks whose escaped length is at most ``limit``.

    ``"".join(chunks) == text`` always. A cut goes, by preference, after a paragraph
    break, a line break or whitespace in the second half of the chunk, else at the
    last place that does not split a character from what belongs to it (combining
    marks, surrogate pairs, ZWJ and variation-selector sequences, skin tones, flags,
    CRLF). Only a single cluster longer than ``limit`` is ever cut inside.
    """
    if limit < 5:
        raise ValueError("limit must be at least 5 (the escaped length of '&')")
    chunks: list[str] = []
    start, n = 0, len(text)
    while start < n:
        end, size = start, 0
        while end < n and size + _ESCAPE_COST.get(text[end], 1) <= limit:
            size += _ESCAPE_COST.get(text[end], 1)
            end += 1
        if end == n:
            chunks.append(text[start:])
            break
        cut = _best_cut(text, start, end)
        chunks.append(text[start:cut])
        start = cut
    return chunks


def _best_cut(text: str, start: int, end: int) -> int:
    """The best index in ``(start, end]`` at which to end the chunk begun at ``start``."""
    floor = max(start + 1, start + (end - start) // 2)
    for is_break in (_after_paragraph, _after_line, _after_space):
        for i in range(end, floor - 1, -1):
            if is_break(text, i) and _can_cut(text, i):
                return i
    for i in range(end, start, -1):
        if _can_cut(text, i):
            return i
    return end  # one cluster longer than the limit: cutting inside it is the only way


def _after_paragraph(text: str, i: int) -> bool:
    before = text[max(0, i - 3) : i]
    return before.endswith(("\n\n", "\n\r\n", "\r\r", "\u2029"))


def _after_line(text: str, i: int) -> bool:
    return text[i - 1] in _LINE_BREAKS


def _after_space(text: str, i: int) -> bool:
    return text[i - 1].isspace()


def _is_extender(ch: str) -> bool:
    """A character that belongs to the one before it."""
    cp = ord(ch)
    return (
        unicodedata.combining(ch) != 0
        or unicodedata.category(ch) in ("Mn", "Mc", "Me")  # harakat, vowel signs, VS, keycap
        or 0x1F3FB <= cp <= 0x1F3FF  # emoji skin-tone modifiers
        or 0xE0020 <= cp <= 0xE007F  # emoji tag sequences (subdivision flags)
    )


def _is_regional_indicator(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _can_cut(text: str, i: int) -> bool:
    """Whether a chunk may end between ``text[i - 1]`` and ``text[i]``."""
    if i <= 0 or i >= len(text):
        return True
    before, after = text[i - 1], text[i]
    if before == _ZWJ or after == _ZWJ or _is_extender(after):
        return False
    if before == "\r" and after == "\n":
        return False
    if "\ud800" <= before <= "\udbff" and "\udc00" <= after <= "\udfff":
        return False
    if _is_regional_indicator(before) and _is_regional_indicator(after):
        run = 0
        while i - 1 - run >= 0 and _is_regional_indicator(text[i - 1 - run]):
            run += 1
        return run % 2 == 0  # only between two complete flags
    return True


def format_customer_message(text: str) -> list[str]:
    """Customer text as escaped chunks, each ready for one section block."""
    return [escape_mrkdwn(chunk) for chunk in split_text(text)]
