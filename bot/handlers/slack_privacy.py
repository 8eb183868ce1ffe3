"""The leads' message shortcut "Erase customer data": used on a card or a message in its
thread, it erases that customer (bot/conversations/privacy.py); the Slack side follows
through the outbox. Anyone else is told, ephemerally, that only leads may."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App

from bot.conversations import permissions, privacy
from bot.conversations.cards import tell
from bot.deps import Deps
from bot.handlers.slack_team import action_is_external
from bot.slack import ids, permission_notes
from bot.store import Session

log = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    @app.shortcut(ids.ERASE_SHORTCUT)
    def erase_customer(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        user = (body.get("user") or {}).get("id")
        channel = (body.get("channel") or {}).get("id")
        message = body.get("message") or {}
        ts = message.get("thread_ts") or message.get("ts")
        if not (isinstance(user, str) and isinstance(channel, str) and isinstance(ts, str)):
            return
        allowed = permissions.may_erase(deps.lanes, user, external=action_is_external(deps.settings, body))

        def act(session: Session) -> None:
            now = deps.clock.now()
            if not allowed:
                text = permission_notes.ERASE_REFUSED
            else:
                done = privacy.erase_for_card(session=session, channel=channel, ts=ts, now=now, actor=user)
                text = permission_notes.ERASE_NOT_A_CARD if done is None else permission_notes.ERASE_QUEUED
            tell(session=session, channel=channel, user=user, text=text, now=now)

        deps.db.transaction(act)
        log.info("erase shortcut by %s in %s: %s", user, channel, "done" if allowed else "refused")
        deps.wake()
