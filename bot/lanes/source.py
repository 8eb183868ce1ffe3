"""Where a key of the lanes file is, by line: so that `check` can say `(line 12)`.

A small line scanner, not a TOML parser (`tomllib` gives no positions).
"""

from __future__ import annotations

import re


def join_key(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key



_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED_KEY = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_ARRAY_HEADER = re.compile(rf"^\s*\[\[\s*({_DOTTED_KEY})\s*\]\]")
_TABLE_HEADER = re.compile(rf"^\s*\[\s*({_DOTTED_KEY})\s*\]")
_KEY_LINE = re.compile(rf"^\s*({_DOTTED_KEY})\s*=(.*)$")


def key_lines(source: str) -> dict[str, int]:
    """Map key paths (`workspace.timezone`, `lanes[1].channel`, `lanes[1]`) to 1-based lines.

    A small line scanner, not a TOML parser: it follows `[table]` and `[[array]]` headers
    (counting occurrences) and `key =` lines, and skips the insides of multi-line values.
    """
    index: dict[str, int] = {}
    counts: dict[str, int] = {}
    table = ""
    open_brackets = 0
    open_quote: str | None = None
    for number, line in enumerate(source.splitlines(), start=1):
        if open_quote or open_brackets > 0:
            open_quote, open_brackets = _scan_value(line, open_quote, open_brackets)
            continue
        if match := _ARRAY_HEADER.match(line):
            *parents, last = _split_key(match[1])
            name = join_key(_indexed(parents, counts), last)
            counts[name] = counts.get(name, -1) + 1
            table = f"{name}[{counts[name]}]"
            index.setdefault(table, number)
        elif match := _TABLE_HEADER.match(line):
            table = _indexed(_split_key(match[1]), counts)
            index.setdefault(table, number)
        elif match := _KEY_LINE.match(line):
            path = table
            for part in _split_key(match[1]):
                path = join_key(path, part)
                index.setdefault(path, number)
            open_quote, open_brackets = _scan_value(match[2], None, 0)
    return index


def _split_key(dotted: str) -> list[str]:
    return [part.strip("\"'") for part in re.findall(_KEY_PART, dotted)]


def _indexed(parts: list[str], counts: dict[str, int]) -> str:
    """`lanes.extra` → `lanes[2].extra` when `lanes` is an array of tables at index 2."""
    path = ""
    for part in parts:
        path = join_key(path, part)
        if path in counts:
            path = f"{path}[{counts[path]}]"
    return path


def _scan_value(text: str, quote: str | None, depth: int) -> tuple[str | None, int]:
    """Carry multi-line string / bracket state across the value text of one line."""
    i = 0
    while i < len(text):
        if quote:
            if text.startswith(quote, i):
                i, quote = i + len(quote), None
                continue
            i += 2 if text[i] == "\\" and quote == '"""' else 1
            continue
        char = text[i]
        if char == "#":
            break
        if text.startswith(('"""', "'''"), i):
            quote, i = text[i : i + 3], i + 3
            continue
        if char in "\"'":
            end = text.find(char, i + 1) if char == "'" else _basic_string_end(text, i + 1)
            i = len(text) if end < 0 else end + 1
            continue
        depth += char in "[{"
        depth -= char in "]}"
        i += 1
    return quote, depth


def _basic_string_end(text: str, start: int) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
        elif text[i] == '"':
            return i
        else:
            i += 1
    return -1


def line_of(path: str, index: dict[str, int]) -> int | None:
    """The line of `path`, else of its nearest located parent (its table header), else None.
    Quoted parts (`labels.routes."Bug report".lane`) are looked up without their quotes."""
    path = path.replace('"', "")
    while path:
        if path in index:
            return index[path]
        parent = re.sub(r"(\[\d+\]|\.?[^.\[]+)$", "", path)
        if parent == path:
            return None
        path = parent
    return None
