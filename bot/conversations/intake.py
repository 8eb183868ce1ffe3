"""Accepting an inbound WhatsApp message: store it once and queue its Slack work, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.conversations.after_hours import maybe_reply_after_hours
from bot.conversations.assignment import give_to, pick_owner
from bot.conversations.confirmation import answered
from bot.conversations.customer_context import account_owner, queue_context
from bot.conversations.kinds import CARD, CARD_UPDATE, HOME, NOTE, POST_MEDIA, POST_TEXT
from bot.conversations.schedule import reschedule
from bot.conversations.scoring import rescore
from bot.conversations.senders import wrote_to
from bot.conversations.triage import on_open, ping_on_open, route_new
from bot.lanes import Lane, LanesConfig
from bot.routing.assign import AssignDecision
from bot.routing.language import detect as detect_language
from bot.slack import notes
from bot.store import Session, repo
from bot.store.models import Contact, Conversation, Message
from bot.whatsapp.inbound import InboundMessage


@dataclass(frozen=True)
class Accepted:
    conversation_id: int
    message_id: int
    new_conversation: bool
    duplicate: bool
    lane: str | None = None  # for the log line and the metrics
    entry_ref: str | None = None


def accept_inbound(*, session: Session, message: InboundMessage, lanes: LanesConfig, now: datetime) -> Accepted:
    """Store `message` (once per MessageSid) and queue what Slack must show. The caller commits."""
    seen = repo.message_by_sid(session=session, sid=message.message_sid)
    if seen is not None:
        assert seen.id is not None
        return Accepted(seen.conversation_id, seen.id, new_conversation=False, duplicate=True)

    sender = message.sender
    contact = repo.upsert_contact(
        session=session, wa_id=sender.wa_id, phone_e164=sender.phone_e164, country=sender.country,
        profile_name=message.profile_name, now=now,
    )
    assert contact.id is not None
    conversation = repo.open_conversation(session=session, contact_id=contact.id)
    if conversation is None:  # an answer to a closed conversation's confirmation or rating
        conversation = answered(session=session, contact=contact, message=message, lanes=lanes, now=now)
    new_conversation = conversation is None
    if conversation is None:
        conversation = _open_conversation(session=session, contact_id=contact.id, message=message, lanes=lanes, now=now)
    wrote_to(session=session, conversation=conversation, to=message.to, now=now)  # replies leave from this number
    assert conversation.id is not None

    stored = Message(
        conversation_id=conversation.id, direction="in", body=message.body,
        media=[{"url": m.url, "content_type": m.content_type} for m in message.media] or None,
        twilio_sid=message.message_sid, status="received", created_at=now,
    )
    session.add(stored)
    conversation.last_inbound_at = now
    contact.language = detect_language(message.body) or contact.language  # templates and drafts follow it
    session.add(contact)
    if conversation.status == "waiting":  # the customer answered: the owner's turn again
        conversation.status = "claimed"
        repo.add_event(session=session, kind="status_changed", at=now, conversation_id=conversation.id,
                       data={"from": "waiting", "to": "claimed", "why": "customer replied"})
        repo.queue_job(session=session, kind=CARD_UPDATE, conversation_id=conversation.id, now=now)
    session.add(conversation)
    session.flush()
    assert stored.id is not None

    if message.body.strip():
        repo.queue_job(session=session, kind=POST_TEXT, conversation_id=conversation.id, message_id=stored.id, now=now)
    for index in range(len(message.media)):
        repo.queue_job(
            session=session, kind=POST_MEDIA, conversation_id=conversation.id, message_id=stored.id,
            payload={"index": index}, now=now,
        )
    _opt_in_or_out(session=session, contact=contact, conversation=conversation, body=message.body,
                   lanes=lanes, now=now)
    rescore(session=session, conversation=conversation, lanes=lanes, now=now)
    if new_conversation or conversation.due_kind != "claim":  # an unclaimed ladder keeps its pace
        reschedule(session=session, conversation=conversation, lanes=lanes, now=now)
    if conversation.status != "closed":
        maybe_reply_after_hours(session=session, conversation=conversation, lanes=lanes, now=now)
    return Accepted(conversation.id, stored.id, new_conversation=new_conversation, duplicate=False,
                    lane=conversation.lane, entry_ref=conversation.entry_ref)


def _assign_on_arrival(*, session: Session, conversation: Conversation, lane: Lane, lanes: LanesConfig,
                       now: datetime) -> None:
    """round_robin / least_loaded lanes give a new conversation an owner at once."""
    if lane.assign == "manual" or not lane.members or conversation.owner is not None:
        return
    owner = account_owner(session=session, contact_id=conversation.contact_id, lane=lane)
    decision = AssignDecision(owner, "account owner") if owner else pick_owner(session=session, lane=lane)
    conversation.route_reason = f"{conversation.route_reason}; owner: {decision.reason}"
    if decision.owner is not None:
        give_to(session=session, conversation=conversation, owner=decision.owner, lanes=lanes, now=now, via="assigned")
        repo.add_event(session=session, kind="assigned", at=now, conversation_id=conversation.id,
                       data={"to": decision.owner, "reason": decision.reason})
    session.add(conversation)


def opt_change(body: str, lanes: LanesConfig) -> bool | None:
    """True when the whole message is an opt-out word, False for an opt-in word, else None."""
    said = body.strip().strip(".!").casefold()
    if not said:
        return None
    if said in {word.casefold() for word in lanes.workspace.opt_out_words}:
        return True
    if said in {word.casefold() for word in lanes.workspace.opt_in_words}:
        return False
    return None


def _opt_in_or_out(
    *, session: Session, contact: Contact, conversation: Conversation, body: str, lanes: LanesConfig, now: datetime
) -> None:
    change = opt_change(body, lanes)
    if change is not None:
        set_opted_out(session=session, contact=contact, conversation_id=conversation.id, opted_out=change,
                      why={"word": body.strip()}, now=now)


def set_opted_out(
    *, session: Session, contact: Contact, conversation_id: int | None, opted_out: bool, why: dict[str, str],
    now: datetime,
) -> None:
    """Record an opt-out (or opt-in), tell the thread and refresh the card. No change, no noise."""
    if contact.opted_out == opted_out:
        return
    contact.opted_out = opted_out
    session.add(contact)
    repo.add_event(session=session, kind="opted_out" if opted_out else "opted_in", at=now,
                   conversation_id=conversation_id, actor=contact.wa_id, data=why)
    if conversation_id is None:
        return
    text = notes.customer_opted_out() if opted_out else notes.customer_opted_in()
    repo.queue_job(session=session, kind=NOTE, conversation_id=conversation_id, payload={"text": text}, now=now)
    repo.queue_job(session=session, kind=CARD_UPDATE, conversation_id=conversation_id, now=now)


def _open_conversation(
    *, session: Session, contact_id: int, message: InboundMessage, lanes: LanesConfig, now: datetime
) -> Conversation:
    # bot.conversations.triage: the classifier's label and route, or the lane owning the number written to
    decision = route_new(session=session, text=message.body, lanes=lanes, to=message.to)
    lane = lanes.lane(decision.lane)
    previous = repo.last_conversation(session=session, contact_id=contact_id)
    conversation = Conversation(
        contact_id=contact_id, open_key=contact_id, lane=lane.name, channel=lane.channel,
        status="unclaimed", label=decision.label, entry_ref=decision.entry_ref,
        referral=dict(message.referral) or None, route_reason=decision.reason,
        previous_id=previous.id if previous is not None else None, created_at=now, last_inbound_at=now,
        sender=message.to,
    )
    session.add(conversation)
    session.flush()
    on_open(session=session, conversation=conversation, decision=decision, lanes=lanes, now=now)  # label route
    _assign_on_arrival(session=session, conversation=conversation, lane=lane, lanes=lanes, now=now)
    repo.add_event(
        session=session, kind="opened", at=now, conversation_id=conversation.id,
        data={"lane": lane.name, "label": decision.label, "entry_ref": decision.entry_ref,
              "reasons": list(decision.reasons), "referral": conversation.referral},
    )
    repo.queue_job(session=session, kind=CARD, conversation_id=conversation.id, now=now)
    ping_on_open(session=session, conversation=conversation, decision=decision, now=now)  # the label route's ping
    queue_context(session=session, conversation=conversation, lanes=lanes, now=now)  # returning customers
    if conversation.owner is None:  # it appears in "Unclaimed in my lanes"
        for user in sorted(set(lane.members) | set(lane.leads) | set(lanes.workspace.leads)):
            repo.queue_job(session=session, kind=HOME, payload={"user": user}, now=now)
    return conversation
