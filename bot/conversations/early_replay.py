"""Applying the Slack events kept for a card whose ts was not committed yet, and reporting
those that never matched one (see bot/conversations/early.py)."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.conversations.card_actions import card_action, eyes_on
from bot.conversations.early import KEEP_FOR
from bot.conversations.kinds import POST
from bot.conversations.replies import SlackFile, SlackReply, accept_reply
from bot.lanes import LanesConfig
from bot.slack import delivery_notes
from bot.store import Session, repo
from bot.store.models import PendingSlackEvent

log = logging.getLogger(__name__)


def replay_kept(*, session: Session, channel: str, ts: str, lanes: LanesConfig, now: datetime) -> int:
    """Apply, in arrival order, the events kept for the card (channel, ts), now committed in
    this transaction; return how many."""
    kept = repo.kept_for_card(session=session, channel=channel, ts=ts)
    for event in kept:
        _apply(session, event, lanes, now)
        event.applied_at = now
        session.add(event)
    return len(kept)


def settle_kept(*, session: Session, lanes: LanesConfig, now: datetime) -> tuple[int, int]:
    """The sweep's safety net: apply kept events whose card is known by now (a card
    committed while the event was being kept), and report once, to the escalation channel
    (or the lane's channel), those still unknown after KEEP_FOR. (applied, reported)."""
    applied = reported = 0
    for event in repo.kept_unapplied(session=session):
        if repo.card_at(session=session, channel=event.channel, ts=event.ts) is not None:
            applied += replay_kept(session=session, channel=event.channel, ts=event.ts, lanes=lanes, now=now)
            continue
        received = event.received_at or now
        if event.reported_at is None and now - received >= KEEP_FOR:
            log.warning("Slack %s in %s names %s, still not a known card after %s: reported",
                        event.kind, event.channel, event.ts, now - received)
            where = lanes.workspace.escalation_channel or event.channel
            text = delivery_notes.unmatched_event(kind=event.kind, channel=event.channel,
                                                  minutes=int(KEEP_FOR.total_seconds() // 60))
            repo.queue_job(session=session, kind=POST, payload={"channel": where, "text": text, "notice": True},
                           now=now)
            event.reported_at = now
            session.add(event)
            reported += 1
    return applied, reported


def _apply(session: Session, event: PendingSlackEvent, lanes: LanesConfig, now: datetime) -> None:
    data = event.payload or {}
    outcome: object
    if event.kind == "reply":
        files = tuple(SlackFile(**item) for item in data.get("files") or [])
        reply = SlackReply(**{**data, "files": files})
        outcome = accept_reply(session=session, reply=reply, lanes=lanes, now=now, author_name=None)
    elif event.kind == "reaction":
        outcome = eyes_on(session=session, channel=event.channel, ts=event.ts, user=str(data["user"]),
                          lanes=lanes, now=now)
    else:
        outcome = card_action(session=session, channel=event.channel, ts=event.ts, action_id=str(data["action_id"]),
                              value=str(data.get("value") or ""), is_button=bool(data.get("is_button")),
                              user=str(data["user"]), lanes=lanes, now=now)
    log.info("kept Slack %s on %s/%s applied: %s", event.kind, event.channel, event.ts, outcome)
