"""Slack events that beat the card's commit. Slack's Events API can deliver a thread reply,
a 👀 or a click on a card before the Web API's answer to the chat.postMessage that posted
it reached us (or before a crashed attempt's card is adopted): such an event, in a lane
channel where a card is still being posted, is kept and applied once the card's ts is
committed (`early_replay.replay_kept`); one still unknown after `KEEP_FOR` is reported."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from bot.lanes import LanesConfig
from bot.store import Session, repo

KEEP_FOR = timedelta(minutes=10)  # after this, an unmatched event is reported (and still kept)


def keep_if_early(
    *, session: Session, channel: str, ts: str, kind: str, payload: dict[str, Any], lanes: LanesConfig,
    now: datetime,
) -> bool:
    """Keep the event if (channel, ts) may be a card not committed yet: a lane channel with
    a card being posted, and a ts that is none of our cards (current or left behind)."""
    if channel not in {lane.channel for lane in lanes.lanes}:
        return False
    if not repo.card_pending_in(session=session, channel=channel):
        return False
    if repo.card_was_posted(session=session, channel=channel, ts=ts):
        return False
    repo.keep_slack_event(session=session, channel=channel, ts=ts, kind=kind, payload=payload, now=now)
    return True
