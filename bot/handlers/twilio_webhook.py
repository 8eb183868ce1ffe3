"""Twilio's webhooks: every request's signature is checked before anything else runs."""

from __future__ import annotations

import logging

from flask import Blueprint, Response, request
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse
from werkzeug.exceptions import RequestEntityTooLarge

from bot.conversations.ingest import receive
from bot.deps import Deps
from bot.errors import BadInbound, StoreUnavailable
from bot.handlers import twilio_status
from bot.handlers.limits import TWILIO_MAX_BODY as MAX_BODY  # a WhatsApp message is at most 4,096 characters
from bot.whatsapp.inbound import parse_inbound

log = logging.getLogger(__name__)

EMPTY_TWIML = str(MessagingResponse())


def signed_url(public_url: str | None) -> str:
    """The URL Twilio signed: PUBLIC_URL + path (+ query), else the request's own URL
    (which ProxyFix has already rebuilt from X-Forwarded-Proto/Host behind a proxy)."""
    if not public_url:
        return request.url
    query = request.query_string.decode("latin-1")
    return public_url + request.path + (f"?{query}" if query else "")


def blueprint(deps: Deps) -> Blueprint:
    bp = Blueprint("twilio", __name__, url_prefix="/twilio")
    validator = RequestValidator(deps.settings.twilio_auth_token)

    @bp.before_request
    def verify_signature() -> Response | None:
        request.max_content_length = MAX_BODY
        try:
            form = request.form
        except RequestEntityTooLarge:
            return _plain(f"request body over {MAX_BODY} bytes", 413)
        signature = request.headers.get("X-Twilio-Signature", "")
        if not signature or not validator.validate(signed_url(deps.settings.public_url), form, signature):
            log.warning("rejected Twilio request: bad or missing signature for %s (the URL checked: PUBLIC_URL + "
                        "path, or the URL rebuilt from X-Forwarded-Proto/Host; it must match Twilio's webhook URL)",
                        signed_url(deps.settings.public_url))
            return _plain("invalid Twilio signature", 403)
        return None

    @bp.post("/whatsapp")
    @bp.post("/inbound")  # the path Twilio's console examples (and our fixtures) use
    def handle_whatsapp() -> Response:
        try:
            message = parse_inbound(request.form)
        except BadInbound as exc:
            log.info("rejected inbound form: %s", exc)
            return _plain(f"not a WhatsApp message: {exc}", 400)
        if request.form.get("AccountSid") != deps.settings.twilio_account_sid:
            log.warning("inbound %s refused: not for our Twilio account", message.message_sid)
            return _plain("not for this Twilio account", 400)
        if message.to not in deps.settings.whatsapp_senders:
            log.warning("inbound %s refused: not to one of our senders", message.message_sid)
            return _plain("not to one of this bot's WhatsApp senders", 400)
        now = deps.clock.now()
        try:  # durable ingest: one row, committed; intake takes it in after the answer (conversations/ingest)
            stored = deps.db.transaction(
                lambda session: receive(session=session, message=message, form=request.form, now=now)
            )
        except StoreUnavailable:
            log.exception("could not store inbound %s", message.message_sid)
            return _plain("temporarily unable to store the message", 503)
        if stored:
            deps.arrivals.note()
            deps.wake()
        else:
            log.info("duplicate MessageSid %s ignored (still waiting for intake)", message.message_sid)
        return Response(EMPTY_TWIML, status=200, mimetype="text/xml")

    twilio_status.register(bp, deps)
    return bp


def _plain(text: str, status: int) -> Response:
    return Response(text + "\n", status=status, mimetype="text/plain")
