"""What the escalation timers write in a card's thread, in DMs and in the escalation
channel: every timer text in one place. Names of lanes and customers are escaped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.slack.text import escape_mrkdwn

DIGEST_LINES = 15  # items shown per list in the daily digest


@dataclass(frozen=True)
class DigestItem:
    who: str  # the customer's name or number (untrusted)
    owner: str | None
    permalink: str | None


def mention(members: tuple[str, ...], group: str | None) -> str:
    """Who a re-ping calls: the lane's user group, else its members."""
    if group:
        return f"<!subteam^{group}>"
    return " ".join(f"<@{member}>" for member in members) or "Team"


def card_link(permalink: str | None) -> str:
    return f"<{permalink}|(open the card)>" if permalink else ""


def repinged(who: str, ping: int, of: int) -> str:
    return f":bell: {who} still unclaimed: who takes it? (re-ping {ping} of {of})"


def customer_waiting(owner: str | None) -> str:
    return f":hourglass_flowing_sand: <@{owner}> the customer is waiting for an answer."


def followup_due(owner: str | None) -> str:
    return f":alarm_clock: <@{owner}> time to follow up with this customer."


def followup_due_dm(link: str) -> str:
    return f":alarm_clock: Follow-up due: {link}"


def nudged(owner: str | None, days: int, outcome: str) -> str:
    return (f":zzz: <@{owner}> the customer has not answered for {days} day(s); this closes as "
            f"*{escape_mrkdwn(outcome)}* in a day unless they write.")


def reassigned(owner: str, how: str) -> str:
    return f":arrows_counterclockwise: Nobody claimed this, so it is now <@{owner}>'s ({how})."


def reassigned_dm(link: str) -> str:
    return f"You have been given a WhatsApp conversation nobody claimed: {link}"


def escalation(lane: str, who: str, link: str, reason: str, waiting_minutes: int, score: int | None) -> str:
    shown = score if score is not None else "—"
    return (f":rotating_light: *{escape_mrkdwn(lane)}*: {escape_mrkdwn(who)} {link} needs attention — "
            f"{escape_mrkdwn(reason)}; waiting {waiting_minutes} min; score {shown}.")


def escalated(reason: str) -> str:
    return f":rotating_light: Escalated to the leads: {escape_mrkdwn(reason)}."


def digest(lane: str, day: date, lists: list[tuple[str, list[DigestItem]]]) -> str:
    """The daily digest: each list with its count and its first items."""
    parts = [f":sunrise: *{escape_mrkdwn(lane)}* — {day:%a %d %b}"]
    for title, items in lists:
        parts.append(f"*{title}:* {len(items)}" if items else f"*{title}:* none")
        parts += [f"• {_digest_line(item)}" for item in items[:DIGEST_LINES]]
        if len(items) > DIGEST_LINES:
            parts.append(f"…and {len(items) - DIGEST_LINES} more")
    return "\n".join(parts)


def _digest_line(item: DigestItem) -> str:
    owner = f" — <@{item.owner}>" if item.owner else ""
    link = f" <{item.permalink}|open>" if item.permalink else ""
    return f"{escape_mrkdwn(item.who)}{owner}{link}"


def followup_template_unusable(sid: str, why: str | None, key: str = "followup_template") -> str:
    """The lane's follow-up (or confirmation) template could not be sent to the customer."""
    state = f" ({escape_mrkdwn(why)})" if why else " (not found in the account's templates)"
    what = "confirmation" if key == "confirm_template" else "follow-up"
    return (f":warning: The lane's {what} template `{escape_mrkdwn(sid)}` was not sent{state}. "
            f"Only approved templates reach the customer after 24 hours: fix `{key}` in the lanes file.")
