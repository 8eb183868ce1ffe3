"""App Home and availability: the Home tab is published when a rep opens it; `/wa-away` and
the Home's switch change the rep's availability, answer at once, then republish the Home.

The availability change is stored before Slack is answered, so the answer is true; the
republish runs as a Bolt lazy listener (on Bolt's executor, after the answer went out), so
a slow `views.publish` never holds up the 3-second acknowledgement.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App

from bot.conversations.availability import change_away
from bot.delivery.home_jobs import publish_home_of
from bot.delivery.retry import Retry
from bot.deps import Deps
from bot.errors import StoreUnavailable
from bot.slack import ids, notes
from bot.slack.home import AWAY_VALUE, BACK_VALUE

log = logging.getLogger(__name__)

_AWAY_WORDS = frozenset({"on", "away"})
_BACK_WORDS = frozenset({"off", "back"})


def register(app: App, deps: Deps) -> None:
    def set_availability(user: str, wanted: bool | None, trigger: str | None = None) -> bool | None:
        """Store `user` as away (`wanted`), or switch it when `wanted` is None; the new state,
        or None when the database failed (logged)."""
        now = deps.clock.now()
        try:
            return deps.db.transaction(lambda session: change_away(session=session, user=user, wanted=wanted, now=now,
                                                                          trigger=trigger))
        except StoreUnavailable:
            log.exception("availability of %s not changed", user)
            return None

    def republish(user: str | None) -> None:
        if not user:
            return
        try:
            publish_home_of(deps, user)
        except Retry as exc:
            log.warning("Home of %s not published: %s", user, exc.reason)

    @app.event("app_home_opened")
    def handle_app_home_opened(event: dict[str, Any]) -> None:
        if event.get("tab") != "home":
            return  # the Messages tab, if it is ever enabled
        republish(event.get("user"))

    def handle_away_command(ack: Ack, command: dict[str, Any]) -> None:
        words = (command.get("text") or "").strip().lower()
        if words and words not in _AWAY_WORDS | _BACK_WORDS:
            ack(text=notes.AWAY_USAGE)
            return
        wanted = True if words in _AWAY_WORDS else False if words in _BACK_WORDS else None
        trigger = command.get("trigger_id")
        away = set_availability(command["user_id"], wanted, trigger if isinstance(trigger, str) else None)
        ack(text=notes.AVAILABILITY_FAILED if away is None else notes.AWAY_TEXT if away else notes.BACK_TEXT)

    def republish_after_command(command: dict[str, Any]) -> None:
        republish(command.get("user_id"))

    app.command(ids.AWAY_COMMAND)(ack=handle_away_command, lazy=[republish_after_command])

    def handle_away_button(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        """The button says what it sets ("away" / "back"), so a double click changes nothing more."""
        user = (body.get("user") or {}).get("id")
        value = action.get("value")
        if user and value in (AWAY_VALUE, BACK_VALUE):
            set_availability(user, value == AWAY_VALUE)
        else:
            log.warning("Home switch ignored: user %r, value %r", user, value)
        ack()

    def republish_after_button(body: dict[str, Any]) -> None:
        republish((body.get("user") or {}).get("id"))

    app.action(ids.HOME_AWAY)(ack=handle_away_button, lazy=[republish_after_button])
