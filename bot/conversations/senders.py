"""Which of our WhatsApp numbers a conversation uses.

A conversation remembers the number its customer last wrote to (`conversation.sender`): the
customer's WhatsApp shows each of our numbers as its own chat, so replies, templates and every
automatic message leave from the number they are talking to. One open conversation per contact
holds: writing to another of our numbers continues the same conversation, switches its sender
(with a note in the thread and the card updated) and replies follow. WhatsApp's 24-hour window
is per customer and number; `last_inbound_at` is the last message to the current sender, so the
window checked is the one of the number replies leave from.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.conversations.kinds import CARD_UPDATE, NOTE
from bot.lanes import LanesConfig
from bot.slack import card_notes
from bot.store import Session, repo
from bot.store.models import Conversation


def reply_from(conversation: Conversation, lanes: LanesConfig, senders: Sequence[str]) -> str:
    """The number the conversation's messages leave from: the one its customer wrote to, else its
    lane's, else the first configured; a number no longer among `senders` is skipped."""
    lane = lanes.lane(conversation.lane) if lanes.has_lane(conversation.lane) else None
    for candidate in (conversation.sender, lane.sender if lane else None):
        if candidate is not None and candidate in senders:
            return candidate
    return senders[0]


def wrote_to(*, session: Session, conversation: Conversation, to: str | None, now: datetime) -> None:
    """The customer wrote to `to`: keep it as the conversation's sender; a switch from another of
    our numbers is noted in the thread (and on the card)."""
    if to is None or conversation.sender == to:
        return
    was, conversation.sender = conversation.sender, to
    session.add(conversation)
    if was is None or conversation.id is None:
        return  # a new conversation, or one stored before senders were kept: nothing switched
    repo.add_event(session=session, kind="sender_changed", at=now, conversation_id=conversation.id,
                   data={"from": was, "to": to})
    repo.queue_job(session=session, kind=NOTE, conversation_id=conversation.id,
                   payload={"text": card_notes.now_writes_to(to, was)}, now=now)
    repo.queue_job(session=session, kind=CARD_UPDATE, conversation_id=conversation.id, now=now)
