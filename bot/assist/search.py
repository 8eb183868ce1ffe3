"""Matching a customer's question to kb/ articles and saved replies: BM25+
(`rank_bm25`) over normalised words, so Arabic spelling variants, diacritics and the
article/conjunction prefixes (ال، و، ب، …) do not stop a match (`bot.routing.normalize`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rank_bm25 import BM25Plus

from bot.assist.library import Article, SavedReply
from bot.routing.normalize import normalize

MAX_RESULTS = 3
_WORD = re.compile(r"\w+")
_AR_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال")
_STOP = frozenset(
    "a an and are can do does for from have how i if is it me my of on or our the this to what when where which "
    "who why will with you your we please hi hello thanks".split()
    + "في من على عن الى إلى هل ما ماذا كيف متى انا أنا انت هذا هذه مع او أو و".split()
)


@dataclass(frozen=True)
class Match:
    article: Article
    score: float


def words(text: str) -> list[str]:
    found = []
    for word in _WORD.findall(normalize(text)):
        for prefix in _AR_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 2:
                word = word[len(prefix):]
                break
        else:
            if word.startswith("و") and len(word) >= 5:  # the conjunction و ("and") on a longer word
                word = word[1:]
        if word.isascii() and len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]  # plans → plan
        if word not in _STOP and len(word) > 1:
            found.append(word)
    return found


def _article_words(article: Article) -> list[str]:
    return words(article.title) * 2 + words(article.body)  # the title counts double


def best_articles(question: str, articles: Sequence[Article], *, language: str | None, lane: str,
                  limit: int = MAX_RESULTS) -> list[Match]:
    """Up to `limit` articles that share words with the question, best first; the customer's
    language first (others only when none in it match)."""
    query = words(question)
    if not query:
        return []
    ranked = _rank(query, [a for a in articles if a.for_lane(lane)])  # one corpus: idf over every article
    mine = [m for m in ranked if m.article.language == (language or "en")]
    return (mine or ranked)[:limit]


def _rank(query: list[str], pool: Sequence[Article]) -> list[Match]:
    if not pool:
        return []
    corpus = [_article_words(article) or ["\u2205"] for article in pool]
    scores = BM25Plus(corpus).get_scores(query)  # BM25+: idf stays positive in a small knowledge base
    wanted = set(query)
    ranked = [Match(article, float(score)) for article, score, doc in zip(pool, scores, corpus, strict=True)
              if wanted & set(doc)]  # only articles sharing a word with the question
    return sorted(ranked, key=lambda m: (-m.score, m.article.key))


def best_reply(question: str, replies: Sequence[SavedReply], *, language: str | None, lane: str) -> SavedReply | None:
    """The saved reply whose keywords or title share the most words with the question."""
    query = set(words(question))
    best, best_hits = None, 0
    for reply in replies:
        if not reply.for_lane(lane) or reply.text_in(language) is None:
            continue
        hits = len(query & set(words(" ".join((reply.title, *reply.keywords)))))
        if hits > best_hits:
            best, best_hits = reply, hits
    return best
