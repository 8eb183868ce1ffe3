"""A suggested reply in the customer's language (pure): a greeting, the answer (from the
best article or saved reply) and always a concrete next step with a time computed from
the lane's working hours — "by Sunday 10:00", never a bare "we'll get back to you".

The promise is `PROMISE` of working time from now in the lane's calendar (or its
`reply_within` when shorter), so a question on Thursday evening in a Sun–Thu lane is
promised for Sunday morning, not for Friday.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.lanes.hours import Calendar

_VARIABLE = re.compile(r"\{(\w+)\}")
PROMISE = timedelta(hours=4)  # of working time
ANSWER_LIMIT = 700
_DAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "ar": ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"),
}
_TEXT = {
    "en": {
        "greeting": "Hi {name}, thank you for your message.",
        "greeting_anon": "Hello, thank you for your message.",
        "answered": "Next step: I will check back with you by {when} to make sure this answers your question.",
        "unanswered": "Next step: I am checking this with our team and will reply with an answer by {when}.",
        "by": "{day} {time}",
    },
    "ar": {
        "greeting": "مرحباً {name}، شكراً لرسالتك.",
        "greeting_anon": "مرحباً، شكراً لرسالتك.",
        "answered": "الخطوة التالية: سأتواصل معك بحلول {when} للتأكد من أن هذا يجيب على سؤالك.",
        "unanswered": "الخطوة التالية: أتحقق من ذلك مع فريقنا وسأرد عليك بالإجابة بحلول {when}.",
        "by": "يوم {day} الساعة {time}",
    },
}


def language_of(language: str | None) -> str:
    return "ar" if (language or "").lower().startswith("ar") else "en"


def promise_time(calendar: Calendar, now: datetime, reply_within: timedelta | None = None) -> datetime:
    """When the next step is promised for: working time from now, in the lane's calendar."""
    span = min(PROMISE, reply_within) if reply_within else PROMISE
    return calendar.add_working(now, span.total_seconds())


def when_text(when: datetime, tz: str, language: str | None) -> str:
    """"Sunday 10:00" / "يوم الأحد الساعة 10:00" in the lane's time zone."""
    lang = language_of(language)
    local = when.astimezone(ZoneInfo(tz))
    return _TEXT[lang]["by"].format(day=_DAYS[lang][local.weekday()], time=f"{local:%H:%M}")


def next_step(when: datetime, tz: str, language: str | None, *, answered: bool) -> str:
    lang = language_of(language)
    return _TEXT[lang]["answered" if answered else "unanswered"].format(when=when_text(when, tz, language))


def compose(*, language: str | None, first_name: str, answer: str | None, when: datetime, tz: str) -> str:
    """Greeting, answer, next step; each its own paragraph."""
    lang = language_of(language)
    greeting = (_TEXT[lang]["greeting"].format(name=first_name) if first_name.strip()
                else _TEXT[lang]["greeting_anon"])
    parts = [greeting]
    if answer and answer.strip():
        parts.append(_clip(answer.strip()))
    parts.append(next_step(when, tz, language, answered=bool(answer and answer.strip())))
    return "\n\n".join(parts)


def fill_reply(text: str, values: dict[str, str]) -> str:
    """A saved reply's text with its variables filled; unknown ones (and stray braces) stay as written."""
    return _VARIABLE.sub(lambda m: values[m.group(1)] if m.group(1) in values else m.group(0), text)


def _clip(text: str) -> str:
    """The first paragraphs of an article, up to `ANSWER_LIMIT` characters."""
    if len(text) <= ANSWER_LIMIT:
        return text
    cut = text.rfind("\n\n", 0, ANSWER_LIMIT)
    cut = cut if cut > ANSWER_LIMIT // 3 else text.rfind(" ", 0, ANSWER_LIMIT)
    return text[: cut if cut > 0 else ANSWER_LIMIT].rstrip() + " …"
