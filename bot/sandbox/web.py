"""The sandbox page (``/``) and its JSON API (``/sandbox/…``), served beside the app on one port.

The page is plain HTML, CSS and JavaScript from ``bot/sandbox/static`` (no CDN, no network).
It polls ``/sandbox/state`` and asks the sandbox to act: a customer's message, a click on a
card, a reply in a thread, a modal submission, a slash command, the clock's speed.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, jsonify, request, send_from_directory
from flask.typing import ResponseReturnValue

from bot.slack import ids

Sandbox = Any  # bot.sandbox.world.Sandbox (which imports this module: typed loosely to keep imports one-way)

STATIC = Path(__file__).parent / "static"
PICTURE_LIMIT = 5 * 1024 * 1024


class SandboxDispatcher:
    """WSGI: ``/`` and ``/sandbox/…`` go to the page, everything else to the app."""

    def __init__(self) -> None:
        self._app: Callable[..., Iterable[bytes]] | None = None
        self._page: Callable[..., Iterable[bytes]] | None = None

    def mount(self, app: Callable[..., Iterable[bytes]], page: Callable[..., Iterable[bytes]]) -> None:
        self._app, self._page = app, page

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or "/"
        target = self._page if path == "/" or path.startswith("/sandbox/") else self._app
        if target is None:
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"the sandbox is starting"]
        return target(environ, start_response)


def page_app(sandbox: Sandbox) -> Flask:
    page = Flask("bot.sandbox.page", static_folder=None)

    @page.get("/")
    def index() -> ResponseReturnValue:
        return send_from_directory(STATIC, "index.html")

    @page.get("/sandbox/static/<path:name>")
    def static_file(name: str) -> ResponseReturnValue:
        return send_from_directory(STATIC, name)

    @page.get("/sandbox/state")
    def state() -> ResponseReturnValue:
        return jsonify(snapshot(sandbox))

    @page.get("/sandbox/file/<file_id>")
    def file(file_id: str) -> ResponseReturnValue:
        found = sandbox.slack.file_content(file_id)
        if found is None:
            abort(404)
        return Response(found[0], mimetype=found[1])

    @page.post("/sandbox/customer")
    def customer() -> ResponseReturnValue:
        body = request.get_json(force=True)
        picture = _picture(body.get("picture"))
        text = str(body.get("text") or "")
        if not text.strip() and picture is None:
            return jsonify(error="type a message or attach a picture"), 400
        assert sandbox.customer is not None
        status = sandbox.customer.send(text, name=str(body.get("name") or "Customer"),
                                       number=str(body.get("number") or "+971501234567"), picture=picture)
        return jsonify(status=status)

    @page.post("/sandbox/click")
    def click() -> ResponseReturnValue:
        body = request.get_json(force=True)
        assert sandbox.team is not None
        status = sandbox.team.click(user=body["user"], channel=body["channel"], ts=body["ts"], action=body["action"])
        return jsonify(status=status)

    @page.post("/sandbox/reply")
    def reply() -> ResponseReturnValue:
        body = request.get_json(force=True)
        assert sandbox.team is not None
        status = sandbox.team.reply(user=body["user"], channel=body["channel"], thread_ts=body["thread_ts"],
                                    text=str(body.get("text") or ""))
        return jsonify(status=status)

    @page.post("/sandbox/submit")
    def submit() -> ResponseReturnValue:
        body = request.get_json(force=True)
        assert sandbox.team is not None
        view = _opened_view(sandbox, body["view_id"])
        if view is None:
            return jsonify(error="no such modal"), 404
        sandbox.team.closed_views.add(body["view_id"])
        answer = sandbox.team.submit(user=body["user"], view=view, values=body.get("values") or {})
        if answer.get("response_action") == "errors":
            sandbox.team.closed_views.discard(body["view_id"])
        return jsonify(answer)

    @page.post("/sandbox/dismiss")
    def dismiss() -> ResponseReturnValue:
        assert sandbox.team is not None
        sandbox.team.closed_views.add(str(request.get_json(force=True).get("view_id")))
        return jsonify(ok=True)

    @page.post("/sandbox/command")
    def command() -> ResponseReturnValue:
        body = request.get_json(force=True)
        assert sandbox.team is not None
        return jsonify(sandbox.team.command(user=body["user"], channel=body["channel"],
                                            command=str(body.get("command") or ids.REPORT_COMMAND),
                                            text=str(body.get("text") or "")))

    @page.post("/sandbox/clock")
    def clock() -> ResponseReturnValue:
        body = request.get_json(force=True)
        if body.get("speed") is not None:
            try:
                sandbox.clock.set_speed(float(body["speed"]))
            except ValueError as exc:
                return jsonify(error=str(exc)), 400
        if body.get("advance_minutes"):
            sandbox.advance(float(body["advance_minutes"]))
        return jsonify(now=sandbox.clock.now().isoformat(), speed=sandbox.clock.speed)

    return page


def snapshot(sandbox: Sandbox) -> dict[str, Any]:
    """Everything the page shows, read from the emulators (what the app sent) and the people."""
    slack = sandbox.slack
    assert sandbox.customer is not None and sandbox.team is not None
    channels = []
    for channel in sandbox.channels():
        messages = [_message(m) for m in slack.channel_messages(channel["id"])]
        uploads = [{"file_id": u.file_id, "name": u.filename, "thread_ts": u.thread_ts, "title": u.title,
                    "comment": u.initial_comment} for u in slack.uploads() if u.channel_id == channel["id"]]
        private = [{"user": c.params.get("user"), "text": c.params.get("text") or "",
                    "blocks": c.params.get("blocks") or [], "thread_ts": c.params.get("thread_ts")}
                   for c in slack.calls("chat.postEphemeral") if c.params.get("channel") == channel["id"]]
        private += [{"user": None, "text": c.params.get("text") or "", "blocks": c.params.get("blocks") or [],
                     "public": c.params.get("response_type") == "in_channel"}
                    for c in slack.calls("response_url") if c.params.get("path", "").endswith("/" + channel["id"])]
        answers = [a for a in sandbox.team.answers if a["channel"] == channel["id"]]
        channels.append(channel | {"messages": messages, "uploads": uploads, "private": private, "answers": answers})
    views = [{"id": (c.answer or {}).get("view", {}).get("id"), "view": c.params.get("view")}
             for c in slack.calls("views.open")]
    return {
        "clock": {"now": sandbox.clock.now().isoformat(), "speed": sandbox.clock.speed},
        "lanes_file": Path(sandbox.lanes_file).name,
        "timezone": sandbox.lanes.workspace.timezone,
        "business_number": sandbox.deps.settings.twilio_whatsapp_from.removeprefix("whatsapp:"),
        "people": sandbox.people(),
        "labels": list(sandbox.lanes.labels),
        "channels": channels,
        "phone": sandbox.customer.messages(),
        "modals": [v for v in views if v["id"] and v["id"] not in sandbox.team.closed_views],
    }


def _message(message: dict[str, Any]) -> dict[str, Any]:
    keep = ("ts", "thread_ts", "user", "bot_id", "text", "blocks", "edited")
    return {key: message[key] for key in keep if key in message}


def _opened_view(sandbox: Sandbox, view_id: str) -> dict[str, Any] | None:
    for call in sandbox.slack.calls("views.open"):
        answered = (call.answer or {}).get("view") or {}
        if answered.get("id") == view_id:
            return dict(answered)
    return None


def _picture(data_url: object) -> tuple[bytes, str] | None:
    """``data:image/png;base64,…`` → (bytes, type); None for anything else."""
    if not isinstance(data_url, str) or not data_url.startswith("data:") or ";base64," not in data_url:
        return None
    header, encoded = data_url.split(",", 1)
    content_type = header.removeprefix("data:").split(";", 1)[0] or "application/octet-stream"
    try:
        content = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return None
    return (content, content_type) if 0 < len(content) <= PICTURE_LIMIT else None
