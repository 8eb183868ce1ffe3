"""The customer-context note at the top of a new conversation's thread (pure).

Kept short: up to three earlier conversations on one line each, the last thing promised,
and the account facts. Every stored string is untrusted and escaped; long notes are clipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.slack.notes import local_time
from bot.slack.text import escape_mrkdwn

NOTE_CLIP = 160


@dataclass(frozen=True)
class PastConversation:
    opened_at: datetime | None
    lane: str
    label: str | None
    outcome: str | None
    status: str
    handled_by: str | None  # a Slack user id


@dataclass(frozen=True)
class AccountFacts:
    name: str | None
    company: str | None
    plan: str | None
    owner: str | None  # a Slack user id (or whatever the import gave)
    notes: str | None


@dataclass(frozen=True)
class CustomerContext:
    past: tuple[PastConversation, ...] = ()
    followup_at: datetime | None = None  # the last conversation's "Remind me" time, still set
    closing_note: str | None = None
    team_note: str | None = None
    account: AccountFacts | None = None

    @property
    def empty(self) -> bool:
        return not (self.past or self.followup_at or self.closing_note or self.team_note or self.account)


def context_note(context: CustomerContext, tz: str) -> str | None:
    if context.empty:
        return None
    lines = [":bust_in_silhouette: *Customer context*"]
    if context.account is not None:
        lines.append(_account_line(context.account))
    if context.past:
        lines.append(f"*Earlier conversations* ({len(context.past)}{'+' if len(context.past) >= 3 else ''}):")
        lines += [f"• {_past_line(past, tz)}" for past in context.past]
    else:
        lines.append("First conversation with us.")
    promised = []
    if context.followup_at is not None:
        promised.append(f"follow-up planned for {local_time(context.followup_at, tz)}")
    if context.closing_note:
        promised.append(f"closed with the note “{_clip(context.closing_note)}”")
    if context.team_note:
        promised.append(f"last team note “{_clip(context.team_note)}”")
    if promised:
        lines.append("*Last promised:* " + "; ".join(promised))
    return "\n".join(lines)


def _account_line(account: AccountFacts) -> str:
    parts = [escape_mrkdwn(part) for part in (account.name, account.company) if part]
    if account.plan:
        parts.append(f"plan *{escape_mrkdwn(account.plan)}*")
    if account.owner:
        owner = account.owner
        parts.append(f"account owner <@{owner}>" if _is_user_id(owner) else f"account owner {escape_mrkdwn(owner)}")
    line = "*Account:* " + (" · ".join(parts) if parts else "on file")
    if account.notes:
        line += f"\n*Account notes:* {_clip(account.notes)}"
    return line


def _past_line(past: PastConversation, tz: str) -> str:
    when = _date(past.opened_at, tz) if past.opened_at else "?"
    what = escape_mrkdwn(past.label or past.lane)
    result = escape_mrkdwn(past.outcome) if past.outcome else ("open" if past.status != "closed" else "closed")
    who = f" · <@{past.handled_by}>" if past.handled_by and _is_user_id(past.handled_by) else ""
    return f"{when} · {what} · {result}{who}"


def _date(when: datetime, tz: str) -> str:
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        zone = ZoneInfo("UTC")
    return when.astimezone(zone).strftime("%d %b %Y")


def _is_user_id(value: str) -> bool:
    return value[:1] in ("U", "W") and value[1:].isalnum() and value.upper() == value


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return escape_mrkdwn(text if len(text) <= NOTE_CLIP else text[: NOTE_CLIP - 1] + "…")
