"""Twilio's status callbacks on an outbound message: record them in order, mark the rep's post.

Callbacks arrive out of order and sometimes twice. Each status has a rank and only a
higher rank replaces the stored one, so any order of the same callbacks ends in the same
state: a late `sent` never overwrites `delivered` or `read`, and nothing overwrites `read`
(the customer has seen it). `failed`/`undelivered` are final and outrank `delivered`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.conversations.kinds import NOTE, REACT
from bot.lanes import LanesConfig
from bot.slack import notes
from bot.store import Session, repo
from bot.store.models import Conversation, Message
from bot.whatsapp.errors import Explanation, explain, for_template
from bot.whatsapp.window import window_closes

# Distinct ranks: ties would make the outcome depend on arrival order.
STATUS_RANK: dict[str, int] = {
    "accepted": 1, "scheduled": 2, "queued": 3, "sending": 4, "sent": 5, "delivered": 6,
    "undelivered": 7, "canceled": 8, "failed": 9, "read": 10,
}
FAILED = frozenset({"failed", "undelivered"})
MARKS = {"delivered": "white_check_mark", "read": "eyes", "failed": "x", "undelivered": "x"}


def is_newer(current: str | None, new: str) -> bool:
    """Whether status `new` replaces `current`. Unknown `new` statuses never do; an unknown
    `current` (ours, such as "pending", or none yet) is replaced by any known status."""
    rank = STATUS_RANK.get(new)
    if rank is None:
        return False
    return rank > STATUS_RANK.get(current or "", 0)


EARLY = "status_early"


@dataclass(frozen=True)
class StatusUpdate:
    found: bool  # an outbound message has this MessageSid
    applied: bool = False  # the status was newer and is now stored
    queued: int = 0  # Slack jobs queued (reactions, notes)


def apply_status(
    *, session: Session, message_sid: str, status: str, error_code: str | None, error_message: str | None,
    now: datetime, lanes: LanesConfig,
) -> StatusUpdate:
    """Record `status` on the outbound message `message_sid` if it is newer, and queue the
    marks the rep sees, in the caller's transaction. The caller commits."""
    message = repo.outbound_by_sid(session=session, sid=message_sid)
    if message is None or message.id is None:
        # Twilio can call back before the send has committed the sid: keep the callback,
        # and `replay_early` applies it once the sid is stored.
        repo.add_event(session=session, kind=EARLY, at=now, actor=message_sid[:64],
                       data={"status": status, "code": error_code, "message": error_message})
        return StatusUpdate(found=False)
    status = status.strip().lower()
    if not is_newer(message.status, status):
        return StatusUpdate(found=True)

    code = (error_code or "").strip()[:16] or None
    message.status, message.status_at = status, now
    message.error_code, message.error_message = code, error_message or None
    session.add(message)
    repo.add_event(session=session, kind="delivery_status", at=now, conversation_id=message.conversation_id,
                   data={"message_id": message.id, "sid": message_sid, "status": status, "code": code})

    if not message.slack_ts:
        return StatusUpdate(found=True, applied=True)
    queued = 0
    if status in MARKS:
        repo.queue_job(session=session, kind=REACT, conversation_id=message.conversation_id, message_id=message.id,
                       payload={"ts": message.slack_ts, "name": MARKS[status]}, now=now)
        queued += 1
    if status in FAILED:
        text = _failure_note(session, message, status, code, error_message, lanes)
        repo.queue_job(session=session, kind=NOTE, conversation_id=message.conversation_id, message_id=message.id,
                       payload={"text": text}, now=now)
        queued += 1
    return StatusUpdate(found=True, applied=True, queued=queued)


def replay_early(*, session: Session, message_sid: str, now: datetime, lanes: LanesConfig) -> int:
    """Apply the callbacks that arrived for `message_sid` before it was stored; return jobs queued."""
    early = repo.events_by_actor(session=session, kind=EARLY, actor=message_sid[:64])
    queued = 0
    for event in early:
        data = event.data or {}
        update = apply_status(session=session, message_sid=message_sid, status=str(data.get("status") or ""),
                              error_code=data.get("code"), error_message=data.get("message"), now=now, lanes=lanes)
        queued += update.queued  # applying is idempotent: an older or repeated status changes nothing
    return queued


def _failure_note(session: Session, message: Message, status: str, code: str | None, error_message: str | None,
                  lanes: LanesConfig) -> str:
    if code is None:
        return notes.send_failed(Explanation(
            None, f"Twilio reported the message as {status} without saying why",
            "Try again later; if it keeps failing, reach the customer another way."))
    explanation = explain(code, error_message)
    if message.content_sid:  # a template: 63016 means the template was refused
        return notes.send_failed(for_template(explanation))
    if explanation.window_closed:
        conversation = session.get(Conversation, message.conversation_id)
        last_inbound = conversation.last_inbound_at if conversation is not None else None
        closed_at = window_closes(last_inbound)
        return notes.window_closed(closed_at, lanes.workspace.timezone)
    return notes.send_failed(explanation)
