"""A lane's own WhatsApp sender (`sender = "whatsapp:+9715…"` in `[[lanes]]`).

Teams often run one number per country. The lanes file may write a sender as Twilio does
(`whatsapp:+971501234567`) or as a bare number (`+971 50 123 4567`); both become
`whatsapp:+E164` here (with `phonenumbers`, imported only when a lane has a sender). Several lanes may share a
number (a country's sales and support lanes): routing by the number then decides nothing and
the label and keywords route as usual.
"""

from __future__ import annotations

from collections.abc import Collection

PREFIX = "whatsapp:"


def normalise_sender(value: str) -> str | None:
    """`whatsapp:+E164` for a number written either way; None when it is not a possible number."""
    import phonenumbers  # here, not at import: `bot.routing` (which imports bot.lanes) stays stdlib-only

    text = value.strip().removeprefix(PREFIX).strip()
    if not text.startswith("+"):
        return None
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return PREFIX + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def sender_problem(value: str) -> str | None:
    if normalise_sender(value) is None:
        return f"not a WhatsApp number: {value!r} (write it like \"whatsapp:+971501234567\" or \"+971501234567\")"
    return None


def not_ours(sender: str, senders: Collection[str]) -> str:
    known = ", ".join(senders) or "none"
    return f"{sender} is not one of TWILIO_WHATSAPP_FROM's senders ({known}): add it there or fix the number"


def shown(sender: str) -> str:
    """`whatsapp:+971501234567` → `+971501234567` (what people read)."""
    return sender.removeprefix(PREFIX)
