"""Who a customer is, for the thread of a new conversation: earlier conversations (dates,
labels, outcomes, who handled them), the last thing promised (a follow-up date, the
closing note, the team's last note) and the account facts of the contacts import.

`queue_context` posts it once, right after the card, and only when there is something to
say (a first-time customer without an account gets nothing). The account owner also gets
the customer's new conversations first where the lane assigns automatically
(`account_owner`).
"""

from __future__ import annotations

from datetime import datetime

from bot.conversations.kinds import NOTE
from bot.lanes import Lane, LanesConfig
from bot.slack.context_notes import AccountFacts, CustomerContext, PastConversation, context_note
from bot.store import Session, repo
from bot.store.models import Contact, Conversation


def gather(*, session: Session, conversation: Conversation, contact: Contact) -> CustomerContext:
    assert conversation.id is not None and contact.id is not None
    # Only conversations someone handled say something (the card already links the previous one);
    # a label the triage guessed (it has a confidence) is not handling.
    earlier = [c for c in repo.earlier_conversations(session=session, contact_id=contact.id, before_id=conversation.id)
               if c.owner or c.closed_by or c.outcome or (c.label and c.label_confidence is None)]
    past = tuple(PastConversation(opened_at=c.created_at, lane=c.lane, label=c.label, outcome=c.outcome,
                                  status=c.status, handled_by=c.owner or c.closed_by) for c in earlier)
    last = earlier[0] if earlier else None
    closing_note = team_note = None
    if last is not None and last.id is not None:
        closing_note = repo.close_note(session=session, conversation_id=last.id)
        notes = repo.last_notes(session=session, conversation_id=last.id, limit=1)
        team_note = notes[0].body if notes else None
    account = repo.account_of(session=session, number=contact.phone_e164 or contact.wa_id)
    facts = None
    if account is not None:
        facts = AccountFacts(name=account.name, company=account.company, plan=account.plan, owner=account.owner,
                             notes=account.notes)
    return CustomerContext(past=past, followup_at=last.followup_at if last else None, closing_note=closing_note,
                           team_note=team_note, account=facts)


def queue_context(*, session: Session, conversation: Conversation, lanes: LanesConfig, now: datetime) -> None:
    contact = session.get(Contact, conversation.contact_id)
    if contact is None:
        return
    context = gather(session=session, conversation=conversation, contact=contact)
    text = context_note(context, lanes.workspace.timezone)
    if text:
        repo.queue_job(session=session, kind=NOTE, conversation_id=conversation.id, payload={"text": text}, now=now)


def account_owner(*, session: Session, contact_id: int, lane: Lane) -> str | None:
    """The customer's account owner when they can take a new conversation in `lane` now:
    a member of it, not away, and under the lane's `max_open`."""
    contact = session.get(Contact, contact_id)
    account = repo.account_of(session=session, number=(contact.phone_e164 or contact.wa_id) if contact else None)
    owner = account.owner if account is not None else None
    if owner is None or owner not in lane.members:
        return None
    if owner in repo.away_users(session=session, users=(owner,)):
        return None
    if lane.max_open and repo.open_counts(session=session, users=(owner,)).get(owner, 0) >= lane.max_open:
        return None
    return owner
