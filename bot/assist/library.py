"""The knowledge base (``kb/``, markdown) and saved replies (``replies/``, TOML), read from
their folders and cached until a file in them changes.

An article is a markdown file: its language is its subfolder (``kb/en/…``, ``kb/ar/…``),
else the script it is written in; the first ``# `` line is its title; an optional front
matter (``---`` lines) may give ``url:`` and ``lanes:`` (comma-separated). A saved reply is
a TOML file with ``title``, optional ``lanes = [...]`` and ``keywords = [...]``, and a
``[text]`` table of language → text with ``{first_name}``, ``{rep_name}``,
``{followup_date}`` and ``{next_step}`` variables.
"""

from __future__ import annotations

import logging
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path

from bot.routing.language import detect

log = logging.getLogger(__name__)
MAX_FILES = 2000
MAX_BYTES = 200_000


@dataclass(frozen=True)
class Article:
    key: str  # path under kb/
    title: str
    language: str
    body: str
    url: str | None = None
    lanes: tuple[str, ...] = ()  # empty: every lane

    def for_lane(self, lane: str) -> bool:
        return not self.lanes or lane in self.lanes


@dataclass(frozen=True)
class SavedReply:
    key: str  # file name without .toml
    title: str
    texts: tuple[tuple[str, str], ...]  # (language, text)
    lanes: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    def for_lane(self, lane: str) -> bool:
        return not self.lanes or lane in self.lanes

    def text_in(self, language: str | None) -> str | None:
        texts = dict(self.texts)
        return texts.get((language or "en")[:2]) or None

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(language for language, _ in self.texts)


_lock = threading.Lock()
_cache: dict[tuple[str, str], tuple[tuple[tuple[str, float], ...], tuple[object, ...]]] = {}


def articles(folder: str) -> tuple[Article, ...]:
    return tuple(item for item in _cached("kb", folder, "*.md", _article) if isinstance(item, Article))


def saved_replies(folder: str) -> tuple[SavedReply, ...]:
    return tuple(item for item in _cached("replies", folder, "*.toml", _reply) if isinstance(item, SavedReply))


def _cached(kind: str, folder: str, pattern: str, read: object) -> tuple[object, ...]:
    root = Path(folder)
    files = sorted(root.rglob(pattern))[:MAX_FILES] if root.is_dir() else []
    signature = tuple((str(f), f.stat().st_mtime) for f in files)
    with _lock:
        hit = _cache.get((kind, folder))
        if hit is not None and hit[0] == signature:
            return hit[1]
    loaded = []
    for file in files:
        try:
            item = read(root, file)  # type: ignore[operator]
        except (OSError, ValueError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            log.warning("%s: skipped (%s)", file, exc)
            continue
        if item is not None:
            loaded.append(item)
    with _lock:
        _cache[(kind, folder)] = (signature, tuple(loaded))
    return tuple(loaded)


def _article(root: Path, file: Path) -> Article | None:
    text = file.read_bytes()[:MAX_BYTES].decode("utf-8")
    meta: dict[str, str] = {}
    if text.startswith("---\n"):
        head, _, text = text[4:].partition("\n---\n")
        for line in head.splitlines():
            key, _, value = line.partition(":")
            meta[key.strip().lower()] = value.strip()
    lines = text.strip().splitlines()
    title = next((line[2:].strip() for line in lines if line.startswith("# ")), file.stem.replace("-", " "))
    body = "\n".join(line for line in lines if not line.startswith("# ")).strip()
    relative = file.relative_to(root)
    folder_language = relative.parts[0] if len(relative.parts) > 1 and len(relative.parts[0]) <= 3 else None
    language = meta.get("language") or folder_language or detect(title + " " + body) or "en"
    lanes = tuple(part.strip() for part in meta.get("lanes", "").split(",") if part.strip())
    return Article(key=str(relative), title=title, language=language, body=body, url=meta.get("url") or None,
                   lanes=lanes)


def _reply(root: Path, file: Path) -> SavedReply | None:
    data = tomllib.loads(file.read_text(encoding="utf-8"))
    texts = data.get("text")
    if not isinstance(texts, dict) or not all(isinstance(v, str) for v in texts.values()):
        raise ValueError("needs a [text] table of language = \"text\"")
    lanes, keywords = data.get("lanes", []), data.get("keywords", [])
    if not isinstance(lanes, list) or not isinstance(keywords, list):
        raise ValueError("lanes and keywords must be lists of strings")
    return SavedReply(key=str(file.relative_to(root).with_suffix("")), title=str(data.get("title") or file.stem),
                      texts=tuple((str(k).lower(), v.strip()) for k, v in texts.items()),
                      lanes=tuple(str(x) for x in lanes), keywords=tuple(str(x) for x in keywords))
