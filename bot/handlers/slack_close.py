"""Close with an outcome: the card's Close button opens the modal, its submission closes.

Button (``ids.CLOSE``): ack, find the conversation from the card message clicked (a card
that is no longer current, or a button value that is not its conversation, changes
nothing), check that the clicker may close (owner or lead, not closed yet), then
``views.open`` while the trigger id is still fresh (3 s); or tell the clicker why not,
ephemerally. Submission (``ids.CLOSE_VIEW``): a missing or
unknown outcome, or a refusal found at submit time, is answered with Slack-style field
errors so the modal stays open; otherwise the close is committed and the modal closes.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.conversations import ownership
from bot.deps import Deps
from bot.slack import ids
from bot.slack.modals import close_modal, read_close_submission
from bot.slack.to_whatsapp import from_mrkdwn
from bot.store.models import Contact, Conversation

log = logging.getLogger(__name__)

NOT_CURRENT = "This card is no longer current (the conversation moved or closed): use the latest card."
TAMPERED = "That action does not belong to this card; nothing was changed."
NO_OUTCOMES = "No outcomes are configured (`[outcomes] names` in the lanes file), so nothing can be closed yet."
SLOW_TRIGGER = "Slack did not let me open the form in time; click Close again."
_BOLD = re.compile(r"\*([^*\n]+)\*")
ERROR_TEXT_LIMIT = 300  # field errors are plain text under the field; keep them short


def register(app: App, deps: Deps) -> None:
    @app.action(ids.CLOSE)
    def open_close_modal(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        container = body.get("container") or {}
        channel = _text(container.get("channel_id")) or _text((body.get("channel") or {}).get("id"))
        ts, user = _text(container.get("message_ts")), _text((body.get("user") or {}).get("id"))
        if channel is None or ts is None or user is None:
            log.info("Close without a card or a user ignored")
            return
        value = _text(action.get("value")) or ""

        def check(session: Session) -> tuple[ownership.Outcome, int, str]:
            conversation = ownership.card_at(session=session, channel=channel, ts=ts)
            if conversation is None or conversation.id is None:
                return ownership.Outcome(False, NOT_CURRENT), 0, ""
            if ids.parse_card_value(value) != conversation.id:
                return ownership.Outcome(False, TAMPERED), 0, ""
            verdict = ownership.can_close(session=session, conversation_id=conversation.id, user=user,
                                          lanes=deps.lanes)
            return verdict, conversation.id, _contact(session, conversation) if verdict.ok else ""

        verdict, conversation_id, contact = deps.db.read(check)
        if not verdict.ok:
            _tell(client, channel, user, verdict.text)
            return
        if not deps.lanes.outcomes:
            _tell(client, channel, user, NO_OUTCOMES)
            return
        try:
            client.views_open(trigger_id=body.get("trigger_id") or "",
                              view=close_modal(conversation_id, contact, deps.lanes.outcomes))
        except SlackApiError as exc:
            log.warning("could not open the close modal: %s", exc.response.get("error"))
            _tell(client, channel, user, SLOW_TRIGGER)

    @app.view(ids.CLOSE_VIEW)
    def submit_close(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        user = _text((body.get("user") or {}).get("id"))
        plan, errors = read_close_submission(view, deps.lanes.outcomes)
        if plan is None or user is None:
            ack(response_action="errors", errors=errors or {ids.CLOSE_OUTCOME_BLOCK: "Unknown user"})
            return
        verdict = deps.db.transaction(lambda session: ownership.close(
            session=session, conversation_id=plan.conversation_id, user=user, outcome=plan.outcome,
            note=plan.note, closing_message=plan.closing_message, lanes=deps.lanes, now=deps.clock.now()))
        if not verdict.ok:
            ack(response_action="errors", errors={ids.CLOSE_OUTCOME_BLOCK: _plain(verdict.text)})
            return
        ack()
        deps.wake()


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _contact(session: Session, conversation: Conversation) -> str:
    """How the modal names the customer (untrusted; the modal escapes it)."""
    contact = session.get(Contact, conversation.contact_id)
    if contact is None:
        return "this customer"
    return f"{contact.profile_name} ({contact.wa_id})" if contact.profile_name else contact.wa_id


def _plain(mrkdwn: str) -> str:
    """An Outcome's mrkdwn as the plain text Slack shows under a field."""
    text = _BOLD.sub(r"\1", from_mrkdwn(mrkdwn))
    return text if len(text) <= ERROR_TEXT_LIMIT else text[: ERROR_TEXT_LIMIT - 1] + "…"


def _tell(client: WebClient, channel: str, user: str, text: str) -> None:
    try:
        client.chat_postEphemeral(channel=channel, user=user, text=text)
    except SlackApiError as exc:
        log.warning("could not answer the Close button: %s", exc.response.get("error"))
