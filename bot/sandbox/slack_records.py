"""What the Slack emulator records (calls, uploads), its fault plan and its JSON helpers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from werkzeug.wrappers import Request, Response

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


def ok(**fields: Any) -> Json:
    return {"ok": True, **fields}


def error(error: str) -> Json:
    return {"ok": False, "error": error}



def params_of(request: Request) -> Json:
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


def json_response(body: Json, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")
