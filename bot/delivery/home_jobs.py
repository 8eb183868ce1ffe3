"""Publishing a rep's App Home: an outbox job (queued when what it shows changes) and the same
work called directly when the rep opens the tab or flips their availability."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.conversations.home import home_data
from bot.conversations.kinds import HOME
from bot.delivery.retry import TRANSIENT_NETWORK_ERRORS, slack_retry
from bot.deps import Deps
from bot.slack.home import render_home
from bot.store.models import OutboxJob

log = logging.getLogger(__name__)

__all__ = ["HOME", "RUNNERS", "home_payload", "publish_home", "publish_home_of"]

# views.publish errors that no retry can fix: the job is dropped with a warning.
PERMANENT_ERRORS = frozenset({"not_enabled", "user_not_found", "invalid_arguments", "invalid_blocks"})


def home_payload(user: str) -> dict[str, str]:
    """The payload of a HOME job for `user` (for `repo.queue_job(kind=HOME, payload=...)`)."""
    return {"user": user}


def publish_home_of(deps: Deps, user: str) -> None:
    """Render `user`'s Home from the database now and publish it (last write wins).

    Raises `Retry` when Slack fails in a way that may pass (rate limit, network, 5xx)."""
    now = deps.clock.now()
    data = deps.db.read(lambda session: home_data(session=session, user=user, lanes=deps.lanes, now=now))
    view = render_home(data, now=now)
    try:
        deps.slack.views_publish(user_id=user, view=view)
    except SlackApiError as exc:
        error = exc.response.get("error") if isinstance(exc.response.data, dict) else None
        if error in PERMANENT_ERRORS:
            log.warning("Home of %s not published: %s", user, error)
            return
        raise slack_retry(exc) from exc
    except TRANSIENT_NETWORK_ERRORS as exc:
        raise slack_retry(exc) from exc


def publish_home(deps: Deps, job: OutboxJob) -> None:
    user = (job.payload or {}).get("user")
    if not isinstance(user, str) or not user:
        log.error("job %s (%s) names no user; dropped", job.id, job.kind)
        return
    publish_home_of(deps, user)


RUNNERS = {HOME: publish_home}
