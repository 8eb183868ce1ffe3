"""The card's controls. Every action is resolved from the card message it came from:
an action on a card that is no longer current, or whose value does not match its card,
changes nothing and is explained to the person (ephemerally)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App

from bot.conversations.card_actions import CHANGES, card_action, eyes_on
from bot.conversations.cards import tell
from bot.deps import Deps
from bot.handlers.slack_team import action_is_external
from bot.slack import permission_notes
from bot.store import Session

log = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    for action_id in CHANGES:
        app.action(action_id)(_card_action(deps, action_id))

    @app.event("reaction_added")
    def handle_reaction_added(event: dict[str, Any]) -> None:
        """👀 on a card claims it (a shortcut many Slack teams use)."""
        item = event.get("item") or {}
        if event.get("reaction") != "eyes" or item.get("type") != "message" or not isinstance(event.get("user"), str):
            return
        channel, ts, user = item.get("channel"), item.get("ts"), event["user"]
        if not isinstance(channel, str) or not isinstance(ts, str):
            return
        deps.db.transaction(lambda session: eyes_on(session=session, channel=channel, ts=ts, user=user,
                                                    lanes=deps.lanes, now=deps.clock.now()))
        deps.wake()


def _card_action(deps: Deps, action_id: str) -> Callable[..., None]:
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
            card_action(session=session, channel=channel, ts=ts, action_id=action_id, value=value,
                        is_button=action.get("type") == "button", user=user, lanes=deps.lanes, now=now)

        deps.db.transaction(act)
        deps.wake()

    return handle_card_action
