"""The daily digest: at each lane's `digest_at` (its local time, on working days), one
message in the lane's channel listing what is unclaimed, overdue and due for follow-up
today. Sent once per lane and day however many processes run (a compare-and-set)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.conversations.kinds import POST
from bot.deps import Deps
from bot.lanes import Lane, LanesConfig
from bot.lanes.hours import Calendar
from bot.slack import timer_notes
from bot.store import Session, repo
from bot.store.models import Contact, Conversation


def digest_day(lane: Lane, calendar: Calendar, now: datetime) -> date | None:
    """The lane's local date if its digest is due now (a working day, past digest_at), else None."""
    if lane.digest_at is None:
        return None
    local = now.astimezone(ZoneInfo(calendar.tz))
    if local.time() < lane.digest_at or not calendar.windows(local.date()):
        return None
    return local.date()


def send_digests(deps: Deps) -> int:
    """Queue the digests that are due; return how many lanes got one."""
    now, sent = deps.clock.now(), 0
    for lane in deps.lanes.lanes:
        day = digest_day(lane, deps.lanes.calendar(lane), now)
        if day is not None and deps.db.transaction(lambda s: _send_once(s, deps.lanes, lane, day, now)):
            sent += 1
    if sent:
        deps.wake()
    return sent


def _send_once(session: Session, lanes: LanesConfig, lane: Lane, day: date, now: datetime) -> bool:
    if not repo.mark_digest_day(session=session, lane=lane.name, day=day):
        return False
    text = digest_text(session, lanes, lane, day, now)
    repo.queue_job(session=session, kind=POST, payload={"channel": lane.channel, "text": text}, now=now)
    repo.add_event(session=session, kind="digest", at=now, actor="timer", data={"lane": lane.name, "day": day.isoformat()})
    return True


def digest_text(session: Session, lanes: LanesConfig, lane: Lane, day: date, now: datetime) -> str:
    """The digest's text: what is open in the lane, sorted into the three lists."""
    open_rows = repo.open_in_lane(session=session, lane=lane.name)
    zone = ZoneInfo(lanes.calendar(lane).tz)
    end_of_day = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    unclaimed = [(c, p) for c, p in open_rows if c.owner is None]
    overdue = [(c, p) for c, p in open_rows if c.owner and c.due_kind in ("reply", "reply_escalate")
               and c.next_due_at is not None and c.next_due_at <= now]
    followups = [(c, p) for c, p in open_rows if c.status == "followup" and c.followup_at is not None
                 and c.followup_at < end_of_day]
    return timer_notes.digest(lane.name, day, [
        (title, [_item(c, p) for c, p in rows])
        for title, rows in (("Unclaimed", unclaimed), ("Customer waiting past the reply time", overdue),
                            ("Follow-ups due today", followups))
    ])


def _item(conversation: Conversation, contact: Contact) -> timer_notes.DigestItem:
    return timer_notes.DigestItem(contact.profile_name or contact.phone_e164 or contact.wa_id,
                                  conversation.owner, conversation.permalink)
