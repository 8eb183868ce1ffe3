"""Jobs that post in a card's thread (the customer's text and media, notes), messages outside
any thread, ephemeral answers and reactions. Cards themselves: bot/delivery/card_jobs.py."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.conversations.kinds import (
    EPHEMERAL,
    NOTE,
    POST,
    POST_MEDIA,
    POST_TEXT,
    REACT,
)
from bot.delivery import media
from bot.delivery.once import post_once
from bot.delivery.retry import TRANSIENT_NETWORK_ERRORS, Dead, Retry, slack_retry
from bot.deps import Deps
from bot.slack.blocks import render_media_note
from bot.slack.customer import render_customer_message
from bot.store import Session, repo
from bot.store.models import Contact, Conversation, Message, OutboxJob

log = logging.getLogger(__name__)

LEASE_RENEWAL = timedelta(seconds=30)


def post_text(deps: Deps, job: OutboxJob) -> None:
    """Post the customer's text in the card's thread, split into as many posts as it needs.
    Progress is saved after each post, so a retry continues where it stopped."""
    message, conversation, contact = deps.db.read(lambda session: _with_contact(session, job.message_id))
    thread_ts = _thread(deps, conversation)
    posted = int((job.payload or {}).get("posted", 0))
    name = contact.profile_name if contact is not None else None
    for index, (text, blocks) in enumerate(render_customer_message(message.body, name)):
        if index < posted:
            continue
        response = post_once(deps, job, part=index, channel=conversation.channel, thread_ts=thread_ts,
                             text=text, blocks=blocks, unfurl_links=False, unfurl_media=False)
        _save_progress(deps, job, {"posted": index + 1}, slack_ts=response["ts"] if index == 0 else None)


def post_media(deps: Deps, job: OutboxJob) -> None:
    """Bring one attachment over: download it from Twilio, upload it into the thread; if it
    cannot be downloaded, say so in the thread instead of leaving a silent gap."""
    message, conversation = deps.db.read(lambda session: _message_and_conversation(session, job.message_id))
    thread_ts = _thread(deps, conversation)
    index = int((job.payload or {}).get("index", 0))
    item = (message.media or [])[index]
    content_type = item.get("content_type", "application/octet-stream")
    try:
        content = media.download(deps, item["url"], attempt=job.attempts)
    except media.MediaUnavailable as exc:
        log.warning("media %s of message %s not brought over: %s", index, message.twilio_sid, exc)
        text, blocks = render_media_note(content_type, str(exc))
        post_once(deps, job, channel=conversation.channel, thread_ts=thread_ts, text=text, blocks=blocks)
        return
    uploaded = slack_call(
        deps.slack.files_upload_v2, channel=conversation.channel, thread_ts=thread_ts, content=content,
        filename=media.filename(message.twilio_sid or str(message.id), index, content_type),
        title=f"WhatsApp {media.kind(content_type)} from the customer",
    )
    _remember_file(deps, message.id, index, [f.get("id") for f in (uploaded.get("files") or [])])


def _remember_file(deps: Deps, message_id: int | None, index: int, file_ids: list[Any]) -> None:
    """Keep the uploaded file's id beside the attachment, so an erasure can delete it from Slack."""
    if not file_ids or not isinstance(file_ids[0], str):
        return

    def record(session: Session) -> None:
        stored = session.get(Message, message_id)
        if stored is not None and stored.media and index < len(stored.media):
            items = [dict(item) for item in stored.media]
            items[index]["slack_file"] = file_ids[0]
            stored.media = items
            session.add(stored)

    deps.db.transaction(record)


def post_note(deps: Deps, job: OutboxJob) -> None:
    """A bot note in the card's thread (a failed send, a closed window, a delivery problem)."""
    payload = job.payload or {}
    text = str(payload.get("text", ""))
    if payload.get("channel") and payload.get("thread_ts"):  # a thread other than the current card's
        channel, thread_ts = str(payload["channel"]), str(payload["thread_ts"])
    else:
        conversation = deps.db.read(lambda session: _get(session, Conversation, job.conversation_id))
        channel, thread_ts = conversation.channel, _thread(deps, conversation)
    blocks = payload.get("blocks") if isinstance(payload.get("blocks"), list) else None  # e.g. a button
    post_once(deps, job, channel=channel, thread_ts=thread_ts, text=text, blocks=blocks,
              unfurl_links=False, unfurl_media=False)


