"""Which conversation a click on a card is about, in one place: the card must be the
conversation's current card, and a button's value must name that conversation (a value
that does not is tampered with, or belongs to another card)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.conversations.kinds import EPHEMERAL
from bot.slack import ids, notes
from bot.store import Session, repo
from bot.store.models import Contact, Conversation


@dataclass(frozen=True)
class CardRefusal:
    text: str  # what the person is told, ephemerally


def card_clicked(
    *, session: Session, channel: str, ts: str, value: str | None
) -> Conversation | CardRefusal:
    """The conversation whose current card is (channel, ts); with a button's `value`, only
    if it names that conversation."""
    conversation = repo.card_at(session=session, channel=channel, ts=ts)
    if conversation is None or conversation.id is None:
        return CardRefusal(notes.CARD_NOT_CURRENT)
    if value is not None and ids.parse_card_value(value) != conversation.id:
        return CardRefusal(notes.CARD_TAMPERED)
    return conversation


def tell(*, session: Session, channel: str, user: str, text: str, now: datetime,
         conversation_id: int | None = None) -> None:
    """Queue an ephemeral answer to `user` in `channel` (sent after Slack was answered; in
    order with the conversation's other work when it is about one)."""
    repo.queue_job(session=session, kind=EPHEMERAL, conversation_id=conversation_id,
                   payload={"channel": channel, "user": user, "text": text}, now=now)


def contact_label(session: Session, conversation: Conversation) -> str:
    """How a form names the customer (untrusted; the renderer escapes it)."""
    contact = session.get(Contact, conversation.contact_id)
    if contact is None:
        return "this customer"
    return f"{contact.profile_name} ({contact.wa_id})" if contact.profile_name else contact.wa_id
