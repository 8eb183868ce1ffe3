"""POST /twilio/status: Twilio's message status callbacks (signature checked by the blueprint).

A validly signed callback always gets 200 with an empty body, even when it names a message
we do not know or lacks fields (Twilio would only retry or log it; a log line here is more
useful). Only a database failure answers 503.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, request

from bot.conversations.delivery_status import STATUS_RANK, StatusUpdate, apply_status
from bot.deps import Deps
from bot.errors import StoreUnavailable
from bot.store import Session

log = logging.getLogger(__name__)

MAX_SID = 64  # Message.twilio_sid's column size


def register(bp: Blueprint, deps: Deps) -> None:
    @bp.post("/status")
    def handle_status() -> Response:
        form = request.form
        sid = form.get("MessageSid", "").strip()
        status = (form.get("MessageStatus") or form.get("SmsStatus") or "").strip().lower()
        if not sid or len(sid) > MAX_SID or status not in STATUS_RANK:
            log.info("status callback ignored: MessageSid %r, status %r", sid[:MAX_SID], status[:32])
            return Response("", status=200)
        code = form.get("ErrorCode", "").strip() or None
        now = deps.clock.now()

        def apply(session: Session) -> StatusUpdate:
            return apply_status(session=session, message_sid=sid, status=status, error_code=code,
                                error_message=form.get("ErrorMessage") or None, now=now, lanes=deps.lanes)

        try:
            update = deps.db.transaction(apply)
        except StoreUnavailable:
            log.exception("could not record status %s of %s", status, sid)
            return Response("temporarily unable to record the status\n", status=503, mimetype="text/plain")
        if not update.found:
            log.info("status %s for unknown MessageSid %s", status, sid)
        elif not update.applied:
            log.info("status %s of %s is not newer than the stored one: ignored", status, sid)
        if update.queued:
            deps.wake()
        return Response("", status=200)
