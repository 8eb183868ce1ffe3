"""The conversation's card: posting it (exactly once, its ts committed as soon as Slack
answers), its permalink, re-rendering it, and marking a card a lane move left behind."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from slack_sdk.errors import SlackApiError

from bot.conversations.early_replay import replay_kept
from bot.conversations.kinds import CARD, CARD_MOVED, CARD_PERMALINK, CARD_UPDATE
from bot.delivery.once import clear_in_flight, post_once
from bot.delivery.retry import TRANSIENT_NETWORK_ERRORS
from bot.delivery.slack_jobs import _get, _thread, slack_call
from bot.deps import Deps
from bot.lanes import LanesConfig
from bot.routing.ladder import FOLLOWUP_CHOICES
from bot.slack import notes, triage_notes
from bot.slack.blocks import CardView, render_card
from bot.store import Session, repo
from bot.store.models import Contact, Conversation, OutboxJob

log = logging.getLogger(__name__)


def card_view(conversation: Conversation, contact: Contact, lanes: LanesConfig,
              names: Callable[[str], str | None] = lambda _user: None,
              previous: Conversation | None = None, senders: Sequence[str] = ()) -> CardView:
    """The card of `conversation` as stored: the one place a card's content comes from. With
    several `senders` (our WhatsApp numbers) it names the one the customer wrote to."""
    assert conversation.id is not None
    lane = lanes.lane(conversation.lane) if lanes.has_lane(conversation.lane) else None
    referral = conversation.referral or {}
    notices = []
    if contact.opted_out:
        notices.append(notes.card_opted_out())
    if lane is not None and lane.alerts_only:
        notices.append(notes.card_alerts_only())
    if conversation.label_review:
        notices.append(triage_notes.pick_label(conversation.label_confidence))
    return CardView(
        conversation_id=conversation.id,
        contact_name=contact.profile_name,
        contact_number=contact.phone_e164 or contact.wa_id,
        lane=conversation.lane,
        label=conversation.label,
        score=conversation.score,
        owner=conversation.owner,
        status=conversation.status,
        reason=conversation.route_reason,
        labels=lanes.labels,
        entry_ref=conversation.entry_ref,
        referral=referral.get("Headline") or referral.get("Body"),
        opened_at=conversation.created_at,
        notices=tuple(notices),
        claimed_at=conversation.claimed_at,
        outcome=conversation.outcome,
        closed_by=conversation.closed_by,
        closed_at=conversation.closed_at,
        followup_at=conversation.followup_at,
        followup_choices=tuple(FOLLOWUP_CHOICES.items()),
        moved_from=conversation.moved_from,
        previous=(previous.permalink, previous.outcome or "closed") if previous and previous.permalink else None,
        members=tuple((member, names(member) or member) for member in lane.members) if lane else (),
        other_lanes=tuple(other.name for other in lanes.lanes if other.name != conversation.lane),
        score_band=conversation.score_band,
        score_reasons=tuple(conversation.score_reasons or ()),
        label_confidence=conversation.label_confidence,
        wrote_to=conversation.sender if len(senders) > 1 else None,
    )


def post_card(deps: Deps, job: OutboxJob) -> None:
    """Post the card and commit its ts as soon as Slack answers; the thread replies, 👀 and
    clicks that beat this commit were kept and are applied in the same transaction."""
    conversation, contact, previous = deps.db.read(lambda session: _card_rows(session, job.conversation_id))
    if conversation.thread_ts:
        return  # posted already: the job was interrupted after the commit
    text, blocks = _rendered(deps, conversation, contact, previous)
    response = post_once(deps, job, channel=conversation.channel, text=text, blocks=blocks,
                         unfurl_links=False, unfurl_media=False)
    now = deps.clock.now()

    def record(session: Session) -> int:
        stored = _get(session, Conversation, conversation.id)
        stored.thread_ts = response["ts"]
        stored.channel = response.get("channel") or stored.channel
        session.add(stored)
        clear_in_flight(deps, job, session)
        repo.add_event(session=session, kind="card_posted", at=now, conversation_id=stored.id,
                       actor=f"{stored.channel}:{stored.thread_ts}"[:64],
                       data={"channel": stored.channel, "ts": stored.thread_ts, "adopted": bool(response.get("adopted"))})
        repo.queue_job(session=session, kind=CARD_PERMALINK, conversation_id=stored.id, now=now)
        session.flush()
        return replay_kept(session=session, channel=stored.channel, ts=stored.thread_ts, lanes=deps.lanes, now=now)

    if deps.db.transaction(record):
        log.info("card %s: applied Slack events that arrived before its ts was committed", conversation.id)
    deps.wake()


def update_card(deps: Deps, job: OutboxJob) -> None:
    """Push the card, rendered from the database now, with chat.update (last write wins)."""
    conversation, contact, previous = deps.db.read(lambda session: _card_rows(session, job.conversation_id))
    text, blocks = _rendered(deps, conversation, contact, previous)
    slack_call(deps.slack.chat_update, channel=conversation.channel, ts=_thread(deps, conversation), text=text, blocks=blocks)


def mark_card_moved(deps: Deps, job: OutboxJob) -> None:
    """The card a lane move left behind: say where the conversation went; no controls."""
    payload = job.payload or {}
    text = notes.card_moved(str(payload.get("to_lane", "")))
    slack_call(deps.slack.chat_update, channel=payload["channel"], ts=payload["ts"], text=text,
           blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": text}}])


def store_permalink(deps: Deps, job: OutboxJob) -> None:
    """The card's permalink, for App Home and links between cards (its own step, after the
    card's ts is committed: nothing waits on it)."""
    conversation = deps.db.read(lambda session: _get(session, Conversation, job.conversation_id))
    if not conversation.thread_ts or conversation.permalink:
        return
    try:
        permalink = str(deps.slack.chat_getPermalink(channel=conversation.channel,
                                                     message_ts=conversation.thread_ts)["permalink"])
    except (SlackApiError, *TRANSIENT_NETWORK_ERRORS):
        log.warning("no permalink for %s/%s", conversation.channel, conversation.thread_ts)
        return

    def record(session: Session) -> None:
        stored = _get(session, Conversation, conversation.id)
        if stored.thread_ts == conversation.thread_ts:
            stored.permalink = permalink
            session.add(stored)

    deps.db.transaction(record)


RUNNERS = {CARD: post_card, CARD_UPDATE: update_card, CARD_MOVED: mark_card_moved, CARD_PERMALINK: store_permalink}


def _rendered(deps: Deps, conversation: Conversation, contact: Contact,
              previous: Conversation | None) -> tuple[str, list[dict]]:
    senders = deps.settings.whatsapp_senders  # with several, the card names the one written to
    return render_card(card_view(conversation, contact, deps.lanes, deps.names, previous, senders))


def _card_rows(session: Session, conversation_id: int | None) -> tuple[Conversation, Contact, Conversation | None]:
    conversation = _get(session, Conversation, conversation_id)
    previous = session.get(Conversation, conversation.previous_id) if conversation.previous_id else None
    return conversation, _get(session, Contact, conversation.contact_id), previous
