"""The card's controls. Every action is resolved from the card message it came from:
an action on a card that is no longer current, or whose value does not match its card,
changes nothing and is explained to the person (ephemerally)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot import ownership
from bot.deps import Deps
from bot.ownership import Outcome
from bot.slack import ids

log = logging.getLogger(__name__)

NOT_CURRENT = "This card is no longer current (the conversation moved or closed): use the latest card."
TAMPERED = "That action does not belong to this card; nothing was changed."

# (session, conversation id, acting user, the action's value) → what to tell the user
Change = Callable[..., Outcome]


def register(app: App, deps: Deps) -> None:
    def claim(session: Session, conversation_id: int, user: str, _value: str) -> Outcome:
        return ownership.claim(session=session, conversation_id=conversation_id, user=user, lanes=deps.lanes,
                               now=deps.clock.now())

    def release(session: Session, conversation_id: int, user: str, _value: str) -> Outcome:
        return ownership.release(session=session, conversation_id=conversation_id, user=user, lanes=deps.lanes,
                                 now=deps.clock.now())

    def label(session: Session, conversation_id: int, user: str, value: str) -> Outcome:
        chosen = ids.parse_label_value(value, deps.lanes.labels)
        if chosen is None:
            return Outcome(False, "That label is not in the lanes file.")
        return ownership.set_label(session=session, conversation_id=conversation_id, user=user, label=chosen,
                                   lanes=deps.lanes, now=deps.clock.now())

    def status(session: Session, conversation_id: int, user: str, value: str) -> Outcome:
        return ownership.set_status(session=session, conversation_id=conversation_id, user=user, status=value,
                                    lanes=deps.lanes, now=deps.clock.now())

    def reassign(session: Session, conversation_id: int, user: str, value: str) -> Outcome:
        return ownership.reassign(session=session, conversation_id=conversation_id, user=user, to_user=value,
                                  lanes=deps.lanes, now=deps.clock.now())

    def move(session: Session, conversation_id: int, user: str, value: str) -> Outcome:
        return ownership.move(session=session, conversation_id=conversation_id, user=user, lane_name=value,
                              lanes=deps.lanes, now=deps.clock.now())

    def remind(session: Session, conversation_id: int, user: str, value: str) -> Outcome:
        return ownership.set_followup(session=session, conversation_id=conversation_id, user=user, choice=value,
                                      lanes=deps.lanes, now=deps.clock.now())

    def remind_at(session: Session, conversation_id: int, user: str, value: str) -> Outcome:
        return ownership.set_followup(session=session, conversation_id=conversation_id, user=user,
                                      choice=f"at:{value}", lanes=deps.lanes, now=deps.clock.now())

    for action_id, change in ((ids.REMIND_AT, remind_at), (ids.CLAIM, claim), (ids.RELEASE, release), (ids.LABEL, label),
                              (ids.STATUS, status), (ids.REASSIGN, reassign), (ids.MOVE, move),
                              (ids.REMIND, remind)):
        app.action(action_id)(_card_action(deps, change))

    @app.event("reaction_added")
    def handle_reaction_added(event: dict[str, Any], client: WebClient) -> None:
        """👀 on a card claims it (a shortcut many Slack teams use)."""
        item = event.get("item") or {}
        if event.get("reaction") != "eyes" or item.get("type") != "message" or not isinstance(event.get("user"), str):
            return
        channel, ts, user = item.get("channel"), item.get("ts"), event["user"]
        if not isinstance(channel, str) or not isinstance(ts, str):
            return

        def act(session: Session) -> Outcome | None:
            conversation = ownership.card_at(session=session, channel=channel, ts=ts)
            if conversation is None or conversation.id is None:
                return None
            return ownership.claim(session=session, conversation_id=conversation.id, user=user, lanes=deps.lanes,
                                   now=deps.clock.now(), via="reaction")

        outcome = deps.db.transaction(act)
        if outcome is not None:
            deps.wake()
            if not outcome.ok:
                _tell(client, channel, user, outcome.text)


def _card_action(deps: Deps, change: Change) -> Callable[..., None]:
    def handle_card_action(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
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

        def act(session: Session) -> Outcome:
            conversation = ownership.card_at(session=session, channel=channel, ts=ts)
            if conversation is None or conversation.id is None:
                return Outcome(False, NOT_CURRENT)
            if action.get("type") == "button" and ids.parse_card_value(value) != conversation.id:
                return Outcome(False, TAMPERED)
            return change(session, conversation.id, user, value)

        outcome = deps.db.transaction(act)
        deps.wake()
        if not outcome.ok or action.get("action_id") in (ids.CLAIM, ids.RELEASE):
            _tell(client, channel, user, outcome.text)

    return handle_card_action


def _tell(client: WebClient, channel: str, user: str, text: str) -> None:
    try:
        client.chat_postEphemeral(channel=channel, user=user, text=text)
    except SlackApiError as exc:
        log.warning("could not answer %s: %s", user, exc.response.get("error"))
