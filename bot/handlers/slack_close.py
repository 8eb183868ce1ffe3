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

from bot.conversations import closing, ownership
from bot.conversations.cards import CardRefusal, card_clicked, contact_label, tell
from bot.conversations.confirmation import can_confirm
from bot.deps import Deps
from bot.handlers.slack_team import action_is_external
from bot.slack import ids, notes, permission_notes
from bot.slack.modals import close_modal, read_close_submission
from bot.slack.to_whatsapp import from_mrkdwn
from bot.store import Session

log = logging.getLogger(__name__)
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
        if action_is_external(deps.settings, body):
            _tell(deps, channel, user, permission_notes.EXTERNAL_ACTION, None)
            return
        value = _text(action.get("value")) or ""

        def check(session: Session) -> tuple[ownership.Outcome, int, str, bool]:
            conversation = card_clicked(session=session, channel=channel, ts=ts, value=value)
            if isinstance(conversation, CardRefusal) or conversation.id is None:
                text = conversation.text if isinstance(conversation, CardRefusal) else notes.CARD_NOT_CURRENT
                return ownership.Outcome(False, text), 0, "", False
            verdict = closing.can_close(session=session, conversation_id=conversation.id, user=user,
                                          lanes=deps.lanes)
            if verdict.ok and not deps.lanes.outcomes:
                verdict = ownership.Outcome(False, notes.NO_OUTCOMES)
            confirm = can_confirm(deps.lanes, conversation)
            return verdict, conversation.id, contact_label(session, conversation) if verdict.ok else "", confirm

        verdict, conversation_id, contact, confirm = deps.db.read(check)
        if not verdict.ok:
            _tell(deps, channel, user, verdict.text, conversation_id or None)
            return
        try:  # the trigger id lasts 3 seconds: the one Slack call that cannot wait for the outbox
            client.views_open(trigger_id=body.get("trigger_id") or "",
                              view=close_modal(conversation_id, contact, deps.lanes.outcomes, confirm))
        except SlackApiError as exc:
            log.warning("could not open the close modal: %s", exc.response.get("error"))
            _tell(deps, channel, user, notes.SLOW_TRIGGER, conversation_id)

    @app.view(ids.CLOSE_VIEW)
    def submit_close(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        user = _text((body.get("user") or {}).get("id"))
        plan, errors = read_close_submission(view, deps.lanes.outcomes)
        if plan is None or user is None:
            ack(response_action="errors", errors=errors or {ids.CLOSE_OUTCOME_BLOCK: "Unknown user"})
            return
        if action_is_external(deps.settings, body):
            ack(response_action="errors", errors={ids.CLOSE_OUTCOME_BLOCK: permission_notes.EXTERNAL_ACTION})
            return
        verdict = deps.db.transaction(lambda session: closing.close(
            session=session, conversation_id=plan.conversation_id, user=user, outcome=plan.outcome,
            note=plan.note, closing_message=plan.closing_message, lanes=deps.lanes, now=deps.clock.now(),
            confirm=plan.confirm))
        if not verdict.ok:
            ack(response_action="errors", errors={ids.CLOSE_OUTCOME_BLOCK: _plain(verdict.text)})
            return
        ack()
        deps.wake()


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _plain(mrkdwn: str) -> str:
    """An Outcome's mrkdwn as the plain text Slack shows under a field."""
    text = _BOLD.sub(r"\1", from_mrkdwn(mrkdwn))
    return text if len(text) <= ERROR_TEXT_LIMIT else text[: ERROR_TEXT_LIMIT - 1] + "…"


def _tell(deps: Deps, channel: str, user: str, text: str, conversation_id: int | None) -> None:
    deps.db.transaction(lambda session: tell(session=session, channel=channel, user=user, text=text,
                                             now=deps.clock.now(), conversation_id=conversation_id))
    deps.wake()
