"""Sending a rep's reply to WhatsApp through Twilio, once, inside the 24-hour window."""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from twilio.base.exceptions import TwilioException, TwilioRestException

from bot.conversations.after_hours import BOT_AUTHOR
from bot.conversations.delivery_status import replay_early
from bot.conversations.intake import set_opted_out
from bot.conversations.kinds import NOTE, REACT, SEND
from bot.conversations.senders import reply_from
from bot.delivery.once import clear_in_flight, find_sent, mark_in_flight
from bot.delivery.retry import TRANSIENT_NETWORK_ERRORS, Fault, Retry, backoff
from bot.delivery.template_send import create_args, window_closed_note
from bot.deps import Deps
from bot.slack import delivery_notes, notes
from bot.slack.to_whatsapp import resolve_mentions
from bot.store import Session, repo
from bot.store.models import Contact, Conversation, Message, OutboxJob
from bot.whatsapp import media_links
from bot.whatsapp.errors import Explanation, explain, for_template
from bot.whatsapp.window import is_open, window_closes

log = logging.getLogger(__name__)
T = TypeVar("T")

TWILIO_FAULTS = frozenset({"20003", "63007", "63001"})  # credentials, the sender: pause and alert
SEND_TRIES = 5
GIVEN_UP = object()  # retryable Twilio failures are retried this often before the rep is told
FAILED_MARK = "x"


def send_whatsapp(deps: Deps, job: OutboxJob) -> None:
    def load(session: Session) -> tuple[Message, Conversation, Contact]:
        message = session.get(Message, job.message_id)
        conversation = session.get(Conversation, message.conversation_id) if message else None
        contact = session.get(Contact, conversation.contact_id) if conversation else None
        if message is None or conversation is None or contact is None:
            raise Retry(f"reply {job.message_id} not found", delay=3600)
        return message, conversation, contact

    message, conversation, contact = deps.db.read(load)
    if message.status != "pending" or message.twilio_sid:
        return  # sent (or settled) already: a retried job never sends twice
    now = deps.clock.now()
    if contact.opted_out:
        _settle(deps, message, "refused", note=notes.opted_out())
        return
    last_inbound = conversation.last_inbound_at
    if not message.content_sid and not is_open(last_inbound, now):  # templates go out after 24 hours
        closes = window_closes(last_inbound)
        _settle(deps, message, "window_closed", code="63016",
                note=window_closed_note(deps, conversation, closes))
        return

    lane = deps.lanes.lane(conversation.lane) if deps.lanes.has_lane(conversation.lane) else None
    # Names are looked up here, not in the Slack listener (nothing slow before Slack's ack).
    text = resolve_mentions(message.body, deps.names)
    author_name = message.author_name or (deps.names(message.author) if message.author else None)
    body = text
    if lane is not None and lane.sign_replies and author_name and body.strip() and not message.content_sid:
        body = f"{body}\n— {author_name}"
    settings = deps.settings
    media = [item for item in message.media or [] if item.get("slack_file_id")]
    if media and not settings.public_url:
        _settle(deps, message, "failed", note=notes.media_refused("PUBLIC_URL is not set, so files cannot be shared"))
        return
    media_urls = [
        media_links.signed_url(settings.public_url or "", settings.slack_signing_secret, item["slack_file_id"], now=now)
        for item in media
    ]
    sender = reply_from(conversation, deps.lanes, settings.whatsapp_senders)  # the number the customer wrote to
    args = create_args(settings, message, contact, body, media_urls, from_=sender)
    to = str(args["to"])
    sent = _earlier_attempt(deps, job, message, to=to, from_=sender, body=body, media=len(media_urls))
    if sent is GIVEN_UP:
        return
    if sent is None:
        mark_in_flight(deps, job)  # from here until the sid is committed, an attempt may have reached Twilio
        try:
            sent = deps.twilio.messages.create(**args)
        except TwilioRestException as exc:
            if exc.status < 500:  # refused: nothing was sent
                clear_in_flight(deps, job)
            _failed(deps, job, message, explain(exc.code, exc.msg, http_status=exc.status))
            return
        except (TwilioException, *TRANSIENT_NETWORK_ERRORS) as exc:
            log.warning("Twilio unreachable sending reply %s: %s", message.id, exc)
            _failed(deps, job, message, explain(None, str(exc), http_status=None))
            return

    def record(session: Session) -> int:
        stored = _row(session, Message, message.id)
        stored.twilio_sid, stored.status, stored.status_at = sent.sid, sent.status or "queued", now
        stored.body, stored.author_name = text, author_name
        session.add(stored)
        clear_in_flight(deps, job, session)
        if message.author != BOT_AUTHOR:  # the bot's own after-hours reply does not answer the customer
            convo = _row(session, Conversation, conversation.id)
            convo.last_outbound_at = now
            session.add(convo)
        repo.add_event(session=session, kind="sent", at=now, conversation_id=conversation.id, actor=message.author,
                       data={"message_id": message.id, "sid": sent.sid})
        session.flush()
        return replay_early(session=session, message_sid=sent.sid, now=now, lanes=deps.lanes)

    if deps.db.transaction(record):
        deps.wake()


