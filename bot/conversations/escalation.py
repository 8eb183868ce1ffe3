"""The escalation ladder applied to one conversation whose due time has come: re-ping,
remind, follow up, nudge, reassign, escalate or close as "No response". The ladder decides
(`bot.routing.ladder`, pure); this records the step, queues what people see, and sets the
next due time. The timer's sweep (bot/timers/jobs.py) calls `apply_due` for each due item."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.conversations.assignment import give_to, pick_owner
from bot.conversations.closing import close_conversation
from bot.conversations.kinds import CARD_UPDATE, FOLLOWUP_TEMPLATE, NOTE, POST
from bot.conversations.schedule import calendar_of, close_after_of, set_due, state_of
from bot.lanes import Lane, LanesConfig
from bot.routing.ladder import Due, Step, first_due, on_due
from bot.slack import timer_notes
from bot.store import Session, repo
from bot.store.models import Contact, Conversation

log = logging.getLogger(__name__)

TIMER = "timer"  # the actor of what timers do, in the audit log
NO_RESPONSE = "No response"


def apply_due(*, session: Session, conversation: Conversation, lanes: LanesConfig, now: datetime) -> str | None:
    """Apply the step due on `conversation`; return its action (None when nothing was due)."""
    if not lanes.has_lane(conversation.lane) or conversation.due_kind is None:
        set_due(conversation, None)
        session.add(conversation)
        return None
    lane = lanes.lane(conversation.lane)
    calendar = calendar_of(lanes, lane, conversation.owner, conversation.score_band)
    step, due = on_due(conversation.due_kind, state_of(conversation), lane, calendar, now=now,
                       close_after=close_after_of(lane, conversation.score_band))
    log.info("conversation %s: %s (%s)", conversation.id, step.action, step.reason)
    if step.action == "reassign":
        due = _reassign(session, conversation, lanes, lane, step, now) or due
    elif step.action == "escalate":
        _escalate(session, conversation, lanes, lane, step, now)
    elif step.action == "reping":
        conversation.ping_count += 1
        _event(session, conversation, "repinged", now, step, {"ping": conversation.ping_count})
        _note(session, conversation, timer_notes.repinged(timer_notes.mention(lane.members, lane.mention),
                                                          conversation.ping_count, lane.repings), now)
    elif step.action == "remind":
        _event(session, conversation, "reminded", now, step, {"owner": conversation.owner})
        _note(session, conversation, timer_notes.customer_waiting(conversation.owner), now)
    elif step.action == "followup":
        conversation.followup_at = None
        _event(session, conversation, "followup_due", now, step, {"owner": conversation.owner})
        _note(session, conversation, timer_notes.followup_due(conversation.owner), now)
        _post(session, conversation, conversation.owner or "",
              timer_notes.followup_due_dm(timer_notes.card_link(conversation.permalink)), now)
    elif step.action == "nudge":
        _event(session, conversation, "nudged", now, step, {"owner": conversation.owner})
        days = (now - (conversation.last_outbound_at or now)).days
        _note(session, conversation, timer_notes.nudged(conversation.owner, days, NO_RESPONSE), now)
        _followup_template(session, conversation, lane, now)
    elif step.action == "close":
        close_conversation(session=session, conversation=conversation, actor=TIMER, outcome=NO_RESPONSE,
                           note=step.reason, lanes=lanes, now=now)
        return step.action
    set_due(conversation, due)
    session.add(conversation)
    return step.action


def _reassign(session: Session, conversation: Conversation, lanes: LanesConfig, lane: Lane, step: Step,
              now: datetime) -> Due | None:
    decision = pick_owner(session=session, lane=lane, rotate_manual=True)
    if decision.owner is None:
        _escalate(session, conversation, lanes, lane, Step("escalate", f"{step.reason}; {decision.reason}"), now)
        return None
    owner = decision.owner
    give_to(session=session, conversation=conversation, owner=owner, lanes=lanes, now=now, via="timer")
    conversation.reassign_count += 1
    conversation.ping_count = 0
    _event(session, conversation, "reassigned", now, step, {"to": owner, "how": decision.reason})
    _note(session, conversation, timer_notes.reassigned(owner, decision.reason), now)
    _post(session, conversation, owner, timer_notes.reassigned_dm(timer_notes.card_link(conversation.permalink)), now)
    repo.queue_job(session=session, kind=CARD_UPDATE, conversation_id=conversation.id, now=now)
    return first_due(state_of(conversation), lane, calendar_of(lanes, lane, owner, conversation.score_band), now=now,
                     close_after=close_after_of(lane, conversation.score_band))


def _escalate(session: Session, conversation: Conversation, lanes: LanesConfig, lane: Lane, step: Step,
              now: datetime) -> None:
    contact = session.get(Contact, conversation.contact_id)
    who = (contact.profile_name or contact.wa_id) if contact else "a customer"
    since = conversation.last_inbound_at or conversation.created_at or now
    waiting = int((now - since).total_seconds() // 60)
    text = timer_notes.escalation(lane.name, who, timer_notes.card_link(conversation.permalink), step.reason,
                                  waiting, conversation.score)
    _event(session, conversation, "escalated", now, step, {"waiting_minutes": waiting})
    if lanes.workspace.escalation_channel:
        _post(session, conversation, lanes.workspace.escalation_channel, text, now)
    for lead in sorted(set(lane.leads) | set(lanes.workspace.leads)):
        _post(session, conversation, lead, text, now)
    _note(session, conversation, timer_notes.escalated(step.reason), now)


def _followup_template(session: Session, conversation: Conversation, lane: Lane, now: datetime) -> None:
    """The lane names an approved template for follow-ups: it reaches the customer after 24 hours."""
    contact = session.get(Contact, conversation.contact_id)
    sid = lane.followup_template_for(contact.language if contact else None)
    if sid:
        repo.queue_job(session=session, kind=FOLLOWUP_TEMPLATE, conversation_id=conversation.id,
                       payload={"content_sid": sid}, now=now)


def _event(session: Session, conversation: Conversation, kind: str, now: datetime, step: Step,
           data: dict[str, object]) -> None:
    repo.add_event(session=session, kind=kind, at=now, conversation_id=conversation.id, actor=TIMER,
                   data={"reason": step.reason, **data})


def _note(session: Session, conversation: Conversation, text: str, now: datetime) -> None:
    repo.queue_job(session=session, kind=NOTE, conversation_id=conversation.id, payload={"text": text}, now=now)


def _post(session: Session, conversation: Conversation, channel: str, text: str, now: datetime) -> None:
    repo.queue_job(session=session, kind=POST, payload={"channel": channel, "text": text}, now=now)
