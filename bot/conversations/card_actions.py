"""A click on a card's control, or 👀 on a card: resolve the card, keep the event if the
card's ts is not committed yet (bot/conversations/early.py), apply the change, and queue
the ephemeral answer. One function each, for the Slack listeners and for replaying kept
events."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.conversations import closing, ownership
from bot.conversations.cards import CardRefusal, card_clicked, tell
from bot.conversations.early import keep_if_early
from bot.conversations.ownership import Outcome
from bot.lanes import LanesConfig
from bot.slack import ids, notes
from bot.store import Session

Change = Callable[..., Outcome]

# action id → (the change, the keyword the action's value goes to). Each change is called
# with session, conversation_id, user, lanes and now, as bot.conversations.ownership defines them.
CHANGES: dict[str, tuple[Change, str | None]] = {
    ids.CLAIM: (ownership.claim, None),
    ids.RELEASE: (ownership.release, None),
    ids.LABEL: (ownership.set_label, "label"),
    ids.STATUS: (ownership.set_status, "status"),
    ids.REASSIGN: (ownership.reassign, "to_user"),
    ids.MOVE: (closing.move, "lane_name"),
    ids.REMIND: (ownership.set_followup, "choice"),
    ids.REMIND_AT: (ownership.set_followup, "choice"),
}


def read_value(action_id: str, raw: str, lanes: LanesConfig) -> str | None:
    """The action's value as the change expects it; None when it cannot be one."""
    if action_id == ids.LABEL:
        return ids.parse_label_value(raw, lanes.labels)
    if action_id == ids.REMIND_AT:
        return f"at:{raw}"  # a custom time from the date-time picker (Unix seconds)
    return raw


def card_action(
    *, session: Session, channel: str, ts: str, action_id: str, value: str, is_button: bool, user: str,
    lanes: LanesConfig, now: datetime,
) -> Outcome | None:
    """Apply a card control's action; None when it was kept for a card not committed yet."""
    change, keyword = CHANGES[action_id]
    conversation = card_clicked(session=session, channel=channel, ts=ts, value=value if is_button else None)
    if isinstance(conversation, CardRefusal) and keep_if_early(
            session=session, channel=channel, ts=ts, kind="action", lanes=lanes, now=now,
            payload={"action_id": action_id, "value": value, "is_button": is_button, "user": user}):
        return None
    if isinstance(conversation, CardRefusal) or conversation.id is None:
        outcome = Outcome(False, conversation.text if isinstance(conversation, CardRefusal) else notes.CARD_NOT_CURRENT)
    else:
        argument = read_value(action_id, value, lanes)
        if keyword is not None and argument is None:
            outcome = Outcome(False, notes.LABEL_NOT_OFFERED)
        else:
            extra = {keyword: argument} if keyword is not None else {}
            outcome = change(session=session, conversation_id=conversation.id, user=user, lanes=lanes, now=now,
                             **extra)
    if not outcome.ok or action_id in (ids.CLAIM, ids.RELEASE):
        about = None if isinstance(conversation, CardRefusal) else conversation.id
        tell(session=session, channel=channel, user=user, text=outcome.text, now=now, conversation_id=about)
    return outcome


def eyes_on(*, session: Session, channel: str, ts: str, user: str, lanes: LanesConfig, now: datetime) -> Outcome | None:
    """👀 on a card claims it; on any other message it is just a reaction (None)."""
    conversation = card_clicked(session=session, channel=channel, ts=ts, value=None)
    if isinstance(conversation, CardRefusal) or conversation.id is None:
        keep_if_early(session=session, channel=channel, ts=ts, kind="reaction", payload={"user": user},
                      lanes=lanes, now=now)
        return None
    outcome = ownership.claim(session=session, conversation_id=conversation.id, user=user, lanes=lanes,
                              now=now, via="reaction")
    if not outcome.ok:
        tell(session=session, channel=channel, user=user, text=outcome.text, now=now, conversation_id=conversation.id)
    return outcome
