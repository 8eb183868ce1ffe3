"""Jobs that show a conversation in Slack: the card, the customer's text, the customer's media."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.conversations.kinds import (
    CARD,
    CARD_MOVED,
    CARD_UPDATE,
    EPHEMERAL,
    NOTE,
    POST,
    POST_MEDIA,
    POST_TEXT,
    REACT,
)
from bot.delivery import media
from bot.delivery.retry import TRANSIENT_NETWORK_ERRORS, Retry, slack_retry
from bot.deps import Deps
from bot.lanes import LanesConfig
from bot.routing.ladder import FOLLOWUP_CHOICES
from bot.slack import notes, triage_notes
from bot.slack.blocks import CardView, render_card, render_media_note, render_message
from bot.store import Session, repo
from bot.store.models import Contact, Conversation, Message, OutboxJob

log = logging.getLogger(__name__)

LEASE_RENEWAL = timedelta(seconds=30)


def card_view(conversation: Conversation, contact: Contact, lanes: LanesConfig,
              names: Callable[[str], str | None] = lambda _user: None,
              previous: Conversation | None = None) -> CardView:
    """The card of `conversation` as stored: the one place a card's content comes from."""
    assert conversation.id is not None
    lane = lanes.lane(conversation.lane) if lanes.has_lane(conversation.lane) else None
    referral = conversation.referral or {}
    notices = []
    if contact.opted_out:
        notices.append(notes.card_opted_out())
    if lane is not None and lane.alerts_only:
        notices.append(notes.card_alerts_only())
    if conversation.label_review:
        notices.append(triage_notes.pick_label(conversation.label_confidence))
    return CardView(
        conversation_id=conversation.id,
        contact_name=contact.profile_name,
        contact_number=contact.phone_e164 or contact.wa_id,
        lane=conversation.lane,
        label=conversation.label,
        score=conversation.score,
        owner=conversation.owner,
        status=conversation.status,
        reason=conversation.route_reason,
        labels=lanes.labels,
        entry_ref=conversation.entry_ref,
        referral=referral.get("Headline") or referral.get("Body"),
        opened_at=conversation.created_at,
        notices=tuple(notices),
        claimed_at=conversation.claimed_at,
        outcome=conversation.outcome,
        closed_by=conversation.closed_by,
        closed_at=conversation.closed_at,
        followup_at=conversation.followup_at,
        followup_choices=tuple(FOLLOWUP_CHOICES.items()),
        moved_from=conversation.moved_from,
        previous=(previous.permalink, previous.outcome or "closed") if previous and previous.permalink else None,
        members=tuple((member, names(member) or member) for member in lane.members) if lane else (),
        other_lanes=tuple(other.name for other in lanes.lanes if other.name != conversation.lane),
        label_confidence=conversation.label_confidence,
    )


def post_card(deps: Deps, job: OutboxJob) -> None:
    conversation, contact, previous = deps.db.read(lambda session: _card_rows(session, job.conversation_id))
    if conversation.thread_ts:
        return  # posted already: the job was interrupted after Slack answered
    text, blocks = render_card(card_view(conversation, contact, deps.lanes, deps.names, previous))
    response = slack_call(deps.slack.chat_postMessage, channel=conversation.channel, text=text, blocks=blocks,
                      unfurl_links=False, unfurl_media=False)
    now = deps.clock.now()
    permalink = _permalink(deps, response.get("channel") or conversation.channel, response["ts"])

    def record(session: Session) -> None:
        stored = _get(session, Conversation, conversation.id)
        stored.thread_ts = response["ts"]
        stored.channel = response.get("channel") or stored.channel
        stored.permalink = permalink
        session.add(stored)
        repo.add_event(session=session, kind="card_posted", at=now, conversation_id=stored.id,
                       data={"channel": stored.channel, "ts": stored.thread_ts})

    deps.db.transaction(record)


def update_card(deps: Deps, job: OutboxJob) -> None:
    """Push the card, rendered from the database now, with chat.update (last write wins)."""
    conversation, contact, previous = deps.db.read(lambda session: _card_rows(session, job.conversation_id))
    text, blocks = render_card(card_view(conversation, contact, deps.lanes, deps.names, previous))
    slack_call(deps.slack.chat_update, channel=conversation.channel, ts=_thread(conversation), text=text, blocks=blocks)


