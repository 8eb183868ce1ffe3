"""What the worker does with a job that cannot go on: a dead letter (told in the thread or
to the leads and the escalation channel; the conversation's later jobs go on) or a
configuration fault (alert once, pause what it blocks, probe with one paused job, resume
everything it held when the probe gets through)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.conversations.kinds import CARD, NOTE, POST
from bot.delivery.retry import Dead, Fault
from bot.deps import Deps
from bot.slack import delivery_notes
from bot.store import Session, repo
from bot.store.models import Conversation, OutboxJob

log = logging.getLogger(__name__)

PROBE_EVERY = timedelta(seconds=60)  # how often one paused job tries whether a fault has cleared


def may_run(deps: Deps, job: OutboxJob) -> bool:
    """A job paused by a fault that still holds runs only as that fault's probe (one at a
    time, every PROBE_EVERY); otherwise it goes back to waiting, without calling anyone."""
    if not job.fault:
        return True
    key, now = job.fault, deps.clock.now()

    def check(session: Session) -> bool:
        fault = repo.active_fault(session=session, key=key)
        if fault is None or repo.take_probe(session=session, key=key, now=now, next_probe=now + PROBE_EVERY):
            return True
        probe_at = fault.probe_at if fault.probe_at and fault.probe_at > now else now + PROBE_EVERY
        # Waiting is not a failed attempt. If the fault was cleared meanwhile, run now.
        return not repo.keep_paused(session=session, job_id=job.id or 0, key=key, until=probe_at)

    return deps.db.transaction(check)


def after_probe(deps: Deps, job: OutboxJob) -> None:
    """The job paused by a fault ran without meeting it again: the fault has cleared."""
    if not job.fault:
        return
    key, now = job.fault, deps.clock.now()

    def clear(session: Session) -> int:
        return repo.clear_fault(session=session, key=key, now=now)

    resumed = deps.db.transaction(clear)
    log.warning("fault %s cleared: %d paused job(s) resumed", key, resumed)
    deps.wake()


def paused(deps: Deps, job: OutboxJob, fault: Fault) -> None:
    """Pause the job on `fault`; the first job to meet a new outbreak alerts people, once."""
    now = deps.clock.now()

    def record(session: Session) -> bool:
        new = repo.open_fault(session=session, key=fault.key, error=fault.error, action=fault.action, now=now,
                              probe_at=now + PROBE_EVERY)
        current = repo.active_fault(session=session, key=fault.key)
        stored = session.get(OutboxJob, job.id)
        if stored is not None:
            stored.fault, stored.last_error = fault.key, fault.reason
            stored.next_attempt_at = current.probe_at if current and current.probe_at else now + PROBE_EVERY
            stored.lease_until, stored.lease_owner = None, None
            stored.attempts = max(0, stored.attempts - 1)
            session.add(stored)
        if new:
            _alert(session, deps, fault, now)
            repo.add_event(session=session, kind="delivery_fault", at=now,
                           data={"fault": fault.key, "error": fault.error, "job": job.id})
        return new

    if deps.db.transaction(record):
        log.error("delivery paused by %s (%s): %s", fault.key, fault.error, fault.action)
    else:
        log.info("job %s (%s) paused by %s", job.id, job.kind, fault.key)


def dead(deps: Deps, job: OutboxJob, failure: Dead) -> None:
    """The job is a dead letter: keep it (state dead), say what was not delivered and why."""
    now = deps.clock.now()

    def record(session: Session) -> None:
        stored = session.get(OutboxJob, job.id)
        if stored is None:
            return
        stored.state, stored.last_error, stored.done_at = "dead", failure.reason, now
        stored.lease_until, stored.lease_owner, stored.in_flight_at = None, None, None
        session.add(stored)
        repo.add_event(session=session, kind="dead_letter", at=now, conversation_id=job.conversation_id,
                       data={"job": job.id, "kind": job.kind, "error": failure.error})
        if not failure.quiet and not (job.payload or {}).get("notice"):
            _tell_dead(session, deps, job, failure, now)

    deps.db.transaction(record)
    log.error("job %s (%s) is a dead letter: %s", job.id, job.kind, failure.reason)
    deps.wake()


def _tell_dead(session: Session, deps: Deps, job: OutboxJob, failure: Dead, now: datetime) -> None:
    conversation = session.get(Conversation, job.conversation_id) if job.conversation_id else None
    lane = conversation.lane if conversation is not None else None
    what = _what(job, conversation)
    text = delivery_notes.dead_letter(what=what, why=failure.error,
                                      action=delivery_notes.dead_action(failure.error, channel=failure.channel))
    channel_trouble = failure.error in ("channel_not_found", "is_archived", "channel_is_archived")
    if conversation is not None and conversation.thread_ts and not channel_trouble and job.kind != CARD:
        repo.queue_job(session=session, kind=NOTE, conversation_id=conversation.id, now=now,
                       payload={"text": text, "notice": True})
        return
    _to_leads(session, deps, text, lane, now)


def _what(job: OutboxJob, conversation: Conversation | None) -> str:
    if conversation is None:
        return f"a message from the bot (job {job.id}, {job.kind})"
    about = f"conversation {conversation.id} in the {conversation.lane} lane"
    if job.kind == CARD:
        return f"the card of {about} (so its customer messages are held too)"
    return f"a post for {about} (job {job.id}, {job.kind})"


def _alert(session: Session, deps: Deps, fault: Fault, now: datetime) -> None:
    lane = None
    if fault.key.startswith("slack:channel:"):
        channel = fault.key.removeprefix("slack:channel:")
        lane = next((item.name for item in deps.lanes.lanes if item.channel == channel), None)
        what = f"nothing reaches <#{channel}>" + (f" (the {lane} lane)" if lane else "")
    elif fault.service == "Twilio":
        what = "no reply reaches WhatsApp customers"
    else:
        what = "no card, thread post or note reaches Slack"
    text = delivery_notes.fault_alert(service=fault.service, error=fault.error, action=fault.action, what=what)
    _to_leads(session, deps, text, lane, now)


def _to_leads(session: Session, deps: Deps, text: str, lane: str | None, now: datetime) -> None:
    """DM the leads (the workspace's and the lane's) and post in the escalation channel."""
    lanes = deps.lanes
    leads = list(lanes.workspace.leads)
    if lane is not None and lanes.has_lane(lane):
        leads += [user for user in lanes.lane(lane).leads if user not in leads]
    places = leads + ([lanes.workspace.escalation_channel] if lanes.workspace.escalation_channel else [])
    if not places:
        log.error("nobody to tell (no leads, no escalation channel): %s", text)
    for place in places:
        repo.queue_job(session=session, kind=POST, now=now,
                       payload={"channel": place, "text": text, "notice": True})
