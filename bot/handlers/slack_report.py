"""`/wa-report`: read the request, queue the work, answer Slack at once.

The report itself is built by the delivery worker (`bot/delivery/report_jobs.py`) and
arrives a moment later; bad input gets a usage line with examples and nothing is queued.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App

from bot.deps import Deps
from bot.errors import StoreUnavailable
from bot.reports.command import COMMAND, ReadinessRequest, Usage, parse_command
from bot.reports.jobs import queue_report
from bot.slack import notes

log = logging.getLogger(__name__)



def register(app: App, deps: Deps) -> None:

    @app.command(COMMAND)
    def handle_wa_report(ack: Ack, command: dict[str, Any]) -> None:
        now = deps.clock.now()
        request = parse_command(command.get("text") or "", deps.lanes, now=now)
        if isinstance(request, Usage):
            ack(text=request.text)
            return
        if isinstance(request, ReadinessRequest):
            query, lanes = None, request.lanes
        else:
            query, lanes = request.query, ()
        try:
            deps.db.transaction(lambda session: queue_report(
                session=session, now=now, query=query, readiness=query is None, lanes=lanes, public=request.public,
                channel=command.get("channel_id") or "", user=command.get("user_id"),
                response_url=command.get("response_url")))
        except StoreUnavailable:
            log.exception("report request not stored")
            ack(text=notes.REPORT_FAILED)
            return
        if query is None:
            ack(text=notes.READINESS_STARTED)
        else:
            ack(text=notes.report_started(query.period.label))
        deps.wake()
