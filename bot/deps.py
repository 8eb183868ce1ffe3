"""Everything a handler or job needs, built once at start-up and injected."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import requests
from slack_sdk import WebClient
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client as TwilioClient

from bot.clock import Clock, SystemClock
from bot.lanes import LanesConfig
from bot.settings import Settings
from bot.slack.paced_client import PacedWebClient
from bot.slack.pacing import Pacer
from bot.slack.users import UserNames
from bot.store.db import Database
from bot.whatsapp.content import TemplateCatalog

HTTP_TIMEOUT = 10  # seconds, for every outbound call


class LanesInForce:
    """The lanes file in force. The operator may reload it (SIGHUP to `serve`): the new
    configuration replaces the old one whole, and the next request or job reads it."""

    def __init__(self, lanes: LanesConfig) -> None:
        self._lanes = lanes

    @property
    def current(self) -> LanesConfig:
        return self._lanes

    def replace(self, lanes: LanesConfig) -> None:
        self._lanes = lanes


@dataclass(frozen=True)
class Deps:
    """Built once, never mutated: the clients, the clock, the database, the lanes in force
    and the delivery worker's wake-up (set by whoever queues work, waited on by the worker)."""

    settings: Settings
    lanes_in_force: LanesInForce
    db: Database
    slack: WebClient
    twilio: TwilioClient
    http: requests.Session
    user_names: UserNames
    templates: TemplateCatalog  # approved WhatsApp templates (Content API), cached
    clock: Clock = field(default_factory=SystemClock)
    wakeup: threading.Event = field(default_factory=threading.Event)
    intake_wakeup: threading.Event = field(default_factory=threading.Event)  # the worker's intake thread
    arrivals: Arrivals = field(default_factory=lambda: Arrivals())  # when the webhook last stored a message
    pacer: Pacer | None = None  # Slack's limits, per process (the `slack` client paces through it)

    @property
    def lanes(self) -> LanesConfig:
        return self.lanes_in_force.current

    def use_lanes(self, lanes: LanesConfig) -> None:
        """Put a new lanes configuration in force (a reload of the lanes file)."""
        self.lanes_in_force.replace(lanes)

    def wake(self) -> None:
        """Tell the delivery worker that work was queued (an outbox job, or an inbound row for intake)."""
        self.wakeup.set()
        self.intake_wakeup.set()

    def names(self, user_id: str) -> str | None:
        """A Slack user's display name (cached), or None."""
        return self.user_names.name_of(user_id)


class Arrivals:
    """When this process's webhook stored its last two inbound messages: in a dense burst intake
    waits for a pause (up to a bound), so the webhook keeps the database and the CPU meanwhile;
    a message on its own is taken in at once."""

    def __init__(self) -> None:
        self.last = 0.0  # time.monotonic() of the last arrival; 0: none yet
        self.gap = float("inf")  # seconds between the last two arrivals

    def note(self) -> None:
        now = time.monotonic()
        self.gap, self.last = now - self.last, now

    def in_burst(self, within: float) -> bool:
        """The last two messages came less than `within` apart, and the last one less than `within` ago."""
        return self.gap < within and time.monotonic() - self.last < within


def build_deps(settings: Settings, lanes: LanesConfig, *, clock: Clock | None = None, db: Database | None = None) -> Deps:
    clock = clock or SystemClock()
    pacer = Pacer(time.monotonic) if settings.slack_pacing else None
    slack = slack_client(settings, pacer)
    twilio = twilio_client(settings)
    return Deps(
        settings=settings,
        lanes_in_force=LanesInForce(lanes),
        db=db or Database(settings.database_url),
        slack=slack,
        twilio=twilio,
        http=requests.Session(),
        user_names=UserNames(slack, clock),
        templates=TemplateCatalog(twilio, settings.twilio_content_url),
        clock=clock,
        pacer=pacer,
    )


def slack_client(settings: Settings, pacer: Pacer | None = None) -> WebClient:
    return PacedWebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url, timeout=HTTP_TIMEOUT,
                          pacer=pacer)


def twilio_client(settings: Settings) -> TwilioClient:
    # TWILIO_REGION / TWILIO_EDGE in the process environment would rewrite the host
    # (127.0.0.1 → 127.dublin.0.0.1). An empty mapping is not enough: the client falls back to
    # os.environ when `environment` is falsy, so name both as empty.
    client = TwilioClient(settings.twilio_account_sid, settings.twilio_auth_token,
                          environment={"TWILIO_EDGE": "", "TWILIO_REGION": ""},
                          http_client=TwilioHttpClient(timeout=HTTP_TIMEOUT))
    client.api.base_url = settings.twilio_api_url
    return client
