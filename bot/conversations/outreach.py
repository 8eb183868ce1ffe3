"""Replies that do not start as a Slack message: an approved template (after the 24-hour
window), and a saved reply or a suggested draft sent with one click.

Each is stored as an outbound `Message` without a Slack ts; an `OUTBOUND_POST` job shows it
in the thread (and keeps that ts, so delivery marks land on it), then the `twilio.send`
job sends it, once, like any reply.

A template reopens nothing and changes no status: it only reaches the customer. A saved
reply or a draft is the rep's reply (authored, signed, timed and counted like a typed one:
`replies.record_reply`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.conversations.cards import contact_label
from bot.conversations.changes import Outcome, lane_of
from bot.conversations.kinds import OUTBOUND_POST, SEND
from bot.conversations.replies import record_reply
from bot.lanes import LanesConfig
from bot.slack import card_notes, notes
from bot.store import Session, repo
from bot.store.models import Contact, Conversation, Message
from bot.whatsapp.templates import Template, content_variables, first_name, render

NOT_FOUND = "That conversation no longer exists."
OPTED_OUT = "The customer has opted out of WhatsApp messages: nothing can be sent to them."


def _allowed(session: Session, conversation_id: int, user: str, lanes: LanesConfig,
             what: str) -> tuple[Conversation | None, Outcome | None]:
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.id is None:
        return None, Outcome(False, NOT_FOUND)
    lane = lane_of(lanes, conversation)
    if lane is None or not lanes.may_work(user, lane):
        return None, Outcome(False, card_notes.only_workers(conversation.lane, what))
    contact = session.get(Contact, conversation.contact_id)
    if contact is not None and contact.opted_out:
        return None, Outcome(False, OPTED_OUT)
    return conversation, None


def queue_template(*, session: Session, conversation_id: int, user: str | None, template: Template,
                   values: dict[str, str], lanes: LanesConfig, now: datetime, author_name: str | None = None,
                   check: bool = True) -> Outcome:
    """Queue an approved template for the customer (`user` None: the bot's own follow-up)."""
    if not template.approved:
        return Outcome(False, f"The template {template.name} is not approved for WhatsApp.")
    if check and user is not None:
        conversation, refusal = _allowed(session, conversation_id, user, lanes, "send templates")
        if refusal is not None:
            return refusal
    else:
        conversation = session.get(Conversation, conversation_id)
        if conversation is None:
            return Outcome(False, NOT_FOUND)
    assert conversation is not None and conversation.id is not None
    message = Message(conversation_id=conversation.id, direction="out", body=render(template, values),
                      author=user, author_name=author_name, status="pending", status_at=now, created_at=now,
                      content_sid=template.sid, content_variables=content_variables(values))
    session.add(message)
    session.flush()
    repo.queue_job(session=session, kind=OUTBOUND_POST, conversation_id=conversation.id, message_id=message.id,
                   payload={"template": template.name}, now=now)
    repo.queue_job(session=session, kind=SEND, conversation_id=conversation.id, message_id=message.id, now=now)
    repo.add_event(session=session, kind="template_queued", at=now, conversation_id=conversation.id, actor=user,
                   data={"message_id": message.id, "content_sid": template.sid})
    return Outcome(True, f"Template {template.name} queued.")


def queue_composed(*, session: Session, conversation_id: int, user: str, text: str, source: str,
                   lanes: LanesConfig, now: datetime, author_name: str | None = None) -> Outcome:
    """Send `text` as `user`'s reply (`source`: "saved reply" or "draft")."""
    if not text.strip():
        return Outcome(False, "There is nothing to send.")
    conversation, refusal = _allowed(session, conversation_id, user, lanes, "reply")
    if refusal is not None:
        return refusal
    assert conversation is not None and conversation.id is not None
    if conversation.status == "closed":
        return Outcome(False, card_notes.CLOSED)
    message = Message(conversation_id=conversation.id, direction="out", body=text.strip(), author=user,
                      author_name=author_name, status="pending", status_at=now, created_at=now)
    session.add(message)
    session.flush()
    repo.queue_job(session=session, kind=OUTBOUND_POST, conversation_id=conversation.id, message_id=message.id,
                   payload={"source": source}, now=now)
    record_reply(session=session, conversation=conversation, lanes=lanes, user=user, message=message, now=now)
    session.add(conversation)
    return Outcome(True, "Reply queued.")


@dataclass(frozen=True)
class TemplateContext:
    customer: str  # untrusted: the renderer escapes it
    language: str | None
    known: dict[str, str]  # what can pre-fill a template: first_name, date (the rep's name is added by the caller)


def template_context(*, session: Session, conversation_id: int, user: str,
                     lanes: LanesConfig) -> TemplateContext | str:
    """What the template modal needs, or why this person cannot send a template here."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        return NOT_FOUND
    lane = lane_of(lanes, conversation)
    if lane is None or not lanes.may_work(user, lane):
        return card_notes.only_workers(conversation.lane, "send templates")
    contact = session.get(Contact, conversation.contact_id)
    known = {"first_name": first_name(contact.profile_name if contact else None)}
    if conversation.followup_at is not None:
        known["date"] = notes.local_time(conversation.followup_at, lanes.workspace.timezone)
    return TemplateContext(contact_label(session, conversation), contact.language if contact else None, known)


def customer_language(*, session: Session, conversation_id: int) -> str | None:
    conversation = session.get(Conversation, conversation_id)
    contact = session.get(Contact, conversation.contact_id) if conversation else None
    return contact.language if contact else None
