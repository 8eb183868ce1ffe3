"""The sweep job: applies the ladder's steps to conversations whose due time has come."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.store import Session

from bot.conversations.availability import away_users
from bot.deps import Deps
from bot.conversations.kinds import CARD_UPDATE, HOME, NOTE, POST
from bot.lanes import Lane, LanesConfig
from bot.conversations import timing
from bot.conversations.closing import close_conversation
from bot.routing.assign import choose_owner
from bot.slack.text import escape_mrkdwn
from bot.store import repo
from bot.store.models import Contact, Conversation, LaneState
from bot.routing.ladder import Due, Step, first_due, on_due
from bot.conversations.schedule import calendar_of, due_now, set_due, state_of

log = logging.getLogger(__name__)

TIMER = "timer"  # the actor of what timers do, in the audit log
NO_RESPONSE = "No response"
BATCH = 100


def sweep(deps: Deps) -> int:
    """Apply every due step (in batches); return how many conversations were handled."""
    handled = 0
    while True:
        now = deps.clock.now()

        def work(session: Session) -> int:
            rows = due_now(session=session, now=now, limit=BATCH, lock=deps.db.is_postgres)
            for conversation in rows:
                apply_due(session=session, conversation=conversation, lanes=deps.lanes, now=now)
            return len(rows)

        count = deps.db.transaction(work)
        handled += count
        if count:
            deps.wake()
        if count < BATCH:
            return handled


def apply_due(*, session: Session, conversation: Conversation, lanes: LanesConfig, now: datetime) -> None:
    if not lanes.has_lane(conversation.lane) or conversation.due_kind is None:
        set_due(conversation, None)
        session.add(conversation)
        return
    lane = lanes.lane(conversation.lane)
    calendar = calendar_of(lanes, lane, conversation.owner)
    step, due = on_due(conversation.due_kind, state_of(conversation), lane, calendar, now=now,
                       close_after=lane.close_after)
    log.info("conversation %s: %s (%s)", conversation.id, step.action, step.reason)
    if step.action == "reassign":
        due = _reassign(session, conversation, lanes, lane, step, now) or due
    elif step.action == "escalate":
        _escalate(session, conversation, lanes, lane, step, now)
    elif step.action == "reping":
        conversation.ping_count += 1
        _event(session, conversation, "repinged", now, step, {"ping": conversation.ping_count})
        _note(session, conversation, f":bell: {_mention(lane)} still unclaimed: who takes it? "
              f"(re-ping {conversation.ping_count} of {lane.repings})", now)
    elif step.action == "remind":
        _event(session, conversation, "reminded", now, step, {"owner": conversation.owner})
        _note(session, conversation, f":hourglass_flowing_sand: <@{conversation.owner}> the customer is waiting "
              "for an answer.", now)
    elif step.action == "followup":
        conversation.followup_at = None
        _event(session, conversation, "followup_due", now, step, {"owner": conversation.owner})
        _note(session, conversation, f":alarm_clock: <@{conversation.owner}> time to follow up with this customer.", now)
        _post(session, conversation, conversation.owner or "", f":alarm_clock: Follow-up due: {_link(conversation)}",
              now)
    elif step.action == "nudge":
        _event(session, conversation, "nudged", now, step, {"owner": conversation.owner})
        _note(session, conversation, f":zzz: <@{conversation.owner}> the customer has not answered for "
              f"{(now - (conversation.last_outbound_at or now)).days} day(s); this closes as "
              f"*{NO_RESPONSE}* in a day unless they write.", now)
    elif step.action == "close":
        close_conversation(session=session, conversation=conversation, actor=TIMER, outcome=NO_RESPONSE,
                           note=step.reason, lanes=lanes, now=now)
        return
    set_due(conversation, due)
    session.add(conversation)


def _reassign(session: Session, conversation: Conversation, lanes: LanesConfig, lane: Lane, step: Step,
              now: datetime) -> Due | None:
    state = session.get(LaneState, lane.name, with_for_update=True) or LaneState(lane=lane.name)
    decision = choose_owner(
        lane if lane.assign != "manual" else _as_round_robin(lane),
        away=away_users(session=session, users=lane.members),
        open_counts=repo.open_counts(session=session, users=lane.members), last_assigned=state.last_assigned,
    )
    if decision.owner is None:
        _escalate(session, conversation, lanes, lane, Step("escalate", f"{step.reason}; {decision.reason}"), now)
        return None
    owner = decision.owner
    conversation.owner, conversation.claimed_at, conversation.status = owner, now, "claimed"
    timing.first_owner(conversation, lanes, now, via="timer")
    conversation.reassign_count += 1
    conversation.ping_count = 0
    state.last_assigned = owner
    session.add(state)
    _event(session, conversation, "reassigned", now, step, {"to": owner, "how": decision.reason})
    _note(session, conversation, f":arrows_counterclockwise: Nobody claimed this, so it is now <@{owner}>'s "
          f"({decision.reason}).", now)
    _post(session, conversation, owner, f"You have been given a WhatsApp conversation nobody claimed: "
          f"{_link(conversation)}", now)
    repo.queue_job(session=session, kind=CARD_UPDATE, conversation_id=conversation.id, now=now)
    repo.queue_job(session=session, kind=HOME, payload={"user": owner}, now=now)
    return first_due(state_of(conversation), lane, calendar_of(lanes, lane, owner), now=now,
                     close_after=lane.close_after)


def _escalate(session: Session, conversation: Conversation, lanes: LanesConfig, lane: Lane, step: Step,
              now: datetime) -> None:
    contact = session.get(Contact, conversation.contact_id)
    who = escape_mrkdwn((contact.profile_name or contact.wa_id) if contact else "a customer")
    since = conversation.last_inbound_at or conversation.created_at or now
    waiting = int((now - since).total_seconds() // 60)
    score = conversation.score if conversation.score is not None else "—"
    text = (f":rotating_light: *{escape_mrkdwn(lane.name)}*: {who} {_link(conversation)} needs attention — "
            f"{escape_mrkdwn(step.reason)}; waiting {waiting} min; score {score}.")
    _event(session, conversation, "escalated", now, step, {"waiting_minutes": waiting})
    if lanes.workspace.escalation_channel:
        _post(session, conversation, lanes.workspace.escalation_channel, text, now)
    for lead in sorted(set(lane.leads) | set(lanes.workspace.leads)):
        _post(session, conversation, lead, text, now)
    _note(session, conversation, f":rotating_light: Escalated to the leads: {escape_mrkdwn(step.reason)}.", now)


def _as_round_robin(lane: Lane) -> Lane:
    from dataclasses import replace

    return replace(lane, assign="round_robin")


def _mention(lane: Lane) -> str:
    if lane.mention:
        return f"<!subteam^{lane.mention}>"
    return " ".join(f"<@{member}>" for member in lane.members) or "Team"


def _link(conversation: Conversation) -> str:
    return f"<{conversation.permalink}|(open the card)>" if conversation.permalink else ""


def _event(session: Session, conversation: Conversation, kind: str, now: datetime, step: Step,
           data: dict[str, object]) -> None:
    repo.add_event(session=session, kind=kind, at=now, conversation_id=conversation.id, actor=TIMER,
                   data={"reason": step.reason, **data})


def _note(session: Session, conversation: Conversation, text: str, now: datetime) -> None:
    repo.queue_job(session=session, kind=NOTE, conversation_id=conversation.id, payload={"text": text}, now=now)


def _post(session: Session, conversation: Conversation, channel: str, text: str, now: datetime) -> None:
    repo.queue_job(session=session, kind=POST, payload={"channel": channel, "text": text}, now=now)
