"""Twilio's error bodies and what the Twilio emulator records."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any, Literal

from werkzeug.wrappers import Response

ERROR_MESSAGES = {
    20003: "Authenticate",
    20404: "The requested resource was not found",
    20500: "An internal server error has occurred",
    21211: "The 'To' number is not a valid phone number.",
    21602: "Message body is required.",
    21603: "A 'From' phone number is required.",
    21604: "A 'To' phone number is required.",
    21656: "The ContentVariables Parameter is invalid.",
    63003: "Channel could not find To address",
    63016: "Failed to send freeform message because you are outside the allowed window. "
    "If you are using WhatsApp, please use a Message Template.",
    63018: "Rate limit exceeded for Channel",
    63024: "Invalid message recipient",
}


class SentMessage(dict[str, Any]):
    """The form of one Messages.json POST (a repeated key, e.g. ``MediaUrl``, is a list).

    Compares equal to a plain dict; `sid` (None when it failed), `at` (``time.time()``),
    `status` and `code` (Twilio error code of a failed send) ride along as attributes.
    """

    def __init__(self, form: dict[str, Any], *, sid: str | None, at: float,
                 status: int = 201, code: int | None = None) -> None:
        super().__init__(form)
        self.sid, self.at, self.status, self.code = sid, at, status, code


@dataclass(frozen=True)
class MediaRequest:
    """One GET of a media URL: `kind` says which host/path it hit."""

    kind: Literal["api", "cdn", "foreign", "other"]
    url: str
    authorization: bool  # an Authorization header came with it
    status: int
    at: float


@dataclass
class _Fault:
    status: int
    code: int
    message: str
    times: int
    hang: float = 0.0


def twilio_error(code: int, status: int, message: str | None = None) -> dict[str, Any]:
    """Twilio's error body, as in ``twilio_api_error_400_21211.json``."""
    return {
        "code": code,
        "message": message or ERROR_MESSAGES.get(code, f"Error {code}"),
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }




def json_response(body: dict[str, Any], status: int) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")


def error_response(code: int, status: int, message: str | None = None) -> Response:
    return json_response(twilio_error(code, status, message), status)


def unauthorized() -> Response:
    response = error_response(20003, 401)
    response.headers["WWW-Authenticate"] = 'Basic realm="Twilio API"'
    return response


def message_resource(account_sid: str, sid: str, form: dict[str, Any], at: float | None = None) -> dict[str, Any]:
    """The Message resource Twilio answers a create with (with `at`: as a list shows it, sent then)."""
    now = format_datetime(datetime.fromtimestamp(at, UTC) if at is not None else datetime.now(UTC))
    media = form.get("MediaUrl") or []
    uri = f"/2010-04-01/Accounts/{account_sid}/Messages/{sid}"
    return {
        "account_sid": account_sid,
        "api_version": "2010-04-01",
        "body": form.get("Body", ""),
        "date_created": now,
        "date_sent": now if at is not None else None,
        "date_updated": now,
        "direction": "outbound-api",
        "error_code": None,
        "error_message": None,
        "from": form.get("From"),
        "messaging_service_sid": form.get("MessagingServiceSid"),
        "num_media": str(len(media) if isinstance(media, list) else 1),
        "num_segments": "1",
        "price": None,
        "price_unit": None,
        "sid": sid,
        "status": "accepted" if form.get("MessagingServiceSid") else "queued",
        "subresource_uris": {"media": f"{uri}/Media.json"},
        "to": form.get("To"),
        "uri": f"{uri}.json",
    }
