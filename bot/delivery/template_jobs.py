"""The lane's automatic follow-up template (the waiting-for-customer nudge): look the
template up in the catalogue, fill in what the bot knows, and queue it like a rep's
template (shown in the thread, then sent once). A template that is missing or not
approved is reported in the thread instead."""

from __future__ import annotations

from bot.conversations import outreach
from bot.conversations.kinds import FOLLOWUP_TEMPLATE, NOTE
from bot.deps import Deps
from bot.slack import timer_notes
from bot.store import Session, repo
from bot.store.models import Contact, Conversation, OutboxJob
from bot.whatsapp.templates import first_name, missing, prefill


def send_followup_template(deps: Deps, job: OutboxJob) -> None:
    sid = str((job.payload or {}).get("content_sid") or "")
    key = "confirm_template" if (job.payload or {}).get("purpose") == "confirm" else "followup_template"
    now = deps.clock.now()
    template = deps.templates.find(sid, now)

    def load(session: Session) -> tuple[Conversation | None, Contact | None]:
        conversation = session.get(Conversation, job.conversation_id)
        return conversation, session.get(Contact, conversation.contact_id) if conversation else None

    conversation, contact = deps.db.read(load)
    if conversation is None or conversation.id is None:
        return
    conversation_id = conversation.id
    known = {"first_name": first_name(contact.profile_name if contact else None),
             "rep": (deps.names(conversation.owner) or "") if conversation.owner else ""}
    values = prefill(template, known) if template is not None else {}
    problem = None
    if template is None or not template.approved:
        problem = timer_notes.followup_template_unusable(sid, template.status if template else None, key)
    elif missing(template, values):
        problem = timer_notes.followup_template_unusable(
            sid, "missing values " + ", ".join(missing(template, values)), key)

    def record(session: Session) -> None:
        if problem is not None or template is None:
            repo.queue_job(session=session, kind=NOTE, conversation_id=conversation_id,
                           payload={"text": problem or ""}, now=now)
            return
        outreach.queue_template(session=session, conversation_id=conversation_id, user=None, template=template,
                                values=values, lanes=deps.lanes, now=now, check=False)

    deps.db.transaction(record)
    deps.wake()


RUNNERS = {FOLLOWUP_TEMPLATE: send_followup_template}
