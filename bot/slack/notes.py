"""Every note the bot writes in a card's thread (or on the card) about sending, in one place.

Plain English Slack mrkdwn. Anything that is not our own words (Twilio's message, an error
code from a callback, a file name, a customer's name) goes through `escape_mrkdwn`.
"""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.slack import ids
from bot.slack.text import escape_mrkdwn
from bot.whatsapp.errors import Explanation

KEPT = "The reply is kept here, unsent."
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # not %a: that follows the process locale
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def send_failed(explanation: Explanation) -> str:
    """`:x: Not delivered (Twilio 21211): <reason>. <action>`"""
    code = f" (Twilio {escape_mrkdwn(explanation.code)})" if explanation.code else ""
    reason = escape_mrkdwn(_sentence(explanation.reason))
    action = escape_mrkdwn(_sentence(explanation.action))
    return f":x: *Not delivered{code}:* {reason} {action}"


def window_closed(closed_at: datetime | None, tz: str) -> str:
    """The 24-hour window is closed: say since when (in the workspace's time zone) and what to do."""
    if closed_at is None:
        when = "the customer has not written in the last 24 hours, so the 24-hour window is closed"
    else:
        when = f"the 24-hour window to reply closed at {local_time(closed_at, tz)}"
    return (f":hourglass: *Not sent:* {when}. WhatsApp does not allow free text after that: "
            f"send an approved template instead. {KEPT}")


def opted_out() -> str:
    return (":no_entry: *Not sent:* the customer has opted out of WhatsApp messages. "
            f"Nothing is sent to them until they opt back in (for example by writing START). {KEPT}")


def alerts_only(lane: str) -> str:
    return (f":lock: The *{escape_mrkdwn(lane)}* lane is alerts-only: its threads are internal "
            "and nothing was sent to the customer.")


def note_kept() -> str:
    return "kept as an internal note, not sent to the customer"


def media_refused(reason: str) -> str:
    return f":paperclip: *File not sent:* {escape_mrkdwn(_sentence(reason))} WhatsApp would refuse it."


# -- on the card, and for inbound opt-out words ------------------------------------------

def card_opted_out() -> str:
    return ":no_entry: *Opted out:* the customer asked not to get WhatsApp messages; replies are not sent."


def card_alerts_only() -> str:
    return ":lock: *Alerts only:* replies in this thread stay internal and are never sent to WhatsApp."


def customer_opted_out() -> str:
    return (":no_entry: The customer opted out of WhatsApp messages. Replies in this thread will not be "
            "sent until they write START.")


def customer_opted_in() -> str:
    return ":white_check_mark: The customer opted back in: replies in this thread are sent to WhatsApp again."


def local_time(when: datetime, tz: str) -> str:
    """`Sun 22 Nov 14:05 (Asia/Dubai)`; an unknown zone falls back to UTC."""
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        zone, tz = ZoneInfo("UTC"), "UTC"
    aware = when if when.tzinfo is not None else when.replace(tzinfo=timezone.utc)
    local = aware.astimezone(zone)
    return f"{_DAYS[local.weekday()]} {local.day} {_MONTHS[local.month - 1]} {local:%H:%M} ({escape_mrkdwn(tz)})"


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else f"{text}."


def card_moved(to_lane: str) -> str:
    """What a card left behind by a lane move says instead of its controls."""
    return f":truck: This conversation moved to the *{escape_mrkdwn(to_lane)}* lane; it continues in that channel."


# -- answers to a person's click (ephemeral) ---------------------------------------

CARD_NOT_CURRENT = "This card is no longer current (the conversation moved or closed): use the latest card."
CARD_TAMPERED = "That action does not belong to this card; nothing was changed."
LABEL_NOT_OFFERED = "That label is not in the lanes file."
NO_OUTCOMES = "No outcomes are configured (`[outcomes] names` in the lanes file), so nothing can be closed yet."
SLOW_TRIGGER = "Slack did not let me open the form in time; click Close again."


# -- /wa-away and /wa-report answers ------------------------------------------------

AWAY_TEXT = f"You're away: new conversations won't be assigned to you. `{ids.AWAY_COMMAND}` again when you're back."
BACK_TEXT = "You're back: new conversations can be assigned to you again."
AVAILABILITY_FAILED = "Your availability could not be changed just now; please try again."
AWAY_USAGE = (f"`{ids.AWAY_COMMAND}` switches your availability; "
              f"`{ids.AWAY_COMMAND} on` or `{ids.AWAY_COMMAND} off` sets it.")
REPORT_FAILED = "The report could not be started just now; please try again in a minute."
READINESS_STARTED = "Checking how ready each lane is… the scores follow in a moment."


def report_started(period: str) -> str:
    return f"Building the report for {escape_mrkdwn(period)}… it follows in a moment."
