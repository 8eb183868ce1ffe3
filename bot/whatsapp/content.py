"""The account's templates from Twilio's Content API, cached and refreshed.

Uses the twilio package's own Content client (``client.content.v1.content_and_approvals``)
with the domain's ``base_url`` set to ``TWILIO_CONTENT_URL``, so tests aim the real client
at the fake. The list is kept for `FRESH`; after that the next caller refreshes it. When
Twilio cannot be reached the last list is kept (and an empty one before any success), so a
Twilio hiccup never blocks a modal.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from typing import Any

from twilio.base.exceptions import TwilioException

from bot.whatsapp.templates import Template, from_api

log = logging.getLogger(__name__)

FRESH = timedelta(minutes=10)
PAGE_SIZE = 200
MAX_TEMPLATES = 1000


class TemplateCatalog:
    """Templates of the account (all approval states); thread-safe."""

    def __init__(self, twilio: Any, content_url: str) -> None:
        twilio.content.base_url = content_url.rstrip("/")
        self._twilio = twilio
        self._lock = threading.Lock()
        self._templates: tuple[Template, ...] = ()
        self._fetched_at: datetime | None = None

    def templates(self, now: datetime) -> tuple[Template, ...]:
        """The templates, fetched again when the list is older than `FRESH`."""
        with self._lock:
            if self._fetched_at is not None and now - self._fetched_at < FRESH:
                return self._templates
        return self.refresh(now)

    def refresh(self, now: datetime) -> tuple[Template, ...]:
        try:
            items = self._twilio.content.v1.content_and_approvals.list(page_size=PAGE_SIZE, limit=MAX_TEMPLATES)
        except (TwilioException, OSError) as exc:
            log.warning("could not list templates from Twilio's Content API: %s", exc)
            with self._lock:
                return self._templates
        found = []
        for item in items:
            template = from_api({"sid": item.sid, "friendly_name": item.friendly_name, "language": item.language,
                                 "variables": item.variables, "types": item.types,
                                 "approval_requests": item.approval_requests})
            if template is not None:
                found.append(template)
        with self._lock:
            self._templates, self._fetched_at = tuple(found), now
            return self._templates

    def find(self, sid: str, now: datetime) -> Template | None:
        return next((t for t in self.templates(now) if t.sid == sid), None)
