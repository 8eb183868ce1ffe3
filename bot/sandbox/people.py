"""The sandbox's people: a customer on a WhatsApp phone and a team in Slack.

The customer's messages reach the app as Twilio's signed webhook; the emulator's status
callbacks (sent → delivered → read) come back the same way. The team's clicks, thread
replies, modal submissions and slash commands reach the app as Slack's signed requests.
"""

from __future__ import annotations

import base64
import itertools
import json
import threading
import time
import uuid
from typing import Any

from bot.sandbox.signing import post_slack_form, post_slack_json, post_twilio_form
from bot.sandbox.twilio_records import SentMessage

Sandbox = Any  # bot.sandbox.world.Sandbox (which imports this module: typed loosely to keep imports one-way)

STATUS_STEPS = (("sent", 0.4), ("delivered", 0.5), ("read", 1.2))  # (status, real seconds after the last)
_TEAM_ID = "T0ACME01"


class Customer:
    """The phone on the page: what the customer typed and what the business sent back."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self._lock = threading.Lock()
        self._messages: list[dict[str, Any]] = []
        self._statuses: dict[str, str] = {}
        self._stopping = threading.Event()
        self._sids = itertools.count(1)

    def send(self, text: str, *, name: str, number: str, picture: tuple[bytes, str] | None = None) -> int:
        """Post one WhatsApp message to the app's webhook; returns the app's HTTP status."""
        settings = self.sandbox.deps.settings
        sid = f"SM{uuid.uuid4().hex}"
        number = "+" + "".join(ch for ch in number if ch.isdigit())
        form = {
            "SmsMessageSid": sid, "MessageSid": sid, "SmsSid": sid, "AccountSid": settings.twilio_account_sid,
            "MessageType": "text", "SmsStatus": "received", "Body": text, "To": settings.twilio_whatsapp_from,
            "From": f"whatsapp:{number}", "WaId": number.lstrip("+"), "ProfileName": name, "NumSegments": "1",
            "ReferralNumMedia": "0", "ApiVersion": "2010-04-01", "NumMedia": "0",
        }
        shown: dict[str, Any] = {"dir": "in", "sid": sid, "text": text, "from": number, "name": name,
                                 "at": self.sandbox.clock.now().isoformat(), "media": []}
        if picture is not None:
            content, content_type = picture
            form.update(NumMedia="1", MessageType="image", MediaContentType0=content_type,
                        MediaUrl0=self.sandbox.twilio.add_media(content, content_type))
            shown["media"] = [f"data:{content_type};base64,{base64.b64encode(content).decode()}"]
        with self._lock:
            self._messages.append(shown)
        answer = post_twilio_form(self.sandbox.http, f"{settings.public_url}/twilio/whatsapp",
                                  settings.twilio_auth_token, form)
        shown["http"] = answer.status_code
        return answer.status_code

    def play_statuses(self, message: SentMessage) -> None:
        """Called by the Twilio emulator for each accepted send: show it, then play its callbacks."""
        media = message.get("MediaUrl") or []
        with self._lock:
            self._messages.append({
                "dir": "out", "sid": message.sid, "text": message.get("Body") or "",
                "to": message.get("To"), "media": media if isinstance(media, list) else [media],
                "at": self.sandbox.clock.now().isoformat(), "template": message.get("ContentSid"),
            })
            self._statuses[message.sid or ""] = "queued"
        callback = message.get("StatusCallback")
        if callback and message.sid:
            threading.Thread(target=self._callbacks, args=(message, callback), daemon=True,
                             name=f"status-{message.sid[:8]}").start()

    def _callbacks(self, message: SentMessage, url: str) -> None:
        settings = self.sandbox.deps.settings
        for status, wait in STATUS_STEPS:
            if self._stopping.wait(wait):
                return
            form = {
                "MessageSid": message.sid or "", "SmsSid": message.sid or "", "MessageStatus": status,
                "SmsStatus": status, "AccountSid": settings.twilio_account_sid, "From": str(message.get("From")),
                "To": str(message.get("To")), "ApiVersion": "2010-04-01", "ChannelPrefix": "whatsapp",
            }
            try:
                post_twilio_form(self.sandbox.http, url, settings.twilio_auth_token, form)
            except Exception:  # noqa: BLE001 - the sandbox is stopping
                return
            with self._lock:
                self._statuses[message.sid or ""] = status

    def messages(self) -> list[dict[str, Any]]:
        with self._lock:
            return [m | {"status": self._statuses.get(m["sid"])} if m["dir"] == "out" else dict(m)
                    for m in self._messages]

    def stop(self) -> None:
        self._stopping.set()


class Team:
    """People in Slack: every request is signed with the app's signing secret."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.closed_views: set[str] = set()  # modals submitted or dismissed on the page
        self.answers: list[dict[str, Any]] = []  # what the app answered to commands (shown as "only you")

    @property
    def _events_url(self) -> str:
        return f"{self.sandbox.deps.settings.public_url}/slack/events"

    @property
    def _secret(self) -> str:
        return str(self.sandbox.deps.settings.slack_signing_secret)

    def click(self, *, user: str, channel: str, ts: str, action: dict[str, Any]) -> int:
        """A block_actions payload for one element of the message `ts` (a button or a select)."""
        message = self.sandbox.slack.message(channel, ts) or {}
        action = {"block_id": action.get("block_id") or "", "action_ts": f"{time.time():.6f}", **action}
        payload = {
            "type": "block_actions", "user": {"id": user, "username": user.lower(), "team_id": _TEAM_ID},
            "api_app_id": "A0SANDBOX", "token": "sandbox", "trigger_id": f"{uuid.uuid4().int % 10**12}.sandbox",
            "team": {"id": _TEAM_ID, "domain": "acme"}, "channel": {"id": channel, "name": channel.lower()},
            "container": {"type": "message", "message_ts": ts, "channel_id": channel, "is_ephemeral": False},
            "message": message, "actions": [action],
        }
        answer = post_slack_form(self.sandbox.http, self._events_url, self._secret, {"payload": json.dumps(payload)})
        return answer.status_code

    def reply(self, *, user: str, channel: str, thread_ts: str, text: str) -> int:
        """A person's message in a thread: stored in the emulator, then the Events API callback."""
        ts = self.sandbox.slack.add_message(channel, text, thread_ts=thread_ts, user=user)
        event = {"type": "message", "channel": channel, "user": user, "text": text, "ts": ts,
                 "thread_ts": thread_ts, "channel_type": "channel", "team": _TEAM_ID}
        payload = {"token": "sandbox", "team_id": _TEAM_ID, "api_app_id": "A0SANDBOX", "event": event,
                   "type": "event_callback", "event_id": f"Ev{uuid.uuid4().hex[:12].upper()}",
                   "event_time": int(time.time()),
                   "authorizations": [{"team_id": _TEAM_ID, "user_id": self.sandbox.slack.bot_user_id,
                                       "is_bot": True}]}
        return post_slack_json(self.sandbox.http, self._events_url, self._secret, payload).status_code

    def submit(self, *, user: str, view: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
        """A view_submission of a modal the app opened; returns the app's answer (errors, if any)."""
        payload = {
            "type": "view_submission", "team": {"id": _TEAM_ID, "domain": "acme"},
            "user": {"id": user, "username": user.lower(), "team_id": _TEAM_ID}, "api_app_id": "A0SANDBOX",
            "token": "sandbox", "trigger_id": f"{uuid.uuid4().int % 10**12}.sandbox",
            "view": view | {"state": {"values": values}},
        }
        answer = post_slack_form(self.sandbox.http, self._events_url, self._secret, {"payload": json.dumps(payload)})
        try:
            return {"status": answer.status_code, **(answer.json() if answer.content else {})}
        except ValueError:
            return {"status": answer.status_code}

    def command(self, *, user: str, channel: str, command: str, text: str) -> dict[str, Any]:
        """A slash command; the immediate answer is kept for the page (Slack shows it to the user only)."""
        form = {
            "token": "sandbox", "team_id": _TEAM_ID, "team_domain": "acme", "channel_id": channel,
            "channel_name": channel.lower(), "user_id": user, "user_name": user.lower(), "command": command,
            "text": text, "api_app_id": "A0SANDBOX", "response_url": self.sandbox.slack.response_url(channel),
            "trigger_id": f"{uuid.uuid4().int % 10**12}.sandbox",
        }
        answer = post_slack_form(self.sandbox.http, self._events_url, self._secret, form)
        try:
            body = answer.json() if answer.content else {}
        except ValueError:
            body = {"text": answer.text}
        shown = {"channel": channel, "user": user, "command": f"{command} {text}".strip(),
                 "status": answer.status_code, "body": body, "at": time.time()}
        self.answers.append(shown)
        return shown
