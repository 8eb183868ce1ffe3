"""Twilio error codes in plain language for the people in the thread (pure, no I/O).

`explain(code, message, http_status=...)` says why a message did not go out, what to do
about it, and whether trying again later can help. Twilio's own `message` is untrusted
text: the Slack notes escape it (`bot.slack.notes`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Explanation:
    code: str | None
    reason: str  # plain language, for a sales or support rep
    action: str  # what to do about it
    retryable: bool = False  # trying again later can succeed (5xx, timeouts, rate limits)
    window_closed: bool = False  # outside the 24-hour window: only a template can go out
    opted_out: bool = False  # the customer unsubscribed


_INVALID_NUMBER = ("The customer's number is not a valid WhatsApp number",
                   "Check the number on the card (country code included) or reach the customer another way.")
_CARRIER = ("The customer's phone could not be reached",
            "The phone may be off or out of coverage; try again later, or reach the customer another way.")
_SETUP = "Ask whoever manages the Twilio and WhatsApp setup to check it."

_KNOWN: dict[str, Explanation] = {
    "63016": Explanation(
        "63016", "The 24-hour window to answer the customer with free text has closed",
        "Send an approved WhatsApp template instead; free text works again once the customer writes.",
        window_closed=True),
    "63003": Explanation("63003", *_INVALID_NUMBER),
    "21211": Explanation("21211", *_INVALID_NUMBER),
    "21614": Explanation("21614", "The customer's number is not a valid mobile number",
                         "Check the number on the card (country code included)."),
    "63024": Explanation(
        "63024", "WhatsApp refused the recipient: the number is not a WhatsApp user or cannot receive messages",
        "Check that the customer uses WhatsApp on this number, or reach them another way."),
    "63018": Explanation("63018", "WhatsApp's rate limit for our number was reached",
                         "The bot tried again several times; wait a few minutes, then send the reply again.",
                         retryable=True),
    "20429": Explanation("20429", "Twilio got too many requests at once",
                         "The bot tried again several times; wait a minute, then send the reply again.",
                         retryable=True),
    "63021": Explanation("63021", "WhatsApp refused the content: the template text is too long or the content "
                                  "is not supported", "Shorten the message or its template values, then send again."),
    "21656": Explanation("21656", "The template's variables are wrong or missing",
                         "Check the values filled into the template, then send again."),
    "63027": Explanation("63027", "The template does not exist in this language or is not approved",
                         "Pick an approved template in the customer's language."),
    "63028": Explanation("63028", "The number of template values does not match the template",
                         "Fill in every value the template asks for, then send again."),
    "63030": Explanation("63030", "WhatsApp does not accept this kind of content here (for example, media with "
                                  "a template)", "Send the text and the file separately."),
    "21610": Explanation("21610", "The customer has unsubscribed from our messages",
                         "Do not message them unless they write to us again (or send START).", opted_out=True),
    "63032": Explanation("63032", "WhatsApp did not deliver this business message: the customer's WhatsApp "
                                  "limits messages from businesses", "Wait for the customer to write, or reach them "
                                                                     "another way."),
    "63049": Explanation("63049", "Meta chose not to deliver this marketing message to the customer",
                         "Try later with a different message, or wait for the customer to write."),
    "63019": Explanation("63019", "WhatsApp could not download the attached file",
                         "Share the file again, or send it as a link."),
    "63007": Explanation("63007", "Our WhatsApp sender number is not set up in Twilio", _SETUP),
    "63001": Explanation("63001", "Twilio could not sign in to WhatsApp for our sender", _SETUP),
    "63015": Explanation("63015", "The Twilio sandbox only sends to numbers that joined it",
                         "Ask the customer to join the sandbox, or use the production sender."),
    "21408": Explanation("21408", "Our Twilio account may not send to the customer's country",
                         "Ask whoever manages Twilio to enable this country (geo permissions)."),
    "20003": Explanation("20003", "Twilio rejected our credentials",
                         "Check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN in the bot's settings."),
    "30003": Explanation("30003", *_CARRIER),
    "30005": Explanation("30005", "The customer's number is unknown or no longer in service",
                         "Check the number on the card, or reach the customer another way."),
    "30006": Explanation("30006", "The customer's number cannot receive messages (a landline or an "
                                  "unreachable carrier)", "Reach the customer another way."),
    "30007": Explanation("30007", "The message was filtered as possible spam",
                         "Rephrase the message (fewer links, no shortened URLs) and send again."),
    "30008": Explanation("30008", "The message could not be delivered, for a reason the network did not give",
                         "Try again later; if it keeps failing, reach the customer another way."),
}

_NO_ANSWER = Explanation(None, "Twilio did not answer (it timed out or had a server error)",
                         "The bot tried again several times; send the reply again in a few minutes.",
                         retryable=True)


def explain(code: str | int | None, message: str | None = None, *, http_status: int | None = None) -> Explanation:
    """What went wrong, for a person. `code` is Twilio's error code (a string in status
    callbacks, an int from the REST API); `http_status` the REST answer's status, if any."""
    key = _normalise(code)
    if key in _KNOWN:
        return _KNOWN[key]
    server_trouble = http_status is not None and http_status >= 500
    no_answer = key is None and http_status in (None, 408)  # timeout, connection refused or reset
    if server_trouble or no_answer:
        return replace(_NO_ANSWER, code=key)
    if http_status == 429:
        return replace(_KNOWN["20429"], code=key)
    if key is None and http_status == 401:
        return replace(_KNOWN["20003"], code=None)
    said = " ".join((message or "").split())[:300]
    label = f"Twilio error {key}" if key else f"Twilio answered HTTP {http_status}"
    action = (f"Look the code up at https://www.twilio.com/docs/api/errors/{key} or ask whoever manages Twilio."
              if key and key.isdigit() else _SETUP)
    return Explanation(key, f"{label}: {said}" if said else label, action)


def _normalise(code: str | int | None) -> str | None:
    if code is None or isinstance(code, bool):
        return None
    text = str(code).strip()
    return text[:16] or None


def for_template(explanation: Explanation) -> Explanation:
    """A refusal of a template send: 63016 then means WhatsApp did not accept the template
    (not approved, or not in this language), not a closed window."""
    if explanation.code == "63016":
        return Explanation("63016", "WhatsApp refused the template: it is not approved for our sender, or not in "
                                    "this language", "Pick an approved template in the customer's language.")
    return explanation
