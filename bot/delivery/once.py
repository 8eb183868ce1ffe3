"""Exactly once against APIs without idempotency keys (Slack's chat.postMessage, Twilio's
messages.create).

Before a call that may reach the other side, the job is marked in flight (in its own
commit). A job that starts with the mark set had an attempt whose outcome is unknown (its
lease expired, the call timed out, the process died): it first looks for what that attempt
left — its own Slack post, found by the message metadata every post carries, or the
WhatsApp message to that customer with the same body since the first attempt — and adopts
it instead of calling again. A definite refusal clears the mark.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.delivery.retry import TRANSIENT_NETWORK_ERRORS, Retry, slack_retry
from bot.deps import Deps
from bot.slack import metadata
from bot.slack.paced_client import Paced
from bot.store import Session
from bot.store.models import OutboxJob

log = logging.getLogger(__name__)

HISTORY_LIMIT = 100  # a channel's newest messages searched for a lost card (bounded: recent only)
REPLIES_PAGES = 5  # pages of 200 thread replies searched for a lost thread post
LEASE_RENEWAL = timedelta(seconds=30)


def mark_in_flight(deps: Deps, job: OutboxJob) -> None:
    """Commit that a call which may reach the other side starts now (and renew the lease)."""
    now = deps.clock.now()

    def record(session: Session) -> None:
        stored = session.get(OutboxJob, job.id)
        if stored is None:
            return
        stored.in_flight_at = now
        stored.first_try_at = stored.first_try_at or now
        if stored.lease_until is not None:
            stored.lease_until = max(stored.lease_until, now + LEASE_RENEWAL)
        session.add(stored)

    deps.db.transaction(record)
    job.first_try_at = job.first_try_at or now
    job.in_flight_at = now


def clear_in_flight(deps: Deps, job: OutboxJob, session: Session | None = None) -> None:
    """The last call's outcome is known (recorded, or refused): nothing to look for."""
    def record(session: Session) -> None:
        stored = session.get(OutboxJob, job.id)
        if stored is not None and stored.in_flight_at is not None:
            stored.in_flight_at = None
            session.add(stored)

    if session is not None:
        record(session)
    else:
        deps.db.transaction(record)
    job.in_flight_at = None


def definite(exc: BaseException) -> bool:
    """Slack answered, and its answer says nothing was posted (ok: false, or 429)."""
    return isinstance(exc, SlackApiError) and exc.response.status_code in (200, 429)


def post_once(deps: Deps, job: OutboxJob, *, part: int = 0, **kwargs: Any) -> dict[str, Any]:
    """chat.postMessage with our metadata, at most once per (job, part): after an uncertain
    attempt, the post that attempt made is found and returned instead ({"ts", "channel"})."""
    channel, thread_ts = str(kwargs["channel"]), kwargs.get("thread_ts")
    if job.in_flight_at is not None:
        found = find_own_post(deps, job, part=part, channel=channel, thread_ts=thread_ts)
        if found is not None:
            log.warning("job %s part %s: adopted its own post %s in %s (an earlier attempt had posted it)",
                        job.id, part, found, channel)
            return {"ts": found, "channel": channel, "adopted": True}
    mark_in_flight(deps, job)
    kwargs["metadata"] = metadata.post_metadata(conversation_id=job.conversation_id, job_id=job.id, part=part)
    try:
        response = deps.slack.chat_postMessage(**kwargs)
    except Paced:  # put back by the pacer before anything was sent: not an uncertain attempt
        clear_in_flight(deps, job)
        raise
    except SlackApiError as exc:
        if definite(exc):
            clear_in_flight(deps, job)
        raise slack_retry(exc, channel) from exc
    except TRANSIENT_NETWORK_ERRORS as exc:
        raise slack_retry(exc, channel) from exc
    return {"ts": response["ts"], "channel": response.get("channel") or channel}


def find_own_post(deps: Deps, job: OutboxJob, *, part: int, channel: str, thread_ts: str | None) -> str | None:
    """The ts of the post (job, part) made, among the channel's recent messages or the
    thread's replies, read with include_all_metadata; None if it is not there.

    A DM (the channel is a user id) is not looked up: reading it back would need `im:history`,
    which the app does not ask for. A lookup Slack refuses (other than a rate limit) is
    logged and the post goes ahead: at worst twice, never lost."""
    if channel[:1] in ("U", "W"):
        return None
    try:
        for message in _messages(deps, channel, thread_ts):
            mine = metadata.read_post(message)
            if mine is not None and mine[0] == job.id and mine[1] == part and isinstance(message.get("ts"), str):
                return str(message["ts"])
    except SlackApiError as exc:
        retry = slack_retry(exc, channel)
        if type(retry) is not Retry or exc.response.status_code != 200:
            raise retry from exc  # rate limited, a server error, or the post itself cannot succeed
        log.warning("job %s: could not look for its earlier post in %s (%s); posting", job.id, channel,
                    exc.response.get("error"))
    except TRANSIENT_NETWORK_ERRORS as exc:
        raise slack_retry(exc, channel) from exc
    return None


def _messages(deps: Deps, channel: str, thread_ts: str | None) -> list[dict[str, Any]]:
    if thread_ts is None:
        history = deps.slack.conversations_history(channel=channel, limit=HISTORY_LIMIT, include_all_metadata=True)
        return list(history.get("messages") or [])
    found: list[dict[str, Any]] = []
    cursor = None
    for _page in range(REPLIES_PAGES):
        replies = deps.slack.conversations_replies(channel=channel, ts=thread_ts, limit=200, cursor=cursor,
                                                   include_all_metadata=True)
        found += list(replies.get("messages") or [])
        cursor = (replies.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            break
    return found


def find_sent(deps: Deps, job: OutboxJob, *, to: str, from_: str, body: str | None, media: int,
              known: Callable[[str], bool]) -> Any | None:
    """The WhatsApp message an uncertain attempt had Twilio accept: to `to` from `from_` (the
    sender the send uses), with the same body and number of media, sent since the day before the
    first attempt, and not one we have recorded already (the oldest such). Raises what the call raises."""
    since = ((job.first_try_at or deps.clock.now()) - timedelta(days=1)).date()
    candidates = deps.twilio.messages.list(to=to, from_=from_, date_sent_after=since, limit=50)
    matches = [m for m in candidates
               if (m.body or "") == (body or "") and int(m.num_media or 0) == media
               and str(m.direction or "").startswith("outbound") and m.sid and not known(str(m.sid))]
    return matches[-1] if matches else None  # newest first: the last is the oldest
