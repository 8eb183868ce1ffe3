"""A rep's message in a card's thread: what it is, and what to store and queue for it.

`parse_reply` (pure) keeps only people's messages inside a thread; `accept_reply` stores
the reply once (Slack retries and redeliveries share an `event_id` and a `(channel, ts)`)
and queues the WhatsApp send, or keeps it internal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from bot.conversations import permissions, timing
from bot.conversations.cards import tell
from bot.conversations.early import keep_if_early
from bot.conversations.kinds import CARD_UPDATE, NOTE, REACT, SEND
from bot.conversations.schedule import reschedule
from bot.conversations.scoring import rescore
from bot.lanes import LanesConfig
from bot.slack import notes, permission_notes
from bot.store import Session, repo
from bot.store.models import Contact, Conversation, Message, SlackEventSeen
from bot.whatsapp.media import problem as media_problem
from bot.whatsapp.split import split_text

PRIVATE_PREFIXES = ("private:",)
NOTE_MARK = "lock"  # 🔒 on a reply kept internal
# Subtypes that are a person's own message; every other subtype (bot_message,
# message_changed, message_deleted, channel_join, …) is never sent.
_PERSON_SUBTYPES = (None, "file_share", "thread_broadcast")


@dataclass(frozen=True)
class SlackFile:
    id: str
    mimetype: str | None
    size: int | None
    name: str


@dataclass(frozen=True)
class SlackReply:
    event_id: str | None
    channel: str
    ts: str
    thread_ts: str
    user: str
    text: str  # already turned into WhatsApp text
    files: tuple[SlackFile, ...] = ()
    external: bool = False  # the author belongs to another Slack team (Slack Connect)


def is_person_reply(event: dict[str, Any], *, bot_user_id: str | None = None) -> bool:
    """A human's new message inside a thread (not the parent, not a bot, not an edit)."""
    if event.get("type") != "message" or event.get("subtype") not in _PERSON_SUBTYPES:
        return False
    if event.get("bot_id") or event.get("bot_profile"):
        return False
    fields = [event.get(name) for name in ("user", "channel", "ts", "thread_ts")]
    if not all(isinstance(value, str) and 0 < len(value) <= 64 for value in fields):
        return False  # malformed: not something a person sent
    if not isinstance(event.get("text", ""), str):
        return False
    user, _channel, ts, thread_ts = fields
    return user != bot_user_id and thread_ts != ts


def files_of(event: dict[str, Any]) -> tuple[SlackFile, ...]:
    found = []
    for item in event.get("files") or []:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            size = item.get("size")
            found.append(SlackFile(id=item["id"], mimetype=item.get("mimetype"),
                                   size=size if isinstance(size, int) else None, name=str(item.get("name") or "")))
    return tuple(found)


def internal_text(text: str, note_prefix: str) -> str | None:
    """The note's text when `text` starts with the note prefix or `private:` (any case,
    after leading spaces); None when it is a reply for the customer."""
    stripped = text.lstrip()
    for prefix in (note_prefix, *PRIVATE_PREFIXES):
        if prefix and stripped[: len(prefix)].casefold() == prefix.casefold():
            return stripped[len(prefix):].strip()
    return None


@dataclass(frozen=True)
class ReplyOutcome:
    kind: str  # "queued", "note", "refused", "duplicate", "not_a_card", "early" (kept for its card)
    message_id: int | None = None


