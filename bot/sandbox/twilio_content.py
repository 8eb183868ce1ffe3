"""Twilio's Content API, as the fake Twilio serves it: `GET /v1/ContentAndApprovals` lists
templates with their WhatsApp approval status and language (paged like Twilio), and sends
that name a ContentSid are checked for well-formed ContentVariables (21656 otherwise)."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Request, Response

from bot.sandbox.twilio_records import SentMessage
from bot.sandbox.twilio_records import json_response as _json
from bot.sandbox.twilio_records import unauthorized as _unauthorized

CONTENT_LIST = "/v1/ContentAndApprovals"


class ContentApi:
    """Mixed into FakeTwilio, which provides `url`, `account_sid`, `_lock`, `_authorized` and `sent`."""

    if TYPE_CHECKING:  # provided by FakeTwilio and FakeServer; declared for the type checker only
        def _authorized(self, request: Request, path_sid: str) -> bool: ...

        def sent(self) -> list[SentMessage]: ...

    url: str
    account_sid: str
    _lock: threading.Lock

    def _init_content(self) -> None:
        self._templates: list[dict[str, Any]] = []
        self.content_requests = 0  # GETs of ContentAndApprovals (cache tests)


    def template_sends(self) -> list[SentMessage]:
        """Accepted sends that named a ContentSid (templates)."""
        return [sent for sent in self.sent() if sent.get("ContentSid")]

    def add_template(self, name: str, body: str, *, language: str = "en", status: str = "approved",
                     variables: dict[str, str] | None = None, sid: str | None = None) -> str:
        """A template served by ``GET /v1/ContentAndApprovals`` (Content API); returns its HX sid."""
        sid = sid or f"HX{uuid.uuid4().hex}"
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self._lock:
            self._templates.append({
                "date_created": now, "date_updated": now, "sid": sid, "account_sid": self.account_sid,
                "friendly_name": name, "language": language, "variables": variables or {},
                "types": {"twilio/text": {"body": body}},
                "approval_requests": {"name": name.lower().replace(" ", "_"), "category": "UTILITY",
                                      "content_type": "twilio/text", "status": status, "rejection_reason": "",
                                      "allow_category_change": True},
            })
        return sid

    def _variables_ok(self, form: dict[str, Any]) -> bool:
        """ContentVariables must be a JSON object of strings (Twilio's 21656 otherwise)."""
        raw = form.get("ContentVariables")
        if raw is None:
            return True
        try:
            values = json.loads(raw)
        except ValueError:
            return False
        return isinstance(values, dict) and all(isinstance(v, str) for v in values.values())

    def _content_list(self, request: Request) -> Response:
        """``GET /v1/ContentAndApprovals``, paged like Twilio (PageSize, Page, meta.next_page_url)."""
        if not self._authorized(request, self.account_sid):
            return _unauthorized()
        size = max(1, min(int(request.args.get("PageSize", "50")), 1000))
        page = int(request.args.get("Page", "0"))
        with self._lock:
            self.content_requests += 1
            contents = self._templates[page * size:(page + 1) * size]
            more = len(self._templates) > (page + 1) * size
        base = f"{self.url}{CONTENT_LIST}?PageSize={size}"
        return _json({"contents": contents, "meta": {
            "page": page, "page_size": size, "first_page_url": f"{base}&Page=0",
            "previous_page_url": f"{base}&Page={page - 1}" if page else None,
            "next_page_url": f"{base}&Page={page + 1}" if more else None,
            "url": f"{base}&Page={page}", "key": "contents"}}, 200)
