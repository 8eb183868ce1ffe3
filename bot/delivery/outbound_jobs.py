"""Show a reply that did not start as a Slack message (a template, a saved reply, a draft)
in its thread, and keep the post's ts on the message so delivery marks land on it."""

from __future__ import annotations

from bot.conversations.kinds import OUTBOUND_POST
from bot.delivery.retry import Retry
from bot.delivery.slack_jobs import slack_call
from bot.deps import Deps
from bot.slack.template_ui import composed_text, sent_text
from bot.store import Session
from bot.store.models import Conversation, Message, OutboxJob


def post_outbound(deps: Deps, job: OutboxJob) -> None:
    def load(session: Session) -> tuple[Message, Conversation]:
        message = session.get(Message, job.message_id)
        conversation = session.get(Conversation, message.conversation_id) if message else None
        if message is None or conversation is None:
            raise Retry(f"outbound message {job.message_id} not found", delay=3600)
        return message, conversation

    message, conversation = deps.db.read(load)
    if message.slack_ts:
        return  # shown already
    if not conversation.thread_ts:
        raise Retry("the card is not posted yet", delay=5)
    payload = job.payload or {}
    if message.content_sid:
        text = sent_text(str(payload.get("template") or "template"), message.author, message.body)
    else:
        text = composed_text(str(payload.get("source") or "reply"), message.author, message.body)
    response = slack_call(deps.slack.chat_postMessage, channel=conversation.channel, thread_ts=conversation.thread_ts,
                          text=text, unfurl_links=False, unfurl_media=False)
    ts = response.get("ts") if response is not None else None

    def record(session: Session) -> None:
        stored = session.get(Message, message.id)
        if stored is not None and isinstance(ts, str):
            stored.slack_ts = ts
            session.add(stored)

    deps.db.transaction(record)


RUNNERS = {OUTBOUND_POST: post_outbound}
