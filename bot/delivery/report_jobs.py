"""`/wa-report` work, done by the delivery worker after the command was answered.

The slash command stores the request as an outbox job and answers Slack at once; the job
builds the report from the database and shows it:

- ephemeral (the default): through the command's `response_url`, so it works in any
  channel, DM or private channel, bot invited or not; when that URL has expired (30 min)
  or is used up, as a DM from the app instead;
- `public`: posted in the channel with `chat.postMessage`; then a second job uploads the
  chart into the report's thread. If the app may not post there, the report still reaches
  the person, with a hint to invite the app.

The weekly report is the same job, public, in the lanes file's channel.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject
from slack_sdk.webhook import WebhookClient

from bot.conversations.kinds import REPORT, REPORT_CHART
from bot.delivery.retry import TRANSIENT_NETWORK_ERRORS, Retry, slack_retry
from bot.delivery.slack_jobs import slack_call
from bot.deps import Deps
from bot.reports.blocks import report_blocks, report_text
from bot.reports.jobs import query_of
from bot.reports.model import Report
from bot.reports.queries import build_report
from bot.store import repo
from bot.store.models import OutboxJob

log = logging.getLogger(__name__)

CANNOT_POST_HERE = ("not_in_channel", "channel_not_found", "is_archived", "restricted_action", "ekm_access_denied")
WEBHOOK_TIMEOUT = 10


# -- running -------------------------------------------------------------------------


def run_report(deps: Deps, job: OutboxJob) -> None:
    payload = dict(job.payload or {})
    if payload.get("readiness"):
        blocks, text = _readiness(deps, tuple(payload.get("lanes") or ()))
        _show(deps, payload, blocks, text, report=None)
        return
    query = query_of(payload, deps.clock.now())
    report = deps.db.snapshot(lambda session: build_report(session, deps.lanes, query))
    public = bool(payload.get("public"))
    chart_note = "Chart in the thread :point_down:" if public and not report.empty else None
    blocks = report_blocks(report, public=public, chart_note=chart_note)
    _show(deps, payload, blocks, report_text(report), report=report)


def _show(deps: Deps, payload: dict[str, Any], blocks: list[Block], text: str, *, report: Report | None) -> None:
    if not payload.get("public"):
        _tell(deps, payload, blocks, text)
        return
    try:
        posted = deps.slack.chat_postMessage(channel=payload["channel"], blocks=blocks, text=text,
                                             unfurl_links=False, unfurl_media=False)
    except SlackApiError as exc:
        if exc.response.get("error") not in CANNOT_POST_HERE or not payload.get("user"):
            raise slack_retry(exc) from exc
        hint = ContextBlock(elements=[MarkdownTextObject(
            text=":warning: I can't post in this channel, so only you can see this report. "
                 "Invite me with `/invite @WA Bridge` to share reports here.")])
        _tell(deps, payload, [hint, *blocks], text)
        return
    except TRANSIENT_NETWORK_ERRORS as exc:
        raise slack_retry(exc) from exc
    if report is not None and not report.empty:
        chart = {**payload, "channel": posted["channel"], "thread_ts": posted["ts"]}
        deps.db.transaction(lambda session: repo.queue_job(session=session, kind=REPORT_CHART, payload=chart,
                                                           now=deps.clock.now()))
        deps.wake()


def _tell(deps: Deps, payload: dict[str, Any], blocks: list[Block], text: str) -> None:
    """Only to the person who asked: through the command's response_url, else a DM."""
    url = payload.get("response_url")
    if url:
        try:
            answer = WebhookClient(url, timeout=WEBHOOK_TIMEOUT).send(
                text=text, blocks=blocks, response_type="ephemeral", replace_original=False)
        except TRANSIENT_NETWORK_ERRORS as exc:
            raise Retry(f"response_url unreachable: {exc}") from exc
        if answer.status_code == 200:
            return
        if answer.status_code == 429 or answer.status_code >= 500:
            raise Retry(f"response_url answered {answer.status_code}")
        log.warning("response_url answered %s %s: sending the report as a DM", answer.status_code, answer.body)
    if not payload.get("user"):
        log.warning("report for %s dropped: nobody to tell", payload.get("channel"))
        return
    slack_call(deps.slack.chat_postMessage, channel=payload["user"], blocks=blocks, text=text,
               unfurl_links=False, unfurl_media=False)


def run_chart(deps: Deps, job: OutboxJob) -> None:
    from bot.reports.chart import (
        render_chart,  # matplotlib: imported by the worker only when needed
    )

    payload = dict(job.payload or {})
    query = query_of(payload, deps.clock.now())
    report = deps.db.snapshot(lambda session: build_report(session, deps.lanes, query))
    png = render_chart(report)
    if png is None:
        return
    slack_call(deps.slack.files_upload_v2, channel=payload["channel"], thread_ts=payload["thread_ts"], content=png,
               filename=f"wa-report-{query.period.first_day}-{query.period.last_day}.png",
               title=f"WhatsApp conversations — {query.period.label}")


def _readiness(deps: Deps, lanes: tuple[str, ...]) -> tuple[list[Block], str]:
    from bot.reports.readiness import score_lanes
    from bot.reports.readiness_view import readiness_blocks
    from bot.reports.slack_facts import gather_facts

    only = lanes or None
    facts = gather_facts(deps.slack, deps.lanes, only=only)
    results = score_lanes(deps.lanes, facts, only=only, sender=deps.settings.twilio_whatsapp_from)
    summary = ", ".join(f"{result.lane} {result.total}/10" for result in results)
    return readiness_blocks(results, problems=facts.problems), f"Lane readiness: {summary}"


RUNNERS = {REPORT: run_report, REPORT_CHART: run_chart}
