"""A fake Slack Web API for the real `slack_sdk.WebClient`.

    with FakeSlack(token="xoxb-test-token") as slack:
        client = WebClient(token="xoxb-test-token", base_url=slack.url)   # or slack.client()
        client.chat_postMessage(channel="C0SALES", text="hi")
        assert slack.posts(channel="C0SALES")[0].params["text"] == "hi"

The workspace is lenient about ids: every channel and user exists (`add_channel` and
`add_user` override the made-up defaults); ask for errors with the fault switches
(`fail_ok_false("users.info", error="user_not_found")`). `chat.update` only edits
messages this fake posted (or `add_message` seeded), like Slack.

Parameters (JSON or form) are recorded as one dict, JSON-string fields decoded.
`calls()` holds the answered ``ok: true`` calls; everything else (injected faults,
``down()``, ``ok: false`` answers) goes to `failed_calls()`. ``at`` is ``time.time()``.

Reading back posts (with metadata) and the exactly-once faults: bot/sandbox/slack_history.py.

Files: `add_file` (or an upload) makes ``files.info`` answer the file; a GET of its URL is
recorded as ``files.download`` and serves the bytes only with the bot token (else a 302 to
the sign-in page, like Slack, recorded in `failed_calls()`).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Any

from werkzeug.wrappers import Request, Response

from bot.sandbox.server import FakeServer
from bot.sandbox.slack_history import SlackHistory
from bot.sandbox.slack_methods import SlackWebApi
from bot.sandbox.slack_records import Call, Json, Upload, _Fault
from bot.sandbox.slack_records import error as _error
from bot.sandbox.slack_records import json_response as _json
from bot.sandbox.slack_records import params_of as _params


class FakeSlack(SlackHistory, SlackWebApi, FakeServer):
    """Fake Slack Web API: `url` is ``http://127.0.0.1:PORT/api/`` for `WebClient(base_url=)`."""

    def __init__(
        self,
        *,
        token: str | None = None,
        team_id: str = "T0ACME01",
        bot_user_id: str = "U0BOT0001",
        bot_id: str = "B0BOT0001",
        scopes: tuple[str, ...] | None = None,
    ) -> None:
        """`token`: when set, other bearer tokens get ``invalid_auth`` (None accepts any)."""
        super().__init__(name="fake-slack")
        self.token = token
        self.scopes = scopes  # when set, every Web API answer carries them in X-OAuth-Scopes, like Slack
        self.team_id, self.bot_user_id, self.bot_id = team_id, bot_user_id, bot_id
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._calls: list[Call] = []
        self._failed: list[Call] = []
        self._faults: dict[str, deque[_Fault]] = {}
        self._down = False
        self._delay = 0.0
        self._seq = 0
        self._messages: dict[tuple[str, str], Json] = {}
        self._reactions: set[tuple[str, str, str]] = set()
        self._users: dict[str, Json] = {}
        self._channels: dict[str, Json] = {}
        self._members: dict[str, list[str]] = {}
        self._files: dict[str, Json] = {}
        self._uploads: list[Upload] = []
        self._init_history()

    @property
    def url(self) -> str:
        return super().url + "/api/"

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT`` without the ``/api/`` part."""
        return super().url

    def response_url(self, name: str = "cmd") -> str:
        """A slash command's response_url served by this fake; posts to it are calls named "response_url"."""
        return f"{super().url}/response/{name}"

    def client(self, token: str | None = None, **kwargs: Any) -> Any:
        """A real `slack_sdk.WebClient` aimed at this fake."""
        from slack_sdk import WebClient

        return WebClient(token=token or self.token or "xoxb-fake", base_url=self.url, **kwargs)

    # -- workspace set-up ------------------------------------------------------------

    def add_user(self, id: str, display_name: str = "", real_name: str = "", **fields: Any) -> None:
        """Make users.info answer this user; `fields` go into the user object as they are
        (e.g. ``deleted=True`` for a deactivated user, ``is_bot=True``)."""
        with self._lock:
            self._users[id] = self._user(id, display_name, real_name) | fields

    def add_channel(self, id: str, name: str, *, members: list[str] | None = None, **fields: Any) -> None:
        """Make conversations.info answer this channel (e.g. ``is_private=True``), and
        conversations.members answer `members` (else no one)."""
        with self._lock:
            self._channels[id] = self._channel(id, name) | fields
            self._members[id] = list(members or [])

    def add_message(
        self, channel: str, text: str = "", *, thread_ts: str | None = None, user: str | None = None
    ) -> str:
        """Seed a message (so chat.update can edit it); returns its ts."""
        with self._lock:
            return self._store_message(channel, {"text": text, "thread_ts": thread_ts}, user)

    def add_file(
        self, id: str, content: bytes, *, name: str = "file.bin", mimetype: str | None = None, **fields: Any
    ) -> Json:
        """Make files.info answer this file and its download URLs serve `content`; `fields`
        go into the file object as they are (e.g. ``url_private_download=...``, ``size=...``).
        Returns the file object."""
        with self._lock:
            self._files[id] = {"filename": name, "content": content, "mimetype": mimetype, "fields": fields}
            return self._file_object(id)

    # -- what was received -----------------------------------------------------------

    def calls(self, method: str | None = None) -> list[Call]:
        with self._lock:
            return [c for c in self._calls if method is None or c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until `count` successful calls of `method` have arrived (work done after an
        ack runs on Bolt's threads), or `timeout` passes; return them either way."""
        with self._changed:
            self._changed.wait_for(lambda: sum(c.method == method for c in self._calls) >= count, timeout)
            return [c for c in self._calls if c.method == method]

    def failed_calls(self, method: str | None = None) -> list[Call]:
        with self._lock:
            return [c for c in self._failed if method is None or c.method == method]

    def posts(self, channel: str | None = None, thread_ts: str | None = None) -> list[Call]:
        """Successful chat.postMessage calls, optionally for one channel and/or thread."""
        return [
            c
            for c in self.calls("chat.postMessage")
            if (channel is None or c.params.get("channel") == channel)
            and (thread_ts is None or c.params.get("thread_ts") == thread_ts)
        ]

    def uploads(self) -> list[Upload]:
        with self._lock:
            return list(self._uploads)

    # -- fault switches --------------------------------------------------------------

    def fail(self, method: str, times: int = 1, status: int = 500) -> None:
        """The next `times` calls of `method` answer HTTP `status`."""
        self._add_fault(method, _Fault(status, "internal_error", times))

    def rate_limit(self, method: str, times: int = 1, retry_after: int = 1) -> None:
        """The next `times` calls answer HTTP 429 with ``Retry-After: retry_after``."""
        self._add_fault(method, _Fault(429, "ratelimited", times, retry_after))

    def fail_ok_false(self, method: str, error: str = "ratelimited", times: int = 1) -> None:
        """The next `times` calls answer HTTP 200 ``{"ok": false, "error": error}``."""
        self._add_fault(method, _Fault(200, error, times))

    def down(self) -> None:
        """Every request answers 503 until `up()`."""
        with self._lock:
            self._down = True

    def up(self) -> None:
        with self._lock:
            self._down = False

    def set_delay(self, seconds: float) -> None:
        """Every answer waits `seconds` first (requests are served concurrently)."""
        with self._lock:
            self._delay = seconds

    def _add_fault(self, method: str, fault: _Fault) -> None:
        with self._lock:
            self._faults.setdefault(method, deque()).append(fault)

    def _take_fault(self, method: str) -> _Fault | None:
        queue = self._faults.get(method)
        while queue:
            fault = queue[0]
            if fault.times > 0:
                fault.times -= 1
                return fault
            queue.popleft()
        return None

    # -- HTTP ------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        with self._lock:
            delay = self._delay
        if delay:
            self.pause(delay)
        if request.path.startswith("/api/"):
            method = request.path.removeprefix("/api/")
            params = _params(request)
        elif request.path.startswith("/upload/") and request.method == "POST":
            method = "upload"
            params = {"file_id": request.path.removeprefix("/upload/"), "size": len(request.get_data())}
        elif request.path.startswith("/response/") and request.method == "POST":
            # A slash command's response_url: JSON, no token; answers "ok" like hooks.slack.com.
            method = "response_url"
            params = {**(request.get_json(silent=True) or {}), "path": request.path}
        elif request.path.startswith("/files-pri/") and request.method in ("GET", "HEAD"):
            method = "files.download"
            owner = request.path.removeprefix("/files-pri/").split("/", 1)[0]
            params = {"file_id": owner.split("-", 1)[-1], "path": request.path}
        else:
            return Response("not found", status=404)
        at = time.time()
        headers = dict(request.headers)
        error: str | None
        with self._lock:
            failure = self._injected_failure(method, params)
            if failure is not None:
                status, error, response = failure
            elif method == "upload":
                return self._upload(params, request.get_data(), headers, at)
            elif method == "files.download":
                return self._download(params, headers, at)
            elif method == "response_url":
                self._calls.append(Call(method, params, headers, at))
                self._changed.notify_all()
                return Response("ok", status=200, mimetype="text/plain")
            else:
                body = self._answer(method, params, headers)
                status, error = 200, None if body["ok"] else body["error"]
                response = _json(body)
                if self.scopes is not None and body["ok"]:
                    response.headers["X-OAuth-Scopes"] = ",".join(self.scopes)
            call = Call(method, params, headers, at, status, error, None if failure else body)
            (self._failed if error else self._calls).append(call)
            self._changed.notify_all()
            hook, hold = self._hooks_for(method, error)
        self._run_hooks(call, hook, hold)
        return response

    def _injected_failure(self, method: str, params: Json) -> tuple[int, str, Response] | None:
        if self._down:
            return 503, "service_unavailable", _json(_error("service_unavailable"), 503)
        fault = self._take_fault(method) or self._limited(method, params)
        if fault is None:
            return None
        response = _json(_error(fault.error), fault.status)
        if fault.retry_after is not None:
            response.headers["Retry-After"] = str(fault.retry_after)
        return fault.status, fault.error, response

    def _answer(self, method: str, params: Json, headers: dict[str, str]) -> Json:
        bearer = headers.get("Authorization", "").removeprefix("Bearer ").strip()
        token = bearer or params.get("token")
        if not token:
            return _error("not_authed")
        if self.token is not None and token != self.token:
            return _error("invalid_auth")
        if (revoked := self._revoked_answer()) is not None:
            return revoked
        handler = self._methods.get(method)
        return handler(self, params) if handler else _error("unknown_method")

    def _upload(self, params: Json, content: bytes, headers: dict[str, str], at: float) -> Response:
        file = self._files.get(params["file_id"])
        if file is None:
            self._failed.append(Call("upload", params, headers, at, 404, "file_not_found"))
            return Response("file not found", status=404)
        file["content"] = content
        self._calls.append(Call("upload", params, headers, at))
        return Response(f"OK - {len(content)}", mimetype="text/plain")

    def _download(self, params: Json, headers: dict[str, str], at: float) -> Response:
        bearer = headers.get("Authorization", "")
        token = bearer.removeprefix("Bearer ").strip() if bearer.startswith("Bearer ") else ""
        if not token or (self.token is not None and token != self.token):
            self._failed.append(Call("files.download", params, headers, at, 302, "not_authed"))
            self._changed.notify_all()
            return Response("", status=302, headers={"Location": f"https://acme.slack.com/?redir={params['path']}"})
        file = self._files.get(params["file_id"])
        if file is None or file["content"] is None:
            self._failed.append(Call("files.download", params, headers, at, 404, "file_not_found"))
            self._changed.notify_all()
            return Response("file not found", status=404)
        self._calls.append(Call("files.download", params, headers, at))
        self._changed.notify_all()
        return Response(file["content"], content_type=self._mimetype(file))



SlackEmulator = FakeSlack