def mark_card_moved(deps: Deps, job: OutboxJob) -> None:
    """The card a lane move left behind: say where the conversation went; no controls."""
    payload = job.payload or {}
    text = notes.card_moved(str(payload.get("to_lane", "")))
    slack_call(deps.slack.chat_update, channel=payload["channel"], ts=payload["ts"], text=text,
           blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": text}}])


def _permalink(deps: Deps, channel: str, ts: str) -> str | None:
    try:
        return str(deps.slack.chat_getPermalink(channel=channel, message_ts=ts)["permalink"])
    except (SlackApiError, *TRANSIENT_NETWORK_ERRORS):
        log.warning("no permalink for %s/%s", channel, ts)
        return None


def post_text(deps: Deps, job: OutboxJob) -> None:
    """Post the customer's text in the card's thread, split into as many posts as it needs.
    Progress is saved after each post, so a retry continues where it stopped."""
    message, conversation = deps.db.read(lambda session: _message_and_conversation(session, job.message_id))
    thread_ts = _thread(conversation)
    posted = int((job.payload or {}).get("posted", 0))
    for index, (text, blocks) in enumerate(render_message(message.body)):
        if index < posted:
            continue
        response = slack_call(deps.slack.chat_postMessage, channel=conversation.channel, thread_ts=thread_ts,
                          text=text, blocks=blocks, unfurl_links=False, unfurl_media=False)
        _save_progress(deps, job, {"posted": index + 1}, slack_ts=response["ts"] if index == 0 else None)


def post_media(deps: Deps, job: OutboxJob) -> None:
    """Bring one attachment over: download it from Twilio, upload it into the thread; if it
    cannot be downloaded, say so in the thread instead of leaving a silent gap."""
    message, conversation = deps.db.read(lambda session: _message_and_conversation(session, job.message_id))
    thread_ts = _thread(conversation)
    index = int((job.payload or {}).get("index", 0))
    item = (message.media or [])[index]
    content_type = item.get("content_type", "application/octet-stream")
    try:
        content = media.download(deps, item["url"], attempt=job.attempts)
    except media.MediaUnavailable as exc:
        log.warning("media %s of message %s not brought over: %s", index, message.twilio_sid, exc)
        text, blocks = render_media_note(content_type, str(exc))
        slack_call(deps.slack.chat_postMessage, channel=conversation.channel, thread_ts=thread_ts, text=text, blocks=blocks)
        return
    slack_call(
        deps.slack.files_upload_v2, channel=conversation.channel, thread_ts=thread_ts, content=content,
        filename=media.filename(message.twilio_sid or str(message.id), index, content_type),
        title=f"WhatsApp {media.kind(content_type)} from the customer",
    )


def post_note(deps: Deps, job: OutboxJob) -> None:
    """A bot note in the card's thread (a failed send, a closed window, a delivery problem)."""
    payload = job.payload or {}
    text = str(payload.get("text", ""))
    if payload.get("channel") and payload.get("thread_ts"):  # a thread other than the current card's
        channel, thread_ts = str(payload["channel"]), str(payload["thread_ts"])
    else:
        conversation = deps.db.read(lambda session: _get(session, Conversation, job.conversation_id))
        channel, thread_ts = conversation.channel, _thread(conversation)
    blocks = payload.get("blocks") if isinstance(payload.get("blocks"), list) else None  # e.g. a button
    slack_call(deps.slack.chat_postMessage, channel=channel, thread_ts=thread_ts, text=text, blocks=blocks,
           unfurl_links=False, unfurl_media=False)


def post_message(deps: Deps, job: OutboxJob) -> None:
    """A message outside any card thread: an escalation, or a DM (the channel is a user id)."""
    payload = job.payload or {}
    slack_call(deps.slack.chat_postMessage, channel=str(payload["channel"]), text=str(payload.get("text", "")),
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
        raise slack_retry(exc) from exc
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


RUNNERS = {EPHEMERAL: post_ephemeral, POST: post_message, CARD: post_card, CARD_UPDATE: update_card, CARD_MOVED: mark_card_moved, POST_TEXT: post_text, POST_MEDIA: post_media, NOTE: post_note, REACT: add_reaction}


def _thread(conversation: Conversation) -> str:
    if not conversation.thread_ts:
        # Jobs run in order, so the card job ran first; if its result is missing, wait for it.
        raise Retry(f"conversation {conversation.id} has no card yet")
    return conversation.thread_ts


def slack_call(call: Any, **kwargs: Any) -> Any:
    try:
        return call(**kwargs)
    except SlackApiError as exc:
        raise slack_retry(exc) from exc
    except TRANSIENT_NETWORK_ERRORS as exc:
        raise slack_retry(exc) from exc


def _save_progress(deps: Deps, job: OutboxJob, progress: dict[str, Any], *, slack_ts: str | None) -> None:
    def record(session: Session) -> None:
        stored = _get(session, OutboxJob, job.id)
        stored.payload = {**(stored.payload or {}), **progress}
        if stored.lease_until is not None:  # still working on it: keep the lease
            stored.lease_until = max(stored.lease_until, deps.clock.now() + LEASE_RENEWAL)
        session.add(stored)
        if slack_ts is not None and job.message_id is not None:
            message = _get(session, Message, job.message_id)
            message.slack_ts = slack_ts
            session.add(message)

    deps.db.transaction(record)
    job.payload = {**(job.payload or {}), **progress}


def _card_rows(session: Session, conversation_id: int | None) -> tuple[Conversation, Contact, Conversation | None]:
    conversation = _get(session, Conversation, conversation_id)
    previous = session.get(Conversation, conversation.previous_id) if conversation.previous_id else None
    return conversation, _get(session, Contact, conversation.contact_id), previous


def _message_and_conversation(session: Session, message_id: int | None) -> tuple[Message, Conversation]:
    message = _get(session, Message, message_id)
    return message, _get(session, Conversation, message.conversation_id)


def _get(session: Session, model: Any, key: int | None) -> Any:
    row = session.get(model, key) if key is not None else None
    if row is None:
        raise Retry(f"{model.__name__} {key} not found", delay=3600)
    return row
