"""Send an approved template from the thread: the not-sent note's **Send a template**
button opens the modal (``views.open`` while the trigger id is fresh), choosing another
template re-renders it (``views.update`` of the view the person is looking at), and the
submission queues the send (`conversations.outreach.queue_template`) or answers field errors.

The template list comes from the cached catalogue (`deps.templates`), warmed by the job
that posted the note, so the modal opens within Slack's 3 seconds.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.conversations import outreach
from bot.conversations.cards import tell
from bot.deps import Deps
from bot.slack import ids, notes, template_ui
from bot.whatsapp import templates as tpl

log = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    @app.action(template_ui.SEND_TEMPLATE)
    def open_template_modal(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        user = (body.get("user") or {}).get("id")
        channel = (body.get("container") or {}).get("channel_id") or (body.get("channel") or {}).get("id")
        conversation_id = ids.parse_card_value(str(action.get("value") or ""))
        if not isinstance(user, str) or not isinstance(channel, str) or conversation_id is None:
            return
        found = deps.db.read(lambda session: outreach.template_context(
            session=session, conversation_id=conversation_id, user=user, lanes=deps.lanes))
        if isinstance(found, str):
            _tell(deps, channel, user, found, conversation_id)
            return
        customer, language, known = found.customer, found.language, dict(found.known)
        known["rep"] = deps.names(user) or ""
        offered = tpl.offered(deps.templates.templates(deps.clock.now()), language)
        chosen = offered[0] if offered else None
        view = template_ui.template_modal(conversation_id, customer, language, offered, chosen,
                                          tpl.prefill(chosen, known) if chosen else {})
        try:  # the trigger id lasts 3 seconds
            client.views_open(trigger_id=body.get("trigger_id") or "", view=view)
        except SlackApiError as exc:
            log.warning("could not open the template modal: %s", exc.response.get("error"))
            _tell(deps, channel, user, notes.SLOW_TRIGGER, conversation_id)

    @app.action(template_ui.TEMPLATE_PICK)
    def pick_template(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        view = body.get("view") or {}
        user = (body.get("user") or {}).get("id")
        conversation_id, _ = template_ui.read_metadata(view)
        if conversation_id is None or not isinstance(user, str):
            return
        found = deps.db.read(lambda session: outreach.template_context(
            session=session, conversation_id=conversation_id, user=user, lanes=deps.lanes))
        if isinstance(found, str):
            return
        customer, language, known = found.customer, found.language, dict(found.known)
        known["rep"] = deps.names(user) or ""
        offered = tpl.offered(deps.templates.templates(deps.clock.now()), language)
        chosen = next((t for t in offered if t.sid == template_ui.picked_sid(view)), None)
        values = tpl.prefill(chosen, known) if chosen else {}
        try:
            client.views_update(view_id=view.get("id"), hash=view.get("hash"),
                                view=template_ui.template_modal(conversation_id, customer, language, offered,
                                                                chosen, values))
        except SlackApiError as exc:  # hash_conflict: the person changed something meanwhile
            log.info("template modal not updated: %s", exc.response.get("error"))

    @app.view(template_ui.TEMPLATE_VIEW)
    def submit_template(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        user = (body.get("user") or {}).get("id")
        conversation_id, _ = template_ui.read_metadata(view)
        language = deps.db.read(lambda session: outreach.customer_language(
            session=session, conversation_id=conversation_id)) if conversation_id else None
        offered = tpl.offered(deps.templates.templates(deps.clock.now()), language)
        choice, errors = template_ui.read_submission(view, offered)
        if choice is None or not isinstance(user, str):
            ack(response_action="errors", errors=errors or {template_ui.TEMPLATE_PICK_BLOCK: "Unknown user"})
            return
        template = next(t for t in offered if t.sid == choice.sid)
        outcome = deps.db.transaction(lambda session: outreach.queue_template(
            session=session, conversation_id=choice.conversation_id, user=user, template=template,
            values=choice.values, lanes=deps.lanes, now=deps.clock.now()))
        if not outcome.ok:
            ack(response_action="errors", errors={template_ui.TEMPLATE_PICK_BLOCK: outcome.text.replace("*", "")[:300]})
            return
        ack()
        deps.wake()


def _tell(deps: Deps, channel: str, user: str, text: str, conversation_id: int | None) -> None:
    deps.db.transaction(lambda session: tell(session=session, channel=channel, user=user, text=text,
                                             now=deps.clock.now(), conversation_id=conversation_id))
    deps.wake()
