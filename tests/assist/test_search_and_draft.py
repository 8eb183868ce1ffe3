"""kb/ matching (BM25 over normalised Arabic and English) and drafts that always end with a
concrete next step timed by the lane's working hours."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.assist import draft
from bot.assist.library import articles, saved_replies
from bot.assist.search import best_articles, best_reply, words
from bot.lanes.hours import Calendar, parse_hours
from bot.routing.language import detect, is_question

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
KB, REPLIES = str(FIXTURES / "kb"), str(FIXTURES / "replies")
DUBAI = Calendar(tz="Asia/Dubai", weekly=parse_hours("Sun-Thu 09:00-18:00"))


def titles(question: str, language: str | None, lane: str = "support") -> list[str]:
    return [m.article.title for m in best_articles(question, articles(KB), language=language, lane=lane)]


def test_the_library_reads_articles_and_replies_with_their_languages() -> None:
    found = {(a.language, a.title) for a in articles(KB)}
    assert ("en", "Pricing and plans") in found and ("ar", "الأسعار والباقات") in found
    quote = next(r for r in saved_replies(REPLIES) if r.key == "quote-follow-up")
    assert quote.lanes == ("sales",) and set(quote.languages) == {"en", "ar"}


def test_english_questions_find_english_articles() -> None:
    assert titles("How much does the Gold plan cost? What are your prices?", "en")[0] == "Pricing and plans"
    assert titles("my payment failed, where is my invoice?", "en")[0] == "Invoices and payment methods"
    assert titles("I forgot my password", "en") == ["Reset your password"]


def test_arabic_questions_find_arabic_articles_whatever_the_spelling() -> None:
    assert titles("كم سعر الباقة الذهبية؟", "ar")[0] == "الأسعار والباقات"
    assert titles("وين الفاتوره؟ الدفع ما نجح", "ar")[0] == "الفواتير وطرق الدفع"  # ة/ه folded, و prefix


def test_nothing_matches_small_talk_and_lanes_limit_articles() -> None:
    assert titles("ok thanks", "en") == []
    assert "Pricing and plans" not in titles("prices?", "en", lane="billing")
    assert len(titles("plan price invoice payment password", "en")) <= 3


def test_words_fold_arabic_prefixes_and_english_plurals() -> None:
    assert words("والفواتير plans") == words("فواتير plan")


def test_best_reply_uses_keywords_in_the_customers_language() -> None:
    reply = best_reply("can I get a copy of the invoice?", saved_replies(REPLIES), language="en", lane="billing")
    assert reply is not None and reply.key == "invoice-copy"
    assert best_reply("quote please", saved_replies(REPLIES), language="en", lane="billing") is None  # sales only


def test_language_and_questions() -> None:
    assert detect("كم السعر؟") == "ar" and detect("kam el si3r?") == "en" and detect("👍") is None
    assert is_question("price?") and is_question("كم سعر الباقة") and not is_question("ok thanks")


_BY_EN = re.compile(r"by (Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday) \d\d:\d\d\b")
_BY_AR = re.compile(r"بحلول يوم (الأحد|الاثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت) الساعة \d\d:\d\d")


@settings(max_examples=60, deadline=None)
@given(minutes=st.integers(min_value=0, max_value=14 * 24 * 60), language=st.sampled_from(["en", "ar", None]),
       answer=st.one_of(st.none(), st.just(""), st.text(min_size=1, max_size=50)),
       name=st.sampled_from(["", "Ana", "ليلى"]))
def test_a_draft_always_ends_with_a_next_step_inside_working_hours(minutes, language, answer, name) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2026, 11, 19, 0, 0, tzinfo=UTC) + timedelta(minutes=minutes)
    when = draft.promise_time(DUBAI, now)
    text = draft.compose(language=language, first_name=name, answer=answer, when=when, tz=DUBAI.tz)
    last = text.split("\n\n")[-1]
    assert (_BY_AR.search(last) if language == "ar" else _BY_EN.search(last)), text
    assert when > now and DUBAI.is_open(when - timedelta(seconds=1))  # a working moment, never Friday or Saturday
    assert "get back to you" not in text.casefold()


def test_thursday_evening_is_promised_for_sunday_morning() -> None:
    thursday_evening = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)  # 17:00 in Dubai
    when = draft.promise_time(DUBAI, thursday_evening)
    assert draft.when_text(when, DUBAI.tz, "en") == "Sunday 12:00"
    assert draft.when_text(when, DUBAI.tz, "ar") == "يوم الأحد الساعة 12:00"


def test_saved_reply_variables_are_filled_and_unknown_braces_kept() -> None:
    assert draft.fill_reply("Hi {first_name}, {next_step} {other}", {"first_name": "Ana", "next_step": "X"}) == \
        "Hi Ana, X {other}"
    assert draft.fill_reply("a {", {}) == "a {"
