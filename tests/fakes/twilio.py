"""A fake Twilio REST API (Messages and Media) for the real `twilio.rest.Client`.

Aim a real client at it (twilio 9.13)::

    client = Client(account_sid, auth_token, environment=NO_EDGE)
    client.api.base_url = fake.url          # or: client = fake.client(timeout=...)

`client.api` is the ``api.twilio.com`` domain and `Domain.absolute_url` reads `base_url`
on every request, so it can be set at any time (also after `client.messages` was used).
`fake.url` is what the bot's ``TWILIO_API_URL`` should be. The other seam is
``Client(http_client=...)``.

Mind the environment: with ``TWILIO_EDGE``/``TWILIO_REGION`` set the client rewrites the
host (``127.0.0.1`` becomes ``127.dublin.0.0.1``). ``environment={}`` does NOT prevent
that: `ClientBase` does ``environment or os.environ`` and an empty dict is falsy, so it
reads ``os.environ`` anyway. Pass a non-empty mapping such as `NO_EDGE`.

Media works like Twilio's: the ``MediaUrl0`` returned by `add_media` is on the API host,
needs HTTP Basic auth and answers 307 to a CDN URL that needs none. The CDN is a second
server (`cdn_url`, another port), because only a different origin makes HTTP clients drop
the Authorization header on the redirect, as they do with the real CDN; on one origin
`requests` would resend the credentials. `foreign_media_url` serves bytes from a URL that
is not Twilio's API. Every media GET (and any request to an unknown path, kind "other")
is kept in `media_requests()` with whether it carried an Authorization header.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any, Literal, Self

from werkzeug.wrappers import Request, Response

from tests.fakes.server import FakeServer

_CREATE = re.compile(r"/2010-04-01/Accounts/(?P<sid>[^/]+)/Messages\.json")
_MEDIA = re.compile(r"/2010-04-01/Accounts/(?P<sid>[^/]+)/Messages/(?P<msid>[^/]+)/Media/(?P<mesid>[^/.]+)")

NO_EDGE = {"TWILIO_EDGE": "", "TWILIO_REGION": ""}
"""`Client(environment=NO_EDGE)`: no edge/region host rewriting, whatever os.environ says."""

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


class FakeTwilio(FakeServer):
    """Fake ``api.twilio.com`` (`url`) plus its media CDN (`cdn_url`)."""

    def __init__(self, account_sid: str, auth_token: str) -> None:
        super().__init__(name="fake-twilio")
        self.account_sid, self.auth_token = account_sid, auth_token
        self._cdn = FakeServer(self._handle_cdn, name="fake-twilio-cdn")
        self._cdn.errors = self.errors
        self._lock = threading.Lock()
        self._upcoming: list[str] = []  # sids announced by next_sid(), used in order
        self._sent: list[SentMessage] = []
        self._failed: list[SentMessage] = []
        self._faults: deque[_Fault] = deque()
        self._media_faults: deque[_Fault] = deque()
        self._media: dict[tuple[str, str], tuple[bytes, str]] = {}
        self._cdn_files: dict[str, tuple[bytes, str]] = {}
        self._foreign: dict[str, tuple[bytes, str]] = {}
        self._media_requests: list[MediaRequest] = []

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> Self:
        self._cdn.start()
        return super().start()

    def stop(self) -> None:
        super().stop()
        self._cdn.stop()

    @property
    def cdn_url(self) -> str:
        return self._cdn.url

    def client(self, *, timeout: float | None = None) -> Any:
        """A real `twilio.rest.Client` with this fake's credentials, aimed at it."""
        from twilio.http.http_client import TwilioHttpClient
        from twilio.rest import Client

        client = Client(self.account_sid, self.auth_token,
                        http_client=TwilioHttpClient(timeout=timeout), environment=NO_EDGE)
        client.api.base_url = self.url
        return client

    # -- what was received -----------------------------------------------------------

    def sent(self) -> list[SentMessage]:
        """Messages accepted with 201, in order."""
        with self._lock:
            return list(self._sent)

    def failed(self) -> list[SentMessage]:
        """Message POSTs answered with an error (injected or validation; not 401s)."""
        with self._lock:
            return list(self._failed)

    def media_requests(self) -> list[MediaRequest]:
        with self._lock:
            return list(self._media_requests)

    # -- set-up and fault switches ---------------------------------------------------

    def next_sid(self) -> str:
        """The sid the next accepted message will get (to play a callback that beats the send)."""
        with self._lock:
            sid = f"SM{uuid.uuid4().hex}"
            self._upcoming.append(sid)
            return sid

    def add_media(self, content: bytes, content_type: str, *, message_sid: str | None = None) -> str:
        """Store media and return its URL as Twilio sends it in ``MediaUrl0`` (start first)."""
        message_sid = message_sid or f"MM{uuid.uuid4().hex}"
        media_sid = f"ME{uuid.uuid4().hex}"
        with self._lock:
            self._media[(message_sid, media_sid)] = (content, content_type)
        return f"{self.url}/2010-04-01/Accounts/{self.account_sid}/Messages/{message_sid}/Media/{media_sid}"

    def foreign_media_url(self, content: bytes = b"x", content_type: str = "image/jpeg") -> str:
        """A URL on another origin that is not Twilio's API: credentials must never go there."""
        token = secrets.token_urlsafe(12)
        with self._lock:
            self._foreign[token] = (content, content_type)
        return f"{self.cdn_url}/foreign/{token}"

    def fail_next(self, code: int = 63016, status: int = 400, message: str | None = None,
                  times: int = 1) -> None:
        """The next `times` sends answer Twilio's error JSON with `code`."""
        self._add(self._faults, _Fault(status, code, message or "", times))

    def fail_server(self, times: int = 1, status: int = 500) -> None:
        self._add(self._faults, _Fault(status, 20500, "", times))

    def hang(self, seconds: float, times: int = 1) -> None:
        """The next `times` sends wait `seconds` before being handled (client timeouts).

        After the wait the send goes through and is recorded, as Twilio would have sent
        it; if the fake is stopped first, it is dropped.
        """
        self._add(self._faults, _Fault(0, 0, "", times, hang=seconds))

    def accept_then_hang(self, seconds: float, times: int = 1) -> None:
        """The next `times` sends are accepted and recorded (Twilio will deliver them) and then
        the answer waits `seconds`: a client with a shorter timeout never learns the sid."""
        self._add(self._faults, _Fault(0, 0, "", times, hang=-seconds))

    def media_fail(self, status: int = 404, times: int = 1) -> None:
        """The next `times` authenticated media GETs on the API host answer `status`."""
        self._add(self._media_faults, _Fault(status, 20404 if status == 404 else 20500, "", times))

    def _add(self, queue: deque[_Fault], fault: _Fault) -> None:
        with self._lock:
            queue.append(fault)

    def _take(self, queue: deque[_Fault]) -> _Fault | None:
        with self._lock:
            while queue and queue[0].times <= 0:
                queue.popleft()
            if not queue:
                return None
            queue[0].times -= 1
            return queue[0]

    # -- HTTP: API host --------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        if request.method == "POST" and (m := _CREATE.fullmatch(request.path)):
            return self._create_message(request, m["sid"])
        if request.method == "GET" and (m := _CREATE.fullmatch(request.path)):
            return self._list_messages(request, m["sid"])
        if request.method == "GET" and (m := _MEDIA.fullmatch(request.path)):
            return self._media_get(request, m["sid"], m["msid"], m["mesid"])
        return self._record_media(request, "other", _error(20404, 404))

    def _authorized(self, request: Request, path_sid: str) -> bool:
        auth = request.authorization
        return (
            auth is not None
            and auth.type == "basic"
            and auth.username == self.account_sid == path_sid
            and auth.password == self.auth_token
        )

    def _create_message(self, request: Request, path_sid: str) -> Response:
        if not self._authorized(request, path_sid):
            return _unauthorized()
        form = {k: v[0] if len(v) == 1 else v for k, v in request.form.to_dict(flat=False).items()}
        fault = self._take(self._faults)
        if fault is not None and fault.hang < 0:  # accept, then answer too late
            with self._lock:
                sid = self._upcoming.pop(0) if self._upcoming else f"SM{uuid.uuid4().hex}"
                self._sent.append(SentMessage(form, sid=sid, at=time.time()))
            self.pause(-fault.hang)
            return _json(self._message_resource(sid, form), 201)
        if fault is not None and fault.hang:
            if self.pause(fault.hang):
                return _error(20500, 503, "fake stopped")
            fault = None
        at = time.time()
        if fault is not None:
            code, status, message = fault.code, fault.status, fault.message or None
        elif not form.get("To"):
            code, status, message = 21604, 400, None
        elif not (form.get("From") or form.get("MessagingServiceSid")):
            code, status, message = 21603, 400, None
        elif not (form.get("Body") or form.get("MediaUrl") or form.get("ContentSid")):
            code, status, message = 21602, 400, None
        else:
            with self._lock:
                sid = self._upcoming.pop(0) if self._upcoming else f"SM{uuid.uuid4().hex}"
                self._sent.append(SentMessage(form, sid=sid, at=at))
            return _json(self._message_resource(sid, form), 201)
        with self._lock:
            self._failed.append(SentMessage(form, sid=None, at=at, status=status, code=code))
        return _error(code, status, message)

    def _list_messages(self, request: Request, path_sid: str) -> Response:
        """GET Messages.json: accepted messages, newest first, filtered by To, From and
        DateSent (``DateSent>``/``DateSent<`` compare the day, like Twilio); one page."""
        if not self._authorized(request, path_sid):
            return _unauthorized()
        args = request.args
        after, before, on = (args.get(k, "")[:10] or None for k in ("DateSent>", "DateSent<", "DateSent"))
        with self._lock:
            sent = list(reversed(self._sent))
        found = []
        for message in sent:
            day = datetime.fromtimestamp(message.at, UTC).date().isoformat()
            if (args.get("To") and message.get("To") != args["To"]) or (args.get("From") and message.get("From") != args["From"]):
                continue
            if (after and day < after) or (before and day > before) or (on and day != on):
                continue
            found.append(self._message_resource(str(message.sid), message, at=message.at))
        size = int(args.get("PageSize") or 50)
        uri = request.full_path
        return _json({"messages": found[:size], "page": 0, "page_size": size, "first_page_uri": uri,
                      "next_page_uri": None, "previous_page_uri": None, "uri": uri, "start": 0,
                      "end": max(0, min(size, len(found)) - 1)}, 200)

    def _message_resource(self, sid: str, form: dict[str, Any], at: float | None = None) -> dict[str, Any]:
        now = format_datetime(datetime.fromtimestamp(at, UTC) if at is not None else datetime.now(UTC))
        media = form.get("MediaUrl") or []
        uri = f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}"
        return {
            "account_sid": self.account_sid,
            "api_version": "2010-04-01",
            "body": form.get("Body", ""),
            "date_created": now,
            "date_sent": now if at is not None else None,
            "date_updated": now,
            "direction": "outbound-api",  # (and "status" stays as accepted: no callbacks here)
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

    def _media_get(self, request: Request, path_sid: str, message_sid: str, media_sid: str) -> Response:
        if not self._authorized(request, path_sid):
            return self._record_media(request, "api", _unauthorized())
        fault = self._take(self._media_faults)
        with self._lock:
            stored = self._media.get((message_sid, media_sid))
        if fault is not None:
            response = _error(fault.code, fault.status)
        elif stored is None:
            response = _error(20404, 404)
        else:
            token = secrets.token_urlsafe(16)
            with self._lock:
                self._cdn_files[token] = stored
            response = Response(status=307, headers={"Location": f"{self.cdn_url}/cdn/{token}"})
        return self._record_media(request, "api", response)

    # -- HTTP: CDN host --------------------------------------------------------------

    def _handle_cdn(self, request: Request) -> Response:
        kind: Literal["cdn", "foreign", "other"] = "other"
        stored = None
        if request.method == "GET":
            kind_name, _, token = request.path.strip("/").partition("/")
            with self._lock:
                if kind_name == "cdn":
                    kind, stored = "cdn", self._cdn_files.get(token)
                elif kind_name == "foreign":
                    kind, stored = "foreign", self._foreign.get(token)
        if stored is None:
            return self._record_media(request, kind, Response("<Error>NoSuchKey</Error>", 404,
                                                              mimetype="application/xml"))
        content, content_type = stored
        return self._record_media(request, kind, Response(content, content_type=content_type))

    def _record_media(self, request: Request, kind: Any, response: Response) -> Response:
        with self._lock:
            self._media_requests.append(MediaRequest(
                kind=kind,
                url=request.url,
                authorization="Authorization" in request.headers,
                status=response.status_code,
                at=time.time(),
            ))
        return response


def _json(body: dict[str, Any], status: int) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")


def _error(code: int, status: int, message: str | None = None) -> Response:
    return _json(twilio_error(code, status, message), status)


def _unauthorized() -> Response:
    response = _error(20003, 401)
    response.headers["WWW-Authenticate"] = 'Basic realm="Twilio API"'
    return response
