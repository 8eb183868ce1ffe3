"""Knowledge-base suggestions under a customer's question, and private drafts.

`suggest` (``slack.kb_suggest``): match the question against kb/ (BM25) and, when something
matches, post up to three articles with **Suggest reply** (and **Saved reply** when the lane
has saved replies) in the thread. `draft` (``slack.draft``): compose a draft in the
customer's language — from the best article or saved reply, with a next step timed by the
lane's working hours — and show it only to the rep who asked (``chat.postEphemeral``).
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime

from slack_sdk.errors import SlackApiError

from bot.assist import draft as drafts
from bot.assist.library import SavedReply, articles, saved_replies
from bot.assist.search import best_articles, best_reply
from bot.conversations.drafting import DraftFacts, draft_facts, question_text
from bot.conversations.kinds import DRAFT, KB_SUGGEST, POST_TEXT
from bot.conversations.schedule import calendar_of
from bot.delivery.retry import Retry, slack_retry
from bot.delivery.slack_jobs import post_text, slack_call
from bot.deps import Deps
from bot.slack import notes
from bot.slack.assist_ui import ArticleLink, draft_message, suggestion_note
from bot.routing.language import is_question
from bot.store import Session, repo
from bot.store.models import OutboxJob

log = logging.getLogger(__name__)


def _facts(deps: Deps, job: OutboxJob, message_id: int | None) -> DraftFacts:
    conversation_id = job.conversation_id
    facts = deps.db.read(lambda session: draft_facts(session=session, conversation_id=conversation_id or 0,
                                                     message_id=message_id)) if conversation_id else None
    if facts is None:
        raise Retry(f"conversation {conversation_id} not found", delay=3600)
    return facts


def post_text_then_suggest(deps: Deps, job: OutboxJob) -> None:
    """The customer's text into the thread (`slack_jobs.post_text`); then, when it asks
    something and kb/ has articles, queue the suggestion (once: the job's payload records it)."""
    post_text(deps, job)
    if (job.payload or {}).get("kb") or job.message_id is None or not articles(deps.settings.kb_dir):
        return
    message_id = job.message_id
    body = deps.db.read(lambda session: question_text(session=session, message_id=message_id))
    if not body or not is_question(body):
        return

    def record(session: Session) -> None:
        stored = session.get(OutboxJob, job.id)
        if stored is None or (stored.payload or {}).get("kb"):
            return
        stored.payload = {**(stored.payload or {}), "kb": True}
        session.add(stored)
        repo.queue_job(session=session, kind=KB_SUGGEST, conversation_id=job.conversation_id,
                       message_id=message_id, now=deps.clock.now())

    deps.db.transaction(record)
    job.payload = {**(job.payload or {}), "kb": True}
    deps.wake()


def suggest(deps: Deps, job: OutboxJob) -> None:
    facts = _facts(deps, job, job.message_id)
    matches = best_articles(facts.question, articles(deps.settings.kb_dir), language=facts.language, lane=facts.lane)
    if not matches or job.message_id is None:
        return
    if not facts.thread_ts:
        raise Retry("the card is not posted yet", delay=5)
    has_replies = any(r.for_lane(facts.lane) for r in saved_replies(deps.settings.replies_dir))
    links = [ArticleLink(m.article.title, m.article.url, m.article.language) for m in matches]
    payload = suggestion_note(facts.conversation_id, job.message_id, links, has_replies)
    slack_call(deps.slack.chat_postMessage, channel=facts.channel, thread_ts=facts.thread_ts, text=payload["text"],
               blocks=payload["blocks"], unfurl_links=False, unfurl_media=False)


def compose_draft(deps: Deps, facts: DraftFacts, *, kind: str, reply_key: str | None,
                  rep_name: str, now: datetime) -> tuple[str, str, str | None] | None:
    """(text, source, basis) of a draft; None when the saved reply asked for is gone."""
    lanes = deps.lanes
    lane = lanes.lane(facts.lane) if lanes.has_lane(facts.lane) else lanes.lanes[0]
    calendar = calendar_of(lanes, lane, facts.owner)
    when = drafts.promise_time(calendar, now, lane.reply_within)
    replies = [r for r in saved_replies(deps.settings.replies_dir) if r.for_lane(facts.lane)]
    values = {"first_name": facts.first_name, "rep_name": rep_name,
              "followup_date": notes.local_time(facts.followup_at, calendar.tz) if facts.followup_at else "",
              "next_step": drafts.next_step(when, calendar.tz, facts.language, answered=True)}
    if kind == "reply":
        chosen: SavedReply | None = next((r for r in replies if r.key == reply_key), None)
        text = chosen.text_in(drafts.language_of(facts.language)) if chosen else None
        if chosen is None or text is None:
            return None
        filled = drafts.fill_reply(text, values)
        if values["next_step"] not in filled:  # a saved reply without {next_step} still promises a time
            filled = f"{filled}\n\n{values['next_step']}"
        return filled, "saved reply", chosen.title
    matches = best_articles(facts.question, articles(deps.settings.kb_dir), language=facts.language, lane=facts.lane)
    mine = [m for m in matches if m.article.language == drafts.language_of(facts.language)]
    answer: str | None
    basis: str | None
    if mine:
        answer, basis = mine[0].article.body, mine[0].article.title
    else:
        reply = best_reply(facts.question, replies, language=drafts.language_of(facts.language), lane=facts.lane)
        text = reply.text_in(drafts.language_of(facts.language)) if reply else None
        values_no_step = {**values, "next_step": ""}
        answer = drafts.fill_reply(text, values_no_step).strip() if text else None
        basis = reply.title if reply else None
    draft = drafts.compose(language=facts.language, first_name=facts.first_name, answer=answer, when=when,
                           tz=calendar.tz)
    return draft, "suggested reply", basis


def draft(deps: Deps, job: OutboxJob) -> None:
    payload = job.payload or {}
    user, channel = str(payload.get("user") or ""), str(payload.get("channel") or "")
    message_id = payload.get("message_id")
    facts = _facts(deps, job, message_id if isinstance(message_id, int) else None)
    rep_name = deps.names(user) or ""
    composed = compose_draft(deps, facts, kind=str(payload.get("kind") or "kb"),
                             reply_key=str(payload.get("reply") or "") or None, rep_name=rep_name,
                             now=deps.clock.now())
    if composed is None:
        text, blocks = "That saved reply is no longer available in the customer's language.", None
    else:
        body, source, basis = composed
        message = draft_message(facts.conversation_id, secrets.token_urlsafe(9), source, body, basis=basis)
        text, blocks = message["text"], message["blocks"]
    try:
        deps.slack.chat_postEphemeral(channel=channel or facts.channel, user=user, text=text, blocks=blocks,
                                      thread_ts=facts.thread_ts)
    except SlackApiError as exc:
        if exc.response.get("error") in ("user_not_in_channel", "channel_not_found", "not_in_channel"):
            log.info("draft for %s not shown: %s", user, exc.response.get("error"))
            return
        raise slack_retry(exc) from exc


# POST_TEXT is slack_jobs.post_text followed by the question check (this entry replaces
# slack_jobs' in the worker's table, which merges assist_jobs.RUNNERS after it).
RUNNERS = {POST_TEXT: post_text_then_suggest, KB_SUGGEST: suggest, DRAFT: draft}
