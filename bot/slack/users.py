"""Reps' Slack display names, from users.info, cached for an hour."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clock import Clock

log = logging.getLogger(__name__)
TTL = timedelta(hours=1)


class UserNames:
    def __init__(self, client: WebClient, clock: Clock) -> None:
        self._client = client
        self._clock = clock
        self._cache: dict[str, tuple[str | None, datetime]] = {}
        self._lock = threading.Lock()

    def name_of(self, user_id: str) -> str | None:
        """The display name (else the real name) of `user_id`; None if Slack cannot say."""
        now = self._clock.now()
        with self._lock:
            cached = self._cache.get(user_id)
        if cached is not None and now - cached[1] < TTL:
            return cached[0]
        try:
            user = self._client.users_info(user=user_id)["user"]
        except (SlackApiError, OSError) as exc:
            log.warning("users.info for %s failed: %s", user_id, exc)
            return cached[0] if cached else None
        profile = user.get("profile") or {}
        name = profile.get("display_name") or profile.get("real_name") or user.get("real_name") or user.get("name")
        with self._lock:
            self._cache[user_id] = (name or None, now)
        return name or None
