"""What a rep's App Home shows, read from the store: their open conversations and the
unclaimed ones in their lanes, each list capped, with a count of what did not fit."""

from __future__ import annotations

from datetime import datetime

from bot.conversations.availability import is_away
from bot.lanes import LanesConfig
from bot.slack.home import HomeData, HomeItem
from bot.store import Session, repo
from bot.store.models import Contact, Conversation

LIST_LIMIT = 20  # items per list; 2 × 20 items keep the Home tab well under Slack's 100 blocks


def home_data(*, session: Session, user: str, lanes: LanesConfig, now: datetime, limit: int = LIST_LIMIT) -> HomeData:
    """The Home of `user` as stored: away or not, their open conversations (the longest
    unanswered first, then the ones waiting on nobody, oldest first) and the unclaimed open
    ones in the lanes they may work (oldest first). Each list holds at most `limit` items.

    `now` is part of the call for symmetry with the renderer; the lists do not depend on it
    (waiting times are worded from `now` by `bot.slack.home.render_home`).
    """
    del now
    lane_names = tuple(lane.name for lane in lanes.lanes_of(user))
    mine_rows, mine_more = repo.open_for_home(session=session, owner=user, limit=limit)
    unclaimed_rows, unclaimed_more = (
        repo.open_for_home(session=session, lanes=list(lane_names), limit=limit) if lane_names else ([], 0)
    )
    return HomeData(
        away=is_away(session=session, user=user),
        mine=[_item(c, p) for c, p in mine_rows], unclaimed=[_item(c, p) for c, p in unclaimed_rows],
        mine_more=mine_more, unclaimed_more=unclaimed_more, lanes=lane_names,
    )


def _item(conversation: Conversation, contact: Contact) -> HomeItem:
    assert conversation.id is not None
    inbound, outbound = conversation.last_inbound_at, conversation.last_outbound_at
    unanswered = inbound is not None and (outbound is None or inbound > outbound)
    return HomeItem(
        conversation_id=conversation.id,
        contact_name=contact.profile_name,
        contact_number=contact.phone_e164 or contact.wa_id,
        lane=conversation.lane,
        status=conversation.status,
        score=conversation.score,
        permalink=conversation.permalink,
        waiting_since=inbound if unanswered else None,
    )
