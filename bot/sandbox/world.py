"""The sandbox: the real app, database, worker and timers against the built-in emulators.

`Sandbox.start()` starts the Slack and Twilio emulators, migrates a SQLite file in a
temporary directory, builds the app with `create_app(deps)` (its clients aimed at the
emulators through SLACK_API_URL / TWILIO_API_URL), starts the delivery worker and timers
(`bot.runtime.start_background`) and serves the app and the sandbox page on one port.
Everything the page does reaches the app as Slack or Twilio would send it: signed HTTP.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import requests
from werkzeug.serving import BaseWSGIServer, make_server

from bot.clock import SystemClock
from bot.lanes import LanesConfig, load_lanes
from bot.sandbox.clock import SpeedClock
from bot.sandbox.people import Customer, Team
from bot.sandbox.server import _QuietRequestHandler
from bot.sandbox.slack_emulator import FakeSlack
from bot.sandbox.twilio_emulator import FakeTwilio
from bot.settings import Settings

log = logging.getLogger("bot.sandbox")

SANDBOX_SENDER = "whatsapp:+14155238886"  # Twilio's WhatsApp sandbox number
SANDBOX_SECRETS = {
    "SLACK_BOT_TOKEN": "xoxb-sandbox-token",
    "SLACK_SIGNING_SECRET": "sandbox-signing-secret",
    "TWILIO_ACCOUNT_SID": "AC" + "5a" * 16,
    "TWILIO_AUTH_TOKEN": "sandbox_auth_token_0123456789ab",
    "TWILIO_WHATSAPP_FROM": SANDBOX_SENDER,
}
MANIFEST_SCOPES = (  # manifest.yml's bot scopes, all granted in the sandbox
    "chat:write", "channels:history", "groups:history", "channels:read", "groups:read", "commands",
    "users:read", "reactions:write", "reactions:read", "files:read", "files:write", "usergroups:read",
)


def lanes_file_for_sandbox(explicit: str | None) -> str:
    """The user's own lanes.toml when there is one (a dry run of their routing), else the example."""
    if explicit:
        return explicit
    return "lanes.toml" if Path("lanes.toml").exists() else "lanes.example.toml"


class Sandbox:
    """One running sandbox: `url` is the page, `public_url` the app (the same server)."""

    def __init__(self, lanes_file: str, *, host: str = "127.0.0.1", port: int = 0,
                 database_url: str | None = None, start: datetime | None = None) -> None:
        self.lanes_file = lanes_file
        self.lanes: LanesConfig = load_lanes(lanes_file)
        self.host, self.port = host, port
        self._database_url = database_url
        self._tmp: str | None = None
        self.slack = FakeSlack(token=SANDBOX_SECRETS["SLACK_BOT_TOKEN"], scopes=MANIFEST_SCOPES)
        self.twilio = FakeTwilio(SANDBOX_SECRETS["TWILIO_ACCOUNT_SID"], SANDBOX_SECRETS["TWILIO_AUTH_TOKEN"])
        self.clock = SpeedClock(start or _start_time(self.lanes))
        self.http = requests.Session()
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None
        self._worker: Any = None
        self.deps: Any = None
        self.customer: Customer | None = None
        self.team: Team | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "start the sandbox first"
        return f"http://{self.host}:{self._server.server_port}"

    def settings(self) -> Settings:
        env = dict(SANDBOX_SECRETS)
        env.update(SLACK_API_URL=self.slack.url, TWILIO_API_URL=self.twilio.url, PUBLIC_URL=self.url,
                   DATABASE_URL=self._database_url or "", LANES_FILE=self.lanes_file)
        return Settings.from_env(env)

    def start(self) -> Sandbox:
        from bot.app import create_app
        from bot.deps import build_deps
        from bot.runtime import start_background
        from bot.sandbox.web import SandboxDispatcher, page_app
        from bot.store.migrate import upgrade

        self.slack.start()
        self.twilio.start()
        self.twilio.add_number(SANDBOX_SENDER.removeprefix("whatsapp:"))
        if self._database_url is None:
            self._tmp = tempfile.mkdtemp(prefix="wa-bridge-sandbox-")
            self._database_url = f"sqlite:///{Path(self._tmp) / 'sandbox.db'}"
        dispatcher = SandboxDispatcher()
        self._server = make_server(self.host, self.port, dispatcher, threaded=True,
                                   request_handler=_QuietRequestHandler)
        settings = self.settings()
        upgrade(settings.database_url)
        self.deps = build_deps(settings, self.lanes, clock=self.clock)
        self._seed_workspace()
        self.customer = Customer(self)
        self.team = Team(self)
        self.twilio.on_sent = self.customer.play_statuses
        dispatcher.mount(create_app(self.deps), page_app(self))
        self._worker = start_background(self.deps)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.1,), name="sandbox-http",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        if self._worker is not None:
            self._worker.stop()
        if self.customer is not None:
            self.customer.stop()
        if self.deps is not None:
            self.deps.http.close()
            self.deps.db.dispose()
        self.twilio.stop()
        self.slack.stop()
        self.http.close()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _seed_workspace(self) -> None:
        """Channels named after their lanes, the bot in each; people named after their ids."""
        for lane in self.lanes.lanes:
            self.slack.add_channel(lane.channel, lane.name.replace("_", "-"), members=list(lane.members))
        workspace = self.lanes.workspace
        if workspace.escalation_channel:
            self.slack.add_channel(workspace.escalation_channel, "escalations")
        for user in self.people():
            self.slack.add_user(user, display_name=user.removeprefix("U0").capitalize())

    def channels(self) -> list[dict[str, Any]]:
        """The lane channels (then escalations), as the page lists them."""
        seen: dict[str, dict[str, Any]] = {}
        for lane in self.lanes.lanes:
            seen.setdefault(lane.channel, {"id": lane.channel, "name": lane.name.replace("_", "-"), "lane": lane.name,
                                           "members": list(lane.members) + list(lane.leads)})
        escalation = self.lanes.workspace.escalation_channel
        if escalation:
            seen.setdefault(escalation, {"id": escalation, "name": "escalations", "lane": "",
                                         "members": list(self.lanes.workspace.leads)})
        return list(seen.values())

    def people(self) -> list[str]:
        """Every member and lead named in the lanes file, members first."""
        users: dict[str, None] = {}
        for lane in self.lanes.lanes:
            users.update(dict.fromkeys(lane.members))
        for lane in self.lanes.lanes:
            users.update(dict.fromkeys(lane.leads))
        users.update(dict.fromkeys(self.lanes.workspace.leads))
        return list(users)

    def advance(self, minutes: float) -> None:
        self.clock.advance(timedelta(minutes=minutes))
        self.deps.wake()


def _start_time(lanes: LanesConfig) -> datetime:
    """Now, or the next opening of the workspace's working hours (timers wait outside them)."""
    now = SystemClock().now()
    calendar = lanes.calendar()
    return now if calendar.is_open(now) else calendar.next_open(now) + timedelta(minutes=1)
