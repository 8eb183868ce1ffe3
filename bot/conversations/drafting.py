"""What drafts and suggestions need from the database, and their bookkeeping: the facts
of a conversation and of the question, the queueing of a draft job, and the one-time use
of a draft's nonce (a draft is sent once however often Send is clicked)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.conversations.kinds import DRAFT
from bot.store import Session, repo
from bot.store.models import Contact, Conversation, Message, SlackEventSeen
from bot.whatsapp.templates import first_name


@dataclass(frozen=True)
class DraftFacts:
    conversation_id: int
    lane: str
    channel: str
    thread_ts: str | None
    owner: str | None
    language: str | None
    first_name: str
    question: str  # the customer's message the draft answers ("" when none)
    followup_at: datetime | None
    closed: bool


def draft_facts(*, session: Session, conversation_id: int, message_id: int | None = None) -> DraftFacts | None:
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.id is None:
        return None
    contact = session.get(Contact, conversation.contact_id)
    message = session.get(Message, message_id) if message_id else None
    if message is None or message.conversation_id != conversation.id or message.direction != "in":
        message = repo.last_inbound(session=session, conversation_id=conversation.id)
    return DraftFacts(conversation_id=conversation.id, lane=conversation.lane, channel=conversation.channel,
                      thread_ts=conversation.thread_ts, owner=conversation.owner,
                      language=contact.language if contact else None,
                      first_name=first_name(contact.profile_name if contact else None),
                      question=message.body if message else "", followup_at=conversation.followup_at,
                      closed=conversation.status == "closed")


def question_text(*, session: Session, message_id: int) -> str | None:
    """A customer's message text (kb/ suggestions are made for questions)."""
    message = session.get(Message, message_id)
    return message.body if message is not None and message.direction == "in" else None


def conversation_at(*, session: Session, channel: str, ts: str) -> int | None:
    """The conversation whose card is `ts` in `channel` (a thread's parent)."""
    conversation = repo.card_at(session=session, channel=channel, ts=ts)
    return conversation.id if conversation is not None else None


def queue_draft(*, session: Session, conversation_id: int, message_id: int | None, user: str, channel: str,
                kind: str, now: datetime, reply_key: str | None = None) -> None:
    """Ask the worker for a private draft for `user` ("kb": from the knowledge base; "reply": a saved reply)."""
    payload: dict[str, object] = {"user": user, "channel": channel, "kind": kind, "message_id": message_id}
    if reply_key:
        payload["reply"] = reply_key
    repo.queue_job(session=session, kind=DRAFT, conversation_id=conversation_id, payload=payload, now=now)


def nonce_used(*, session: Session, nonce: str) -> bool:
    return session.get(SlackEventSeen, f"draft:{nonce}") is not None


def mark_nonce(*, session: Session, nonce: str, now: datetime) -> None:
    """The draft was sent: two concurrent Sends meet on this primary key, and the second
    one's transaction, run again, finds it used."""
    session.add(SlackEventSeen(event_id=f"draft:{nonce}", at=now))
    session.flush()
