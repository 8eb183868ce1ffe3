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

import re
import secrets
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from typing import Any, Literal, Self

from werkzeug.wrappers import Request, Response

from bot.sandbox.server import FakeServer
from bot.sandbox.twilio_content import CONTENT_LIST, ContentApi
from bot.sandbox.twilio_messages import MessageList
from bot.sandbox.twilio_records import MediaRequest, SentMessage, _Fault, message_resource
from bot.sandbox.twilio_records import error_response as _error
from bot.sandbox.twilio_records import json_response as _json
from bot.sandbox.twilio_records import unauthorized as _unauthorized

_CREATE = re.compile(r"/2010-04-01/Accounts/(?P<sid>[^/]+)/Messages\.json")
_ACCOUNT = re.compile(r"/2010-04-01/Accounts/(?P<sid>[^/]+)\.json")
_NUMBERS = re.compile(r"/2010-04-01/Accounts/(?P<sid>[^/]+)/IncomingPhoneNumbers\.json")
_MEDIA = re.compile(r"/2010-04-01/Accounts/(?P<sid>[^/]+)/Messages/(?P<msid>[^/]+)/Media/(?P<mesid>[^/.]+)")

NO_EDGE = {"TWILIO_EDGE": "", "TWILIO_REGION": ""}  # Client(environment=NO_EDGE): no host rewriting


class FakeTwilio(MessageList, ContentApi, FakeServer):
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
        self._numbers: set[str] = set()
        self._init_content()
        self.on_sent: Callable[[SentMessage], None] | None = None
        """Called (outside the lock) with each accepted message: the sandbox plays status callbacks."""

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

    def add_number(self, phone_number: str) -> None:
        """Make IncomingPhoneNumbers list `phone_number` (E.164) as one of this account's numbers."""
        with self._lock:
            self._numbers.add(phone_number)

    def handle(self, request: Request) -> Response:
        if request.method == "GET" and request.path == CONTENT_LIST:
            return self._content_list(request)
        if request.method == "POST" and (m := _CREATE.fullmatch(request.path)):
            return self._create_message(request, m["sid"])
        if request.method == "GET" and (m := _CREATE.fullmatch(request.path)):
            return self._list_messages(request, m["sid"])
        if request.method == "GET" and (m := _ACCOUNT.fullmatch(request.path)):
            return self._account(request, m["sid"])
        if request.method == "GET" and (m := _NUMBERS.fullmatch(request.path)):
            return self._incoming_numbers(request, m["sid"])
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
            return self._accept_late(form, fault)
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
        elif form.get("ContentSid") and not self._variables_ok(form):
            code, status, message = 21656, 400, None
        else:
            with self._lock:
                sid = self._upcoming.pop(0) if self._upcoming else f"SM{uuid.uuid4().hex}"
                accepted = SentMessage(form, sid=sid, at=at)
                self._sent.append(accepted)
            if self.on_sent is not None:
                self.on_sent(accepted)
            return _json(message_resource(self.account_sid, sid, form), 201)
        with self._lock:
            self._failed.append(SentMessage(form, sid=None, at=at, status=status, code=code))
        return _error(code, status, message)

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
