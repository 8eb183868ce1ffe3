"""The read side of the fake Twilio: the account and its numbers (for `check --online`),
and what Twilio accepted (`GET …/Messages.json` filtered by To, From and
DateSent), and the fault exactly-once sends are tested with: a send that is accepted and
recorded, then answered too late for the client (`accept_then_hang`)."""

from __future__ import annotations

import threading
import time
import uuid
from collections import deque
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Request, Response

from bot.sandbox.twilio_records import SentMessage, _Fault, message_resource
from bot.sandbox.twilio_records import json_response as _json
from bot.sandbox.twilio_records import unauthorized as _unauthorized


class MessageList:
    """Mixed into FakeTwilio, which provides the fields named below and `_authorized`, `_add`, `pause`."""

    if TYPE_CHECKING:  # provided by FakeTwilio and FakeServer; declared for the type checker only
        def _authorized(self, request: Request, path_sid: str) -> bool: ...

        def _add(self, queue: deque[_Fault], fault: _Fault) -> None: ...

        def pause(self, seconds: float) -> bool: ...

    account_sid: str
    _lock: threading.Lock
    _sent: list[SentMessage]
    _upcoming: list[str]
    _faults: deque[_Fault]
    _numbers: set[str]
    auth_token: str

    def accept_then_hang(self, seconds: float, times: int = 1) -> None:
        """The next `times` sends are accepted and recorded (Twilio will deliver them) and then
        the answer waits `seconds`: a client with a shorter timeout never learns the sid."""
        self._add(self._faults, _Fault(0, 0, "", times, hang=-seconds))

    def _accept_late(self, form: dict[str, Any], fault: _Fault) -> Response:
        with self._lock:
            sid = self._upcoming.pop(0) if self._upcoming else f"SM{uuid.uuid4().hex}"
            self._sent.append(SentMessage(form, sid=sid, at=time.time()))
        self.pause(-fault.hang)
        return _json(message_resource(self.account_sid, sid, form), 201)

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
            found.append(message_resource(self.account_sid, str(message.sid), message, at=message.at))
        size = int(args.get("PageSize") or 50)
        uri = request.full_path
        return _json({"messages": found[:size], "page": 0, "page_size": size, "first_page_uri": uri,
                      "next_page_uri": None, "previous_page_uri": None, "uri": uri, "start": 0,
                      "end": max(0, min(size, len(found)) - 1)}, 200)

    def _account(self, request: Request, path_sid: str) -> Response:
        if not self._authorized(request, path_sid):
            return _unauthorized()
        return _json({"sid": self.account_sid, "friendly_name": "Sandbox account", "status": "active",
                      "type": "Full", "auth_token": self.auth_token, "owner_account_sid": self.account_sid,
                      "uri": f"/2010-04-01/Accounts/{self.account_sid}.json"}, 200)

    def _incoming_numbers(self, request: Request, path_sid: str) -> Response:
        if not self._authorized(request, path_sid):
            return _unauthorized()
        wanted = request.args.get("PhoneNumber")
        with self._lock:
            numbers = sorted(n for n in self._numbers if wanted is None or n == wanted)
        uri = f"/2010-04-01/Accounts/{self.account_sid}/IncomingPhoneNumbers.json"
        records = [{"sid": f"PN{uuid.uuid5(uuid.NAMESPACE_OID, n).hex}", "phone_number": n,
                    "account_sid": self.account_sid, "friendly_name": n} for n in numbers]
        return _json({"incoming_phone_numbers": records, "uri": uri, "first_page_uri": uri, "page": 0,
                      "page_size": 50, "next_page_uri": None, "previous_page_uri": None, "start": 0,
                      "end": len(records)}, 200)
