"""Suggested replies and saved replies from the thread.

**Suggest reply** (on the knowledge-base note) queues a private draft; **Saved reply** (a
button on that note, or the message shortcut on any message of a card's thread) opens the
picker modal, whose submission queues the private draft of the reply chosen. A draft's
**Send** queues it as the rep's reply (`outreach.queue_composed`: authored, signed and
counted like a typed reply), once per draft; **Edit** opens it in a modal whose submission
sends the edited text. Drafts are composed by the worker (`delivery/assist_jobs`).
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.assist.library import saved_replies
from bot.conversations import drafting, outreach
from bot.conversations.cards import tell
from bot.conversations.changes import Outcome
from bot.deps import Deps
from bot.slack import assist_ui, notes
from bot.store import Session

log = logging.getLogger(__name__)
ALREADY_SENT = "This draft was sent already."


def register(app: App, deps: Deps) -> None:
    @app.action(assist_ui.SUGGEST_REPLY)
    def suggest_reply(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()
        user, channel = _user(body), _channel(body)
        pair = assist_ui.parse_pair(str(action.get("value") or ""))
        if user is None or channel is None or pair is None:
            return
        conversation_id, message_id = pair
        deps.db.transaction(lambda session: drafting.queue_draft(
            session=session, conversation_id=conversation_id, message_id=message_id, user=user, channel=channel,
            kind="kb", now=deps.clock.now()))
        deps.wake()

    @app.action(assist_ui.SAVED_REPLY)
    def saved_reply_button(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        pair = assist_ui.parse_pair(str(action.get("value") or ""))
        if pair is not None:
            _open_picker(deps, client, body, pair[0], pair[1])

    @app.shortcut(assist_ui.SAVED_REPLY_SHORTCUT)
    def saved_reply_shortcut(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        channel, message = _channel(body), body.get("message") or {}
        ts = message.get("thread_ts") or message.get("ts")
        if channel is None or not isinstance(ts, str):
            return
        conversation_id = deps.db.read(lambda session: drafting.conversation_at(session=session, channel=channel,
                                                                                 ts=ts))
        if conversation_id is None:
            user = _user(body)
            if user is not None:
                _tell(deps, channel, user, "Saved replies work in the thread of a WhatsApp conversation.", None)
            return
        _open_picker(deps, client, body, conversation_id, None)

    @app.view(assist_ui.PICK_VIEW)
    def picked(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        conversation_id, message_id, key = assist_ui.read_pick(view)
        user = _user(body)
        if conversation_id is None or key is None or user is None:
            ack(response_action="errors", errors={assist_ui.PICK_BLOCK: "Choose a saved reply"})
            return
        ack()
        facts = deps.db.read(lambda session: drafting.draft_facts(session=session, conversation_id=conversation_id))
        if facts is None:
            return
        deps.db.transaction(lambda session: drafting.queue_draft(
            session=session, conversation_id=conversation_id, message_id=message_id, user=user,
            channel=facts.channel, kind="reply", reply_key=key, now=deps.clock.now()))
        deps.wake()

    @app.action(assist_ui.DRAFT_SEND)
    def send_draft(ack: Ack, body: dict[str, Any], action: dict[str, Any]) -> None:
        ack()
        user, channel = _user(body), _channel(body)
        found = assist_ui.parse_draft(str(action.get("value") or ""))
        if user is None or channel is None or found is None or found.text is None:
            return
        draft = found
        outcome = deps.db.transaction(lambda session: _send(deps, session, draft, user))
        if not outcome.ok:
            _tell(deps, channel, user, outcome.text, draft.conversation_id)
        deps.wake()

    @app.action(assist_ui.DRAFT_EDIT)
    def edit_draft(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        draft = assist_ui.parse_draft(str(action.get("value") or ""))
        if draft is None:
            return
        try:  # the trigger id lasts 3 seconds
            client.views_open(trigger_id=body.get("trigger_id") or "", view=assist_ui.edit_modal(draft))
        except SlackApiError as exc:
            log.warning("could not open the edit modal: %s", exc.response.get("error"))

    @app.view(assist_ui.EDIT_VIEW)
    def submit_edit(ack: Ack, body: dict[str, Any], view: dict[str, Any]) -> None:
        found, errors = assist_ui.read_edit(view)
        user = _user(body)
        if found is None or user is None:
            ack(response_action="errors", errors=errors or {assist_ui.EDIT_BLOCK: "Unknown user"})
            return
        draft = found
        outcome = deps.db.transaction(lambda session: _send(deps, session, draft, user))
        if not outcome.ok:
            ack(response_action="errors", errors={assist_ui.EDIT_BLOCK: outcome.text.replace("*", "")[:300]})
            return
        ack()
        deps.wake()


def _send(deps: Deps, session: Session, draft: assist_ui.Draft, user: str) -> Outcome:
    now = deps.clock.now()
    if drafting.nonce_used(session=session, nonce=draft.nonce):
        return Outcome(False, ALREADY_SENT)
    outcome = outreach.queue_composed(session=session, conversation_id=draft.conversation_id, user=user,
                                      text=draft.text or "", source=draft.source, lanes=deps.lanes, now=now)
    if outcome.ok:
        drafting.mark_nonce(session=session, nonce=draft.nonce, now=now)
    return outcome


def _open_picker(deps: Deps, client: WebClient, body: dict[str, Any], conversation_id: int,
                 message_id: int | None) -> None:
    facts = deps.db.read(lambda session: drafting.draft_facts(session=session, conversation_id=conversation_id))
    if facts is None:
        return
    language = (facts.language or "en")[:2]
    offered = [(r.key, r.title) for r in saved_replies(deps.settings.replies_dir)
               if r.for_lane(facts.lane) and r.text_in(language) is not None]
    try:  # the trigger id lasts 3 seconds
        client.views_open(trigger_id=body.get("trigger_id") or "",
                          view=assist_ui.pick_modal(conversation_id, message_id, offered))
    except SlackApiError as exc:
        log.warning("could not open the saved-reply picker: %s", exc.response.get("error"))
        user = _user(body)
        if user is not None:
            _tell(deps, facts.channel, user, notes.SLOW_TRIGGER, conversation_id)


def _user(body: dict[str, Any]) -> str | None:
    user = (body.get("user") or {}).get("id")
    return user if isinstance(user, str) and user else None


def _channel(body: dict[str, Any]) -> str | None:
    channel = (body.get("container") or {}).get("channel_id") or (body.get("channel") or {}).get("id")
    return channel if isinstance(channel, str) and channel else None


def _tell(deps: Deps, channel: str, user: str, text: str, conversation_id: int | None) -> None:
    deps.db.transaction(lambda session: tell(session=session, channel=channel, user=user, text=text,
                                             now=deps.clock.now(), conversation_id=conversation_id))
    deps.wake()
