"""A fake Slack Web API for the real `slack_sdk.WebClient`.

    with FakeSlack(token="xoxb-test-token") as slack:
        client = WebClient(token="xoxb-test-token", base_url=slack.url)   # or slack.client()
        client.chat_postMessage(channel="C0SALES", text="hi")
        assert slack.posts(channel="C0SALES")[0].params["text"] == "hi"

The workspace is lenient about ids: every channel and user exists (`add_channel` and
`add_user` override the made-up defaults); ask for errors with the fault switches
(`fail_ok_false("users.info", error="user_not_found")`). `chat.update` only edits
messages this fake posted (or `add_message` seeded), like Slack.

Parameters arrive as JSON (``chat.postMessage``, ``views.*``) or as a form (``files.*``,
GET query for ``users.info``); both are recorded as one dict, with JSON-string fields
(``blocks``, ``attachments``, ``view``, ``files``, ``metadata``) decoded.
`calls()` holds the answered ``ok: true`` calls; everything else (injected faults,
``down()``, ``ok: false`` answers) goes to `failed_calls()`. ``at`` is ``time.time()``.

Files: `add_file` (or an upload) makes ``files.info`` answer the file, with
``url_private``/``url_private_download`` pointing at this fake; a GET there is recorded as
method ``files.download`` and serves the bytes only with ``Authorization: Bearer <token>``
(any bearer when `token` is None). Without it the fake answers like Slack: a 302 to the
workspace's sign-in page, recorded in `failed_calls()`.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from werkzeug.wrappers import Request, Response

from tests.fakes.server import FakeServer

Json = dict[str, Any]

_JSON_STRING_FIELDS = ("blocks", "attachments", "view", "files", "metadata")


@dataclass(frozen=True)
class Call:
    """One request as the fake saw it; `status`/`error` tell why a failed call failed."""

    method: str
    params: Json
    headers: dict[str, str]
    at: float
    status: int = 200
    error: str | None = None
    answer: Json | None = None

    @property
    def ts(self) -> str | None:
        """The `ts` the fake answered with (chat.postMessage, chat.update)."""
        return (self.answer or {}).get("ts")


@dataclass(frozen=True)
class Upload:
    """A file completed with files.completeUploadExternal, with the uploaded bytes."""

    file_id: str
    filename: str
    title: str | None
    content: bytes
    channel_id: str | None
    thread_ts: str | None
    initial_comment: str | None
    at: float


@dataclass
class _Fault:
    status: int
    error: str
    times: int
    retry_after: int | None = None


def _ok(**fields: Any) -> Json:
    return {"ok": True, **fields}


def _error(error: str) -> Json:
    return {"ok": False, "error": error}


class FakeSlack(FakeServer):
    """Fake Slack Web API: `url` is ``http://127.0.0.1:PORT/api/`` for `WebClient(base_url=)`."""

    def __init__(
        self,
        *,
        token: str | None = None,
        team_id: str = "T0ACME01",
        bot_user_id: str = "U0BOT0001",
        bot_id: str = "B0BOT0001",
    ) -> None:
        """`token`: when set, other bearer tokens get ``invalid_auth`` (None accepts any)."""
        super().__init__(name="fake-slack")
        self.token = token
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

    @property
    def url(self) -> str:
        return super().url + "/api/"

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
        with self._lock:
            failure = self._injected_failure(method)
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
            call = Call(method, params, headers, at, status, error, None if failure else body)
            (self._failed if error else self._calls).append(call)
            self._changed.notify_all()
        return response

    def _injected_failure(self, method: str) -> tuple[int, str, Response] | None:
        if self._down:
            return 503, "service_unavailable", _json(_error("service_unavailable"), 503)
        fault = self._take_fault(method)
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

    # -- Web API methods (called with the lock held) ---------------------------------

    def _next_ts(self) -> str:
        self._seq += 100
        return f"{1700000000 + self._seq // 1_000_000}.{self._seq % 1_000_000:06d}"

    def _store_message(self, channel: str, params: Json, user: str | None = None) -> str:
        ts = self._next_ts()
        message = {"type": "message", "user": user or self.bot_user_id, "ts": ts}
        if user is None:
            message["bot_id"] = self.bot_id
        message["text"] = params.get("text") or ""
        for key in ("blocks", "attachments", "thread_ts", "metadata"):
            if params.get(key) is not None:
                message[key] = params[key]
        self._messages[(channel, ts)] = message
        return ts

    def _auth_test(self, p: Json) -> Json:
        return _ok(
            url="https://acme.slack.com/",
            team="Acme",
            user="wa-bridge",
            team_id=self.team_id,
            user_id=self.bot_user_id,
            bot_id=self.bot_id,
            is_enterprise_install=False,
        )

    def _chat_post_message(self, p: Json) -> Json:
        if not p.get("channel"):
            return _error("channel_not_found")
        if not (p.get("text") or p.get("blocks") or p.get("attachments")):
            return _error("no_text")
        ts = self._store_message(p["channel"], p)
        return _ok(channel=p["channel"], ts=ts, message=self._messages[(p["channel"], ts)])

    def _chat_update(self, p: Json) -> Json:
        key = (p.get("channel", ""), p.get("ts", ""))
        if key not in self._messages:
            return _error("message_not_found")
        changes = {k: p[k] for k in ("text", "blocks", "attachments", "metadata") if k in p}
        message = self._messages[key] = self._messages[key] | changes | {"edited": {"user": self.bot_user_id}}
        return _ok(channel=key[0], ts=key[1], text=message.get("text", ""), message=message)

    def _chat_post_ephemeral(self, p: Json) -> Json:
        if not p.get("channel"):
            return _error("channel_not_found")
        if not p.get("user"):
            return _error("user_not_in_channel")
        return _ok(message_ts=self._next_ts())

    def _chat_get_permalink(self, p: Json) -> Json:
        channel, ts = p.get("channel"), p.get("message_ts")
        if not channel or not ts:
            return _error("message_not_found")
        permalink = f"https://acme.slack.com/archives/{channel}/p{ts.replace('.', '')}"
        thread_ts = self._messages.get((channel, ts), {}).get("thread_ts")
        if thread_ts:
            permalink += f"?thread_ts={thread_ts}&cid={channel}"
        return _ok(channel=channel, permalink=permalink)

    def _reactions_add(self, p: Json) -> Json:
        key = (p.get("channel", ""), p.get("timestamp", ""), p.get("name", ""))
        if not all(key):
            return _error("no_item_specified")
        if key in self._reactions:
            return _error("already_reacted")
        self._reactions.add(key)
        return _ok()

    def _user(self, id: str, display_name: str = "", real_name: str = "") -> Json:
        real_name = real_name or f"User {id}"
        profile = {
            "display_name": display_name,
            "display_name_normalized": display_name,
            "real_name": real_name,
            "real_name_normalized": real_name,
            "team": self.team_id,
        }
        return {
            "id": id,
            "team_id": self.team_id,
            "name": (display_name or id).lower(),
            "deleted": False,
            "real_name": real_name,
            "tz": "Asia/Dubai",
            "is_bot": False,
            "profile": profile,
        }

    def _users_info(self, p: Json) -> Json:
        if not p.get("user"):
            return _error("user_not_found")
        return _ok(user=self._users.get(p["user"]) or self._user(p["user"]))

    def _channel(self, id: str, name: str) -> Json:
        return {
            "id": id,
            "name": name,
            "name_normalized": name,
            "is_channel": True,
            "is_private": False,
            "is_archived": False,
            "is_member": True,
            "context_team_id": self.team_id,
        }

    def _conversations_info(self, p: Json) -> Json:
        if not p.get("channel"):
            return _error("channel_not_found")
        channel = p["channel"]
        return _ok(channel=self._channels.get(channel) or self._channel(channel, channel.lower()))

    def _conversations_members(self, p: Json) -> Json:
        """Pages of `limit` (default 100) ids; the cursor is the next offset, base64-encoded like Slack's."""
        if not p.get("channel"):
            return _error("channel_not_found")
        members = self._members.get(p["channel"], [])
        try:
            limit = int(p.get("limit") or 100)
            start = int(base64.b64decode(p["cursor"]).decode().removeprefix("offset:")) if p.get("cursor") else 0
        except ValueError:
            return _error("invalid_cursor")
        end = start + max(limit, 1)
        next_cursor = base64.b64encode(f"offset:{end}".encode()).decode() if end < len(members) else ""
        return _ok(members=members[start:end], response_metadata={"next_cursor": next_cursor})

    def _view(self, p: Json, required: str) -> Json:
        if not p.get(required) or not isinstance(p.get("view"), dict):
            return _error("invalid_arguments")
        self._seq += 1
        view = {"id": f"V0VIEW{self._seq:05d}", "team_id": self.team_id, "hash": f"{self._seq}.abc"}
        return _ok(view=view | p["view"])

    def _views_open(self, p: Json) -> Json:
        return self._view(p, "trigger_id")

    def _views_publish(self, p: Json) -> Json:
        return self._view(p, "user_id")

    def _files_get_upload_url_external(self, p: Json) -> Json:
        if not p.get("filename") or not p.get("length"):
            return _error("invalid_arguments")
        number = len(self._files) + 1
        while f"F0FILE{number:05d}" in self._files:  # skip ids taken by add_file
            number += 1
        file_id = f"F0FILE{number:05d}"
        self._files[file_id] = {"filename": p["filename"], "content": None}
        return _ok(upload_url=f"{super().url}/upload/{file_id}", file_id=file_id)

    @staticmethod
    def _mimetype(file: Json) -> str:
        return file.get("mimetype") or mimetypes.guess_type(file["filename"])[0] or "application/octet-stream"

    def _file_object(self, file_id: str) -> Json:
        file = self._files[file_id]
        name, content = file["filename"], file["content"]
        url = f"{super().url}/files-pri/{self.team_id}-{file_id}"
        mimetype = self._mimetype(file)
        return {
            "id": file_id,
            "created": 1716400160,
            "timestamp": 1716400160,
            "name": name,
            "title": name,
            "mimetype": mimetype,
            "filetype": name.rsplit(".", 1)[-1] if "." in name else "binary",
            "user": "U0AGENT01",
            "user_team": self.team_id,
            "size": len(content or b""),
            "mode": "hosted",
            "is_external": False,
            "is_public": True,
            "url_private": f"{url}/{quote(name)}",
            "url_private_download": f"{url}/download/{quote(name)}",
            "permalink": f"https://acme.slack.com/files/U0AGENT01/{file_id}/{quote(name)}",
        } | file.get("fields", {})

    def _files_info(self, p: Json) -> Json:
        file = self._files.get(p.get("file") or "")
        if file is None or file["content"] is None:
            return _error("file_not_found")
        return _ok(file=self._file_object(p["file"]), comments=[], response_metadata={"next_cursor": ""})

    def _files_complete_upload_external(self, p: Json) -> Json:
        files = p.get("files")
        if not isinstance(files, list) or not files:
            return _error("invalid_arguments")
        if any(self._files.get(f.get("id"), {}).get("content") is None for f in files):
            return _error("file_not_found")
        answer = []
        for f in files:
            stored = self._files[f["id"]]
            upload = Upload(
                file_id=f["id"],
                filename=stored["filename"],
                title=f.get("title"),
                content=stored["content"],
                channel_id=p.get("channel_id"),
                thread_ts=p.get("thread_ts"),
                initial_comment=p.get("initial_comment"),
                at=time.time(),
            )
            self._uploads.append(upload)
            title = f.get("title") or stored["filename"]
            answer.append(
                {"id": f["id"], "title": title, "name": stored["filename"], "size": len(upload.content)}
            )
        return _ok(files=answer)

    def _conversations_replies(self, p: Json) -> Json:
        channel, ts = p.get("channel", ""), p.get("ts", "")
        if (channel, ts) not in self._messages:
            return _error("thread_not_found")
        found = [m | {"ts": key[1]} for key, m in self._messages.items()
                 if key[0] == channel and (key[1] == ts or m.get("thread_ts") == ts)]
        found.sort(key=lambda m: (m["ts"] != ts, m["ts"]))
        return _ok(messages=found, has_more=False, response_metadata={"next_cursor": ""})

    def _chat_delete(self, p: Json) -> Json:
        key = (p.get("channel", ""), p.get("ts", ""))
        if key not in self._messages:
            return _error("message_not_found")
        if self._messages[key].get("user") != self.bot_user_id:
            return _error("cant_delete_message")
        del self._messages[key]
        return _ok(channel=key[0], ts=key[1])

    def _files_delete(self, p: Json) -> Json:
        if self._files.pop(p.get("file") or "", None) is None:
            return _error("file_not_found")
        return _ok()

    def message_at(self, channel: str, ts: str) -> Json | None:
        """The message as Slack now holds it (None once deleted)."""
        return self._messages.get((channel, ts))

    def add_message(self, channel: str, text: str, *, user: str, thread_ts: str | None = None) -> str:
        """A person's message, as if typed in Slack."""
        with self._lock:
            return self._store_message(channel, {"text": text, "thread_ts": thread_ts}, user=user)

    _methods: dict[str, Callable[[FakeSlack, Json], Json]] = {
        "auth.test": _auth_test,
        "chat.postMessage": _chat_post_message,
        "chat.update": _chat_update,
        "chat.postEphemeral": _chat_post_ephemeral,
        "chat.getPermalink": _chat_get_permalink,
        "reactions.add": _reactions_add,
        "users.info": _users_info,
        "conversations.info": _conversations_info,
        "conversations.members": _conversations_members,
        "views.open": _views_open,
        "views.publish": _views_publish,
        "files.getUploadURLExternal": _files_get_upload_url_external,
        "files.completeUploadExternal": _files_complete_upload_external,
        "files.info": _files_info,
        "conversations.replies": _conversations_replies,
        "chat.delete": _chat_delete,
        "files.delete": _files_delete,
    }


def _params(request: Request) -> Json:
    """Query, form and JSON parameters as one dict, JSON-string fields decoded."""
    params: Json = request.args.to_dict()
    if request.is_json:
        params.update(request.get_json(silent=True) or {})
    else:
        params.update(request.form.to_dict())
    for key in _JSON_STRING_FIELDS:
        if isinstance(params.get(key), str):
            try:
                params[key] = json.loads(params[key])
            except ValueError:
                pass
    return params


def _json(body: Json, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")