def post_message(deps: Deps, job: OutboxJob) -> None:
    """A message outside any card thread: an escalation, or a DM (the channel is a user id)."""
    payload = job.payload or {}
    post_once(deps, job, channel=str(payload["channel"]), text=str(payload.get("text", "")),
              unfurl_links=False, unfurl_media=False)


def add_reaction(deps: Deps, job: OutboxJob) -> None:
    """A mark on a message in the card's channel; one already there counts as done."""
    conversation = deps.db.read(lambda session: _get(session, Conversation, job.conversation_id))
    payload = job.payload or {}
    try:
        deps.slack.reactions_add(channel=conversation.channel, timestamp=payload["ts"], name=payload["name"])
    except SlackApiError as exc:
        if exc.response.get("error") in ("already_reacted", "message_not_found"):
            return
        raise slack_retry(exc, conversation.channel) from exc
    except TRANSIENT_NETWORK_ERRORS as exc:
        raise slack_retry(exc) from exc


def post_ephemeral(deps: Deps, job: OutboxJob) -> None:
    """An answer only one person sees (why a click changed nothing, who owns it now)."""
    payload = job.payload or {}
    try:
        deps.slack.chat_postEphemeral(channel=str(payload["channel"]), user=str(payload["user"]),
                                      text=str(payload.get("text", "")))
    except SlackApiError as exc:
        if exc.response.get("error") in ("user_not_in_channel", "channel_not_found", "not_in_channel"):
            log.info("ephemeral answer to %s not shown: %s", payload.get("user"), exc.response.get("error"))
            return  # nobody to show it to there: nothing to retry
        raise slack_retry(exc) from exc
    except TRANSIENT_NETWORK_ERRORS as exc:
        raise slack_retry(exc) from exc


RUNNERS = {EPHEMERAL: post_ephemeral, POST: post_message, POST_TEXT: post_text, POST_MEDIA: post_media,
           NOTE: post_note, REACT: add_reaction}


def _thread(deps: Deps, conversation: Conversation) -> str:
    if not conversation.thread_ts:
        # Jobs run in order, so the card job ran first. If its card is a dead letter (people
        # were told), this post cannot be shown either: it is dead too, quietly, and comes
        # back with `jobs retry --dead`. Otherwise wait for the card's result.
        if deps.db.read(lambda session: repo.card_job_state(session=session, conversation_id=conversation.id)) == "dead":
            raise Dead(f"conversation {conversation.id}: its card could not be posted", error="no_card",
                       channel=conversation.channel, quiet=True)
        raise Retry(f"conversation {conversation.id} has no card yet")
    return conversation.thread_ts


def slack_call(call: Any, **kwargs: Any) -> Any:
    channel = kwargs.get("channel")
    try:
        return call(**kwargs)
    except SlackApiError as exc:
        raise slack_retry(exc, channel if isinstance(channel, str) else None) from exc
    except TRANSIENT_NETWORK_ERRORS as exc:
        raise slack_retry(exc) from exc


def _save_progress(deps: Deps, job: OutboxJob, progress: dict[str, Any], *, slack_ts: str | None) -> None:
    def record(session: Session) -> None:
        stored = _get(session, OutboxJob, job.id)
        stored.payload = {**(stored.payload or {}), **progress}
        if stored.lease_until is not None:  # still working on it: keep the lease
            stored.lease_until = max(stored.lease_until, deps.clock.now() + LEASE_RENEWAL)
        session.add(stored)
        stored.in_flight_at = None  # the part's post is recorded
        job.in_flight_at = None
        if slack_ts is not None and job.message_id is not None:
            message = _get(session, Message, job.message_id)
            message.slack_ts = slack_ts
            session.add(message)

    deps.db.transaction(record)
    job.payload = {**(job.payload or {}), **progress}


def _message_and_conversation(session: Session, message_id: int | None) -> tuple[Message, Conversation]:
    message = _get(session, Message, message_id)
    return message, _get(session, Conversation, message.conversation_id)


def _with_contact(session: Session, message_id: int | None) -> tuple[Message, Conversation, Contact | None]:
    """One read for a thread post: the message, its conversation and the contact (for the name)."""
    message, conversation = _message_and_conversation(session, message_id)
    return message, conversation, session.get(Contact, conversation.contact_id)


def _get(session: Session, model: Any, key: int | None) -> Any:
    row = session.get(model, key) if key is not None else None
    if row is None:
        raise Retry(f"{model.__name__} {key} not found", delay=3600)
    return row
