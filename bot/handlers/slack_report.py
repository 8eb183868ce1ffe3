"""`/wa-report`: read the request, queue the work, answer Slack at once.

The report itself is built by the delivery worker (`bot/delivery/report_jobs.py`) and
arrives a moment later; bad input gets a usage line with examples and nothing is queued.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App

from dataclasses import replace

from bot.conversations import permissions
from bot.deps import Deps
from bot.errors import StoreUnavailable
from bot.handlers.slack_team import our_team
from bot.reports.command import COMMAND, ReadinessRequest, ReportRequest, Usage, parse_command
from bot.reports.jobs import queue_report
from bot.slack import notes, permission_notes

log = logging.getLogger(__name__)



def register(app: App, deps: Deps) -> None:

    @app.command(COMMAND)
    def handle_wa_report(ack: Ack, command: dict[str, Any]) -> None:
        now = deps.clock.now()
        request = parse_command(command.get("text") or "", deps.lanes, now=now)
        if isinstance(request, Usage):
            ack(text=request.text)
            return
        request = _within_scope(deps, command, request)
        if isinstance(request, Usage):
            ack(text=request.text)
            return
        if isinstance(request, ReadinessRequest):
            query, lanes = None, request.lanes
        else:
            query, lanes = request.query, ()
        trigger = command.get("trigger_id")
        try:
            queued = deps.db.transaction(lambda session: queue_report(
                session=session, now=now, query=query, readiness=query is None, lanes=lanes, public=request.public,
                channel=command.get("channel_id") or "", user=command.get("user_id"),
                response_url=command.get("response_url"), trigger=trigger if isinstance(trigger, str) else None))
            if queued is None:  # the same signed command again (a replay within Slack's 5 minutes)
                ack()
                return
        except StoreUnavailable:
            log.exception("report request not stored")
            ack(text=notes.REPORT_FAILED)
            return
        if query is None:
            ack(text=notes.READINESS_STARTED)
        else:
            ack(text=notes.report_started(query.period.label))
        deps.wake()


def _within_scope(deps: Deps, command: dict[str, Any], request: ReportRequest | ReadinessRequest
                  ) -> ReportRequest | ReadinessRequest | Usage:
    """The request narrowed to what the person may see (bot/conversations/permissions.py), or why not."""
    lanes, user = deps.lanes, command.get("user_id")
    user_team = command.get("user_team_id") or command.get("team_id")
    external = permissions.is_external(user_team, our_team(deps.settings, command))
    scope = permissions.report_scope(lanes, user if isinstance(user, str) else None, external=external)
    if scope.refused:
        return Usage(permission_notes.REPORT_REFUSED)
    if request.public and command.get("channel_id") not in permissions.public_channels(lanes):
        return Usage(permission_notes.REPORT_PUBLIC_WHERE)
    if scope.everything:
        return request
    asked = request.lanes if isinstance(request, ReadinessRequest) else request.query.lanes
    if scope.lanes:
        if any(name not in scope.lanes for name in asked):
            return Usage(permission_notes.not_your_lanes(scope.lanes))
        if isinstance(request, ReadinessRequest):
            return replace(request, lanes=asked or scope.lanes)
        return replace(request, query=replace(request.query, lanes=asked or scope.lanes))
    # A member: their own numbers, in their lanes, never another rep's; no lane readiness.
    if isinstance(request, ReadinessRequest) or request.query.rep not in (None, user):
        return Usage(permission_notes.REPORT_ONLY_YOURS)
    return replace(request, query=replace(request.query, rep=user))