def _earlier_attempt(deps: Deps, job: OutboxJob, message: Message, *, to: str, from_: str, body: str,
                     media: int) -> Any:
    """After an attempt whose outcome is unknown, the message Twilio accepted then (adopted,
    never sent twice); None when there is none and a send may go ahead."""
    if job.in_flight_at is None:
        return None

    def known(sid: str) -> bool:
        return deps.db.read(lambda session: repo.message_by_sid(session=session, sid=sid)) is not None

    try:
        found = find_sent(deps, job, to=to, from_=from_, body=body if body.strip() else None, media=media,
                          known=known)
    except TwilioRestException as exc:
        if exc.status == 401:
            raise Fault("twilio:auth", error=str(exc.code or 401), service="Twilio",
                        action=delivery_notes.twilio_fault_action(None)) from exc
        raise Retry(f"Twilio: listing messages failed ({exc.status})", delay=backoff(job.attempts)) from exc
    except (TwilioException, *TRANSIENT_NETWORK_ERRORS) as exc:
        raise Retry(f"Twilio unreachable looking for an earlier attempt: {exc}", delay=backoff(job.attempts)) from exc
    if found is not None:
        log.warning("reply %s: adopted %s, which Twilio accepted on an earlier attempt", message.id, found.sid)
        return found
    clear_in_flight(deps, job)
    if job.attempts > SEND_TRIES:  # the last tries had no answer, and nothing went out: tell the rep
        _failed(deps, job, message, explain(None, "no answer", http_status=None))
        return GIVEN_UP
    return None


def _failed(deps: Deps, job: OutboxJob, message: Message, explanation: Explanation) -> None:
    explanation = for_template(explanation) if message.content_sid else explanation
    if explanation.code in TWILIO_FAULTS or (explanation.code is None and "credentials" in explanation.reason):
        key = "twilio:sender" if explanation.code in ("63007", "63001") else "twilio:auth"
        raise Fault(key, error=explanation.code or "401", service="Twilio",
                    action=delivery_notes.twilio_fault_action(explanation.code))
    if explanation.retryable and (job.attempts < SEND_TRIES or job.in_flight_at is not None):
        # An attempt whose outcome is unknown is never the last: the next one looks it up.
        raise Retry(f"Twilio: {explanation.reason}", delay=backoff(job.attempts))
    if explanation.window_closed and not message.content_sid:
        convo = deps.db.read(lambda session: session.get(Conversation, message.conversation_id))
        closes = window_closes(convo.last_inbound_at if convo else None)
        _settle(deps, message, "window_closed", code=explanation.code,
                note=window_closed_note(deps, convo, closes))
        return
    _settle(deps, message, "failed", code=explanation.code, reason=explanation.reason,
            note=notes.send_failed(explanation), opted_out=explanation.opted_out)


def _settle(deps: Deps, message: Message, status: str, *, note: str | dict[str, object], code: str | None = None,
            reason: str | None = None, opted_out: bool = False) -> None:
    """The reply will not go out: keep it with its status and say why in the thread."""
    now = deps.clock.now()

    def record(session: Session) -> None:
        stored = _row(session, Message, message.id)
        stored.status, stored.status_at, stored.error_code, stored.error_message = status, now, code, reason
        session.add(stored)
        repo.queue_job(session=session, kind=NOTE, conversation_id=message.conversation_id,
                       payload=note if isinstance(note, dict) else {"text": note}, now=now)
        if opted_out:  # Twilio 21610: WhatsApp says the customer unsubscribed
            conversation = session.get(Conversation, message.conversation_id)
            contact = session.get(Contact, conversation.contact_id) if conversation else None
            if contact is not None:
                set_opted_out(session=session, contact=contact, conversation_id=message.conversation_id,
                              opted_out=True, why={"twilio": code or ""}, now=now)
        if message.slack_ts:
            repo.queue_job(session=session, kind=REACT, conversation_id=message.conversation_id,
                           payload={"ts": message.slack_ts, "name": FAILED_MARK}, now=now)
        repo.add_event(session=session, kind="send_failed", at=now, conversation_id=message.conversation_id,
                       actor=message.author, data={"message_id": message.id, "status": status, "code": code})

    deps.db.transaction(record)
    deps.wake()


def _row(session: Session, model: type[T], key: int | None) -> T:
    row = session.get(model, key) if key is not None else None
    if row is None:
        raise Retry(f"{model.__name__} {key} not found", delay=3600)
    return row


RUNNERS = {SEND: send_whatsapp}
