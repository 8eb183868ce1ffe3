"""Closing the loop: the close modal may send the customer a confirmation with quick-reply
buttons (the lane's `confirm_template`, a Content API quick-reply whose button ids are
"solved" and "need_help"), and then ask for a 1–5 rating (`ask_rating`).

The customer's answer arrives after the conversation was closed, so `answered` runs before
intake would open a new conversation: "Solved" keeps it closed for good (and asks for the
rating), "I still need help" reopens it in its thread with the owner pinged, and a 1–5 after
the rating question is stored as `satisfaction` (shown per lane and per rep in /wa-report).
Anything else opens a new conversation as usual.
"""

from __future__ import annotations

import re
from datetime import datetime

from bot.conversations.after_hours import BOT_AUTHOR
from bot.conversations.kinds import CARD_UPDATE, FOLLOWUP_TEMPLATE, HOME, NOTE, SEND
from bot.conversations.schedule import reschedule
from bot.lanes import LanesConfig
from bot.routing.normalize import normalize
from bot.slack import card_notes
from bot.store import Session, repo
from bot.store.models import Contact, Conversation, Message
from bot.whatsapp.inbound import InboundMessage

SOLVED, NEED_HELP = "solved", "need_help"
ASKED, RATING = "asked", "rating"
_SOLVED_WORDS = ("solved", "resolved", "yes", "تم الحل", "تم", "نعم", "محلول")
_HELP_WORDS = ("still need help", "need help", "not solved", "no", "لا", "أحتاج مساعدة", "احتاج مساعده")
_RATING = re.compile(r"\s*([1-5])\s*(?:/\s*5)?\s*[.!]?\s*")
RATING_QUESTION = {
    "en": "Thank you! How would you rate our help, from 1 (poor) to 5 (excellent)? Just reply with a number.",
    "ar": "شكراً لك! كيف تقيّم مساعدتنا من 1 (ضعيفة) إلى 5 (ممتازة)؟ أرسل الرقم فقط.",
}


def can_confirm(lanes: LanesConfig, conversation: Conversation) -> bool:
    return lanes.has_lane(conversation.lane) and bool(lanes.lane(conversation.lane).confirm_template)


def ask(*, session: Session, conversation: Conversation, lanes: LanesConfig, now: datetime) -> bool:
    """Queue the confirmation (after the close); False when the lane has no template for the customer."""
    if not lanes.has_lane(conversation.lane) or conversation.id is None:
        return False
    contact = session.get(Contact, conversation.contact_id)
    sid = lanes.lane(conversation.lane).confirm_template_for(contact.language if contact else None)
    if not sid:
        return False
    conversation.confirm_state = ASKED
    session.add(conversation)
    repo.queue_job(session=session, kind=FOLLOWUP_TEMPLATE, conversation_id=conversation.id,
                   payload={"content_sid": sid, "purpose": "confirm"}, now=now)
    repo.add_event(session=session, kind="confirm_asked", at=now, conversation_id=conversation.id,
                   data={"content_sid": sid})
    return True


def choice(message: InboundMessage) -> str | None:
    """SOLVED, NEED_HELP or None, from the button's payload (else its text)."""
    payload = (message.button_payload or "").strip().casefold()
    if payload in (SOLVED, NEED_HELP):
        return payload
    text = normalize(message.body.replace("🔘 Tapped: ", "").strip("“” "))
    if any(text == normalize(word) for word in _HELP_WORDS):
        return NEED_HELP
    if any(text == normalize(word) for word in _SOLVED_WORDS):
        return SOLVED
    return None


def rating(text: str) -> int | None:
    match = _RATING.fullmatch(normalize(text))  # normalize turns ١–٥ into 1–5
    return int(match.group(1)) if match else None


def answered(*, session: Session, contact: Contact, message: InboundMessage, lanes: LanesConfig,
             now: datetime) -> Conversation | None:
    """The closed conversation this message answers (changed accordingly), or None."""
    assert contact.id is not None
    last = repo.last_conversation(session=session, contact_id=contact.id)
    if last is None or last.id is None or last.status != "closed" or last.confirm_state not in (ASKED, RATING):
        return None
    if last.confirm_state == RATING:
        score = rating(message.body)
        if score is None:
            return None
        last.satisfaction, last.confirm_state = score, "rated"
        _event(session, last, "rated", now, {"score": score})
        _note(session, last, card_notes.rated(score), now)
        return last
    picked = choice(message)
    if picked == SOLVED:
        lane = lanes.lane(last.lane) if lanes.has_lane(last.lane) else None
        last.confirm_state = RATING if lane is not None and lane.ask_rating else "solved"
        _event(session, last, "confirmed_solved", now, {})
        _note(session, last, card_notes.confirmed_solved(), now)
        if last.confirm_state == RATING:
            _ask_rating(session, last, contact, now)
        return last
    if picked == NEED_HELP:
        _reopen(session, last, contact, lanes, now)
        return last
    return None


def _reopen(session: Session, conversation: Conversation, contact: Contact, lanes: LanesConfig,
            now: datetime) -> None:
    conversation.status = "claimed" if conversation.owner else "unclaimed"
    conversation.open_key = contact.id
    conversation.closed_at = conversation.outcome = conversation.closed_by = None
    conversation.confirm_state = "reopened"
    session.add(conversation)
    session.flush()  # the open key is unique: a conversation opened meanwhile makes this retry
    _event(session, conversation, "reopened", now, {"why": "customer needs more help"})
    _note(session, conversation, card_notes.reopened(conversation.owner), now)
    repo.queue_job(session=session, kind=CARD_UPDATE, conversation_id=conversation.id, now=now)
    if conversation.owner:
        repo.queue_job(session=session, kind=HOME, payload={"user": conversation.owner}, now=now)
    reschedule(session=session, conversation=conversation, lanes=lanes, now=now)


def _ask_rating(session: Session, conversation: Conversation, contact: Contact, now: datetime) -> None:
    assert conversation.id is not None
    text = RATING_QUESTION["ar" if (contact.language or "").startswith("ar") else "en"]
    message = Message(conversation_id=conversation.id, direction="out", body=text, author=BOT_AUTHOR,
                      status="pending", status_at=now, created_at=now)
    session.add(message)
    session.flush()
    repo.queue_job(session=session, kind=SEND, conversation_id=conversation.id, message_id=message.id, now=now)


def _event(session: Session, conversation: Conversation, kind: str, now: datetime, data: dict[str, object]) -> None:
    repo.add_event(session=session, kind=kind, at=now, conversation_id=conversation.id, data=data)


def _note(session: Session, conversation: Conversation, text: str, now: datetime) -> None:
    repo.queue_job(session=session, kind=NOTE, conversation_id=conversation.id, payload={"text": text}, now=now)
