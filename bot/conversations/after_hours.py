"""The automatic reply a customer gets when they write outside working hours (optional)."""

from __future__ import annotations

from datetime import datetime

from bot.conversations.kinds import SEND
from bot.lanes import LanesConfig
from bot.slack.notes import local_time
from bot.store import Session, repo
from bot.store.models import Conversation, Message

BOT_AUTHOR = "bot"  # outbound messages the bot wrote itself; they never stop a reply clock


def maybe_reply_after_hours(*, session: Session, conversation: Conversation, lanes: LanesConfig,
                            now: datetime) -> bool:
    """Queue the after-hours reply if the lane is closed now and this closed period has
    not had one yet; return whether one was queued."""
    template = lanes.workspace.after_hours_reply.strip()
    if not template or not lanes.has_lane(conversation.lane) or conversation.id is None:
        return False
    calendar = lanes.calendar(lanes.lane(conversation.lane))
    if calendar.is_open(now):
        return False
    last = repo.last_event_at(session=session, conversation_id=conversation.id, kind="after_hours_reply")
    if last is not None and calendar.working_seconds(last, now) == 0:
        return False  # already told during this closed period
    try:
        back = calendar.next_open(now)
    except ValueError:
        return False
    text = template.replace("{back}", local_time(back, calendar.tz))
    message = Message(conversation_id=conversation.id, direction="out", body=text, author=BOT_AUTHOR,
                      status="pending", status_at=now, created_at=now)
    session.add(message)
    session.flush()
    repo.queue_job(session=session, kind=SEND, conversation_id=conversation.id, message_id=message.id, now=now)
    repo.add_event(session=session, kind="after_hours_reply", at=now, conversation_id=conversation.id,
                   actor=BOT_AUTHOR, data={"back": back.isoformat()})
    return True
