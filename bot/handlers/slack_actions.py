"""The card's controls. Every action is resolved from the card message it came from:
an action on a card that is no longer current, or whose value does not match its card,
changes nothing and is explained to the person (ephemerally)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App

from bot.conversations import closing, ownership
from bot.conversations.cards import CardRefusal, card_clicked, tell
from bot.conversations.ownership import Outcome
from bot.deps import Deps
from bot.handlers.slack_team import action_is_external
from bot.slack import ids, notes, permission_notes
from bot.store import Session

log = logging.getLogger(__name__)

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


def read_value(action_id: str, raw: str, deps: Deps) -> str | None:
    """The action's value as the change expects it; None when it cannot be one."""
    if action_id == ids.LABEL:
        return ids.parse_label_value(raw, deps.lanes.labels)
    if action_id == ids.REMIND_AT:
        return f"at:{raw}"  # a custom time from the date-time picker (Unix seconds)
    return raw


def register(app: App, deps: Deps) -> None:
    for action_id, (change, keyword) in CHANGES.items():
        app.action(action_id)(_card_action(deps, action_id, change, keyword))

    @app.event("reaction_added")
    def handle_reaction_added(event: dict[str, Any]) -> None:
        """👀 on a card claims it (a shortcut many Slack teams use)."""
        item = event.get("item") or {}
        if event.get("reaction") != "eyes" or item.get("type") != "message" or not isinstance(event.get("user"), str):
            return
        channel, ts, user = item.get("channel"), item.get("ts"), event["user"]
        if not isinstance(channel, str) or not isinstance(ts, str):
            return

        def act(session: Session) -> Outcome | None:
            conversation = card_clicked(session=session, channel=channel, ts=ts, value=None)
            if isinstance(conversation, CardRefusal) or conversation.id is None:
                return None  # 👀 on any other message is just a reaction
            now = deps.clock.now()
            outcome = ownership.claim(session=session, conversation_id=conversation.id, user=user, lanes=deps.lanes,
                                      now=now, via="reaction")
            if not outcome.ok:
                tell(session=session, channel=channel, user=user, text=outcome.text, now=now,
                     conversation_id=conversation.id)
            return outcome

        if deps.db.transaction(act) is not None:
            deps.wake()


def _card_action(deps: Deps, action_id: str, change: Change, keyword: str | None) -> Callable[..., None]:
    def handle_card_action(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()
        container = body.get("container") or {}
        channel, ts = container.get("channel_id"), container.get("message_ts")
        user = (body.get("user") or {}).get("id")
        if not (isinstance(channel, str) and isinstance(ts, str) and isinstance(user, str) and channel and ts and user):
            log.info("card action without a card or a user ignored")
            return
        value = (action.get("value") or (action.get("selected_option") or {}).get("value")
                 or action.get("selected_date_time") or "")
        value = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""

        external = action_is_external(deps.settings, body)

        def act(session: Session) -> None:
            now = deps.clock.now()
            if external:  # never acts, whatever the lanes file says
                tell(session=session, channel=channel, user=user, text=permission_notes.EXTERNAL_ACTION, now=now)
                return
            conversation = card_clicked(session=session, channel=channel, ts=ts,
                                        value=value if action.get("type") == "button" else None)
            outcome = _apply(session, conversation, now)
            if not outcome.ok or action_id in (ids.CLAIM, ids.RELEASE):
                about = None if isinstance(conversation, CardRefusal) else conversation.id
                tell(session=session, channel=channel, user=user, text=outcome.text, now=now, conversation_id=about)

        def _apply(session: Session, conversation: Any, now: Any) -> Outcome:
            if isinstance(conversation, CardRefusal) or conversation.id is None:
                return Outcome(False, conversation.text if isinstance(conversation, CardRefusal)
                               else notes.CARD_NOT_CURRENT)
            argument = read_value(action_id, value, deps)
            if keyword is not None and argument is None:
                return Outcome(False, notes.LABEL_NOT_OFFERED)
            extra = {keyword: argument} if keyword is not None else {}
            return change(session=session, conversation_id=conversation.id, user=user, lanes=deps.lanes,
                          now=now, **extra)

        deps.db.transaction(act)
        deps.wake()

    return handle_card_action
