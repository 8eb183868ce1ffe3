"""Everything a handler or job needs, built once at start-up and injected."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import requests
from slack_sdk import WebClient
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client as TwilioClient

from bot.clock import Clock, SystemClock
from bot.lanes import LanesConfig
from bot.settings import Settings
from bot.slack.users import UserNames
from bot.store.db import Database

HTTP_TIMEOUT = 10  # seconds, for every outbound call


@dataclass
class Deps:
    settings: Settings
    lanes: LanesConfig
    db: Database
    slack: WebClient
    twilio: TwilioClient
    http: requests.Session
    clock: Clock = field(default_factory=SystemClock)
    wake: Callable[[], None] = lambda: None  # tells the delivery worker that work was queued
    user_names: UserNames | None = None  # built by build_deps, over `slack`

    def names(self, user_id: str) -> str | None:
        """A Slack user's display name (cached), or None."""
        return self.user_names.name_of(user_id) if self.user_names else None


def build_deps(settings: Settings, lanes: LanesConfig, *, clock: Clock | None = None, db: Database | None = None) -> Deps:
    deps = Deps(
        settings=settings,
        lanes=lanes,
        db=db or Database(settings.database_url),
        slack=slack_client(settings),
        twilio=twilio_client(settings),
        http=requests.Session(),
        clock=clock or SystemClock(),
    )
    deps.user_names = UserNames(deps.slack, deps.clock)
    return deps


def slack_client(settings: Settings) -> WebClient:
    return WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=HTTP_TIMEOUT)


def twilio_client(settings: Settings) -> TwilioClient:
    # TWILIO_REGION / TWILIO_EDGE in the process environment would rewrite the host
    # (127.0.0.1 → 127.dublin.0.0.1). An empty mapping is not enough: the client falls back to
    # os.environ when `environment` is falsy, so name both as empty.
    client = TwilioClient(settings.twilio_account_sid, settings.twilio_auth_token,
                          environment={"TWILIO_EDGE": "", "TWILIO_REGION": ""},
                          http_client=TwilioHttpClient(timeout=HTTP_TIMEOUT))
    client.api.base_url = settings.twilio_api_url
    return client