def accept_reply(
    *, session: Session, reply: SlackReply, lanes: LanesConfig, now: datetime, author_name: str | None
) -> ReplyOutcome:
    """Store the reply once and queue what follows from it. The caller commits."""
    conversation = repo.card_at(session=session, channel=reply.channel, ts=reply.thread_ts)
    if conversation is None or conversation.id is None:
        # Slack's event may beat the commit of the card's ts: keep it for then.
        if keep_if_early(session=session, channel=reply.channel, ts=reply.thread_ts, kind="reply",
                         payload=asdict(reply), lanes=lanes, now=now):
            return ReplyOutcome("early")
        return ReplyOutcome("not_a_card")
    if reply.event_id:
        if session.get(SlackEventSeen, reply.event_id) is not None:
            return ReplyOutcome("duplicate")
        session.add(SlackEventSeen(event_id=reply.event_id, at=now))
    already = repo.message_at(session=session, conversation_id=conversation.id, slack_ts=reply.ts)
    if already is not None:
        return ReplyOutcome("duplicate", already.id)

    lane = lanes.lane(conversation.lane) if lanes.has_lane(conversation.lane) else None
    note = internal_text(reply.text, lanes.workspace.note_prefix)
    if note is not None or (lane is not None and lane.alerts_only):
        message = _store(session, conversation, reply, "note", note if note is not None else reply.text,
                         author_name, now, status="internal")
        repo.queue_job(session=session, kind=REACT, conversation_id=conversation.id,
                       payload={"ts": reply.ts, "name": NOTE_MARK}, now=now)
        repo.add_event(session=session, kind="noted", at=now, conversation_id=conversation.id, actor=reply.user,
                       data={"alerts_only": note is None})
        return ReplyOutcome("note", message.id)
    why_not = permissions.may_send(lanes, lane, reply.user, owner=conversation.owner, external=reply.external)
    if why_not is not None:  # kept internal: no send, no status change, not a first reply
        message = _store(session, conversation, reply, "note", reply.text, author_name, now, status="internal")
        repo.queue_job(session=session, kind=REACT, conversation_id=conversation.id,
                       payload={"ts": reply.ts, "name": NOTE_MARK}, now=now)
        tell(session=session, channel=reply.channel, user=reply.user, now=now, conversation_id=conversation.id,
             text=permission_notes.reply_not_sent(conversation.lane, external=why_not == permissions.EXTERNAL))
        repo.add_event(session=session, kind="noted", at=now, conversation_id=conversation.id, actor=reply.user,
                       data={"why": why_not})
        return ReplyOutcome("note", message.id)

    contact = session.get(Contact, conversation.contact_id)
    if contact is not None and contact.opted_out:
        message = _store(session, conversation, reply, "out", reply.text, author_name, now, status="refused")
        _tell(session, conversation, reply.ts, notes.opted_out(), now)
        return ReplyOutcome("refused", message.id)

    sendable: list[tuple[SlackFile, str | None]] = []
    refused: list[tuple[SlackFile, str | None]] = []
    for file in reply.files:
        reason = media_problem(file.mimetype, file.size)
        (refused if reason else sendable).append((file, reason))
    for file, reason in refused:
        _tell(session, conversation, None, notes.media_refused(f"{file.name or file.id}: {reason}"), now)
    if not reply.text.strip() and not sendable:
        message = _store(session, conversation, reply, "out", reply.text, author_name, now, status="refused")
        return ReplyOutcome("refused", message.id)

    # Over WhatsApp's 1,600 characters: several messages, in order (jobs of a conversation run in order).
    first, *more = split_text(reply.text)
    message = _store(session, conversation, reply, "out", first, author_name, now, status="pending",
                     media=[{"slack_file_id": f.id, "content_type": f.mimetype or "", "name": f.name}
                            for f, _ in sendable] or None)
    parts = [_store(session, conversation, reply, "out", part, author_name, now, status="pending", slack_ts=None)
             for part in more]
    record_reply(session=session, conversation=conversation, lanes=lanes, user=reply.user, message=message, now=now,
                 more=parts)
    return ReplyOutcome("queued", message.id)


def record_reply(*, session: Session, conversation: Conversation, lanes: LanesConfig, user: str, message: Message,
                 now: datetime, more: Sequence[Message] = ()) -> None:
    """A rep's reply to the customer is stored as `message`: time it, let it claim, set the
    status to waiting, and queue its send. Typed replies and replies sent from a draft or a
    saved reply all go through here, so reports count them alike."""
    assert conversation.id is not None
    lane = lanes.lane(conversation.lane) if lanes.has_lane(conversation.lane) else None
    if conversation.first_reply_at is None:
        timing.first_reply(conversation, lanes, now)
        conversation.first_reply_at = now
    conversation.last_outbound_at = now  # a rep answered: the reply clock stops (notes do not count)
    if (conversation.owner is None and lane is not None and lane.first_reply_claims
            and lanes.may_work(user, lane)):
        conversation.owner, conversation.claimed_at, conversation.status = user, now, "claimed"
        timing.first_owner(conversation, lanes, now, via="person")
        repo.add_event(session=session, kind="claimed", at=now, conversation_id=conversation.id, actor=user,
                       data={"via": "first reply"})
    if conversation.owner is not None and conversation.status in ("claimed", "followup"):
        repo.add_event(session=session, kind="status_changed", at=now, conversation_id=conversation.id,
                       actor=user, data={"from": conversation.status, "to": "waiting", "why": "replied"})
        conversation.status = "waiting"
        repo.queue_job(session=session, kind=CARD_UPDATE, conversation_id=conversation.id, now=now)
    rescore(session=session, conversation=conversation, lanes=lanes, now=now)  # the customer's reply clock starts
    reschedule(session=session, conversation=conversation, lanes=lanes, now=now)
    for part in (message, *more):  # `more`: the rest of a reply over WhatsApp's length, in order
        repo.queue_job(session=session, kind=SEND, conversation_id=conversation.id, message_id=part.id, now=now)
    repo.add_event(session=session, kind="replied", at=now, conversation_id=conversation.id, actor=user,
                   data={"message_id": message.id})


def _store(
    session: Session, conversation: Conversation, reply: SlackReply, direction: str, body: str,
    author_name: str | None, now: datetime, *, status: str, media: list[dict[str, str]] | None = None,
    slack_ts: str | None = "",
) -> Message:
    assert conversation.id is not None
    message = Message(conversation_id=conversation.id, direction=direction, body=body, media=media,
                      slack_ts=reply.ts if slack_ts == "" else slack_ts, author=reply.user, author_name=author_name, status=status,
                      status_at=now, created_at=now)
    session.add(message)
    session.flush()
    return message


def _tell(session: Session, conversation: Conversation, ts: str | None, text: str, now: datetime) -> None:
    repo.queue_job(session=session, kind=NOTE, conversation_id=conversation.id, payload={"text": text}, now=now)
    if ts:
        repo.queue_job(session=session, kind=REACT, conversation_id=conversation.id,
                       payload={"ts": ts, "name": "x"}, now=now)


