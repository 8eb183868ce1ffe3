"""`python -m bot check --online` (and a warning at start-up): ask Slack and Twilio.

Slack: `auth.test` (is the token right? its ``X-OAuth-Scopes`` header: are manifest.yml's
scopes granted?), then `conversations.info` for every lane, escalation and weekly-report
channel (does it exist, is the bot in it? `conversations.members` when Slack does not say).
Twilio: the account (are the SID and token right, is it active?) and the sender (is it the
sandbox, or one of the account's numbers?). Every problem is one line that says the fix.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.rest import Client as TwilioClient

from bot.lanes import LanesConfig

log = logging.getLogger(__name__)

TWILIO_SANDBOX_NUMBER = "+14155238886"
_TOKEN_ERRORS = {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}


@dataclass(frozen=True)
class Finding:
    """`fatal`: the bot cannot work until it is fixed; otherwise advice."""

    text: str
    fatal: bool = True


def check_slack(client: WebClient, lanes: LanesConfig, manifest_scopes: Iterable[str] = ()) -> list[Finding]:
    try:
        answer = client.auth_test()
    except SlackApiError as exc:
        error = str(exc.response.get("error"))
        if error in _TOKEN_ERRORS:
            return [Finding(f"SLACK_BOT_TOKEN: Slack answered {error}: the token is wrong or revoked; copy the "
                            "Bot User OAuth Token (xoxb-…) from api.slack.com/apps → your app → OAuth & Permissions "
                            "(reinstall the app if it is missing)")]
        return [Finding(f"Slack auth.test failed: {error}")]
    except SlackClientError as exc:
        return [Finding(f"Slack cannot be reached ({exc}): check the network or SLACK_API_URL")]
    findings = _scopes(answer.headers, manifest_scopes)
    bot_user = str(answer.get("user_id") or "")
    for channel, where in _channels(lanes):
        findings += _channel(client, channel, where, bot_user)
    return findings


def _scopes(headers: dict[str, object], manifest_scopes: Iterable[str]) -> list[Finding]:
    granted_header = next((str(v) for k, v in headers.items() if k.lower() == "x-oauth-scopes"), None)
    wanted = list(dict.fromkeys(manifest_scopes))
    if granted_header is None or not wanted:
        return []
    granted = {scope.strip() for scope in granted_header.split(",") if scope.strip()}
    missing = [scope for scope in wanted if scope not in granted]
    if not missing:
        return []
    return [Finding(f"Slack scopes missing: {', '.join(missing)}: add them from manifest.yml under OAuth & "
                    "Permissions → Scopes (or recreate the app from the manifest), then reinstall the app")]


def _channels(lanes: LanesConfig) -> list[tuple[str, str]]:
    wanted: dict[str, str] = {}
    for lane in lanes.lanes:
        wanted.setdefault(lane.channel, f"lane {lane.name}")
    if lanes.workspace.escalation_channel:
        wanted.setdefault(lanes.workspace.escalation_channel, "escalation channel")
    if lanes.weekly_report is not None:
        wanted.setdefault(lanes.weekly_report.channel, "weekly report channel")
    return list(wanted.items())


def _channel(client: WebClient, channel: str, where: str, bot_user: str) -> list[Finding]:
    try:
        info = client.conversations_info(channel=channel)
    except SlackApiError as exc:
        error = str(exc.response.get("error"))
        if error == "channel_not_found":
            return [Finding(f"{where}: channel {channel} not found: check the id (channel details → bottom); "
                            "a private channel is only visible once the app is invited: /invite @WA Bridge")]
        if error == "missing_scope":
            return [Finding(f"{where}: cannot look at {channel} (missing_scope): grant channels:read and "
                            "groups:read, then reinstall the app")]
        return [Finding(f"{where}: conversations.info on {channel} failed: {error}")]
    except SlackClientError as exc:
        return [Finding(f"{where}: Slack cannot be reached ({exc})")]
    found = info.get("channel") or {}
    name = f"#{found.get('name')}" if found.get("name") else channel
    if found.get("is_archived"):
        return [Finding(f"{where}: {name} ({channel}) is archived: unarchive it or name another channel")]
    member = found.get("is_member")
    if member is None and bot_user:
        member = _is_member(client, channel, bot_user)
    if member is False:
        return [Finding(f"{where}: the bot is not a member of {name} ({channel}): in Slack, "
                        f"type /invite @WA Bridge in {name}")]
    return []


def _is_member(client: WebClient, channel: str, bot_user: str) -> bool | None:
    try:
        for page in client.conversations_members(channel=channel, limit=200):
            if bot_user in (page.get("members") or []):
                return True
    except SlackClientError:
        return None
    return False


def check_twilio(client: TwilioClient, account_sid: str, *senders: str) -> list[Finding]:
    """The account, then each of our WhatsApp senders (TWILIO_WHATSAPP_FROM may list several)."""
    try:
        account = client.api.v2010.accounts(account_sid).fetch()
    except TwilioRestException as exc:
        if exc.status == 401:
            return [Finding(f"TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN: Twilio answered {exc.code} (not authenticated): "
                            "copy both from console.twilio.com → Account info")]
        return [Finding(f"Twilio account {account_sid}: Twilio answered {exc.status} {exc.code}: {exc.msg}")]
    except (TwilioException, OSError) as exc:
        return [Finding(f"Twilio cannot be reached ({exc}): check the network or TWILIO_API_URL")]
    findings = []
    if account.status and account.status != "active":
        findings.append(Finding(f"Twilio account {account_sid} is {account.status}: reactivate it in the console"))
    for sender in senders:
        findings += _check_sender(client, account_sid, sender.removeprefix("whatsapp:"))
    return findings


def _check_sender(client: TwilioClient, account_sid: str, number: str) -> list[Finding]:
    if number == TWILIO_SANDBOX_NUMBER:
        return [Finding(
            f"TWILIO_WHATSAPP_FROM is Twilio's WhatsApp sandbox ({number}): each customer must first send "
            "'join <your sandbox words>' to it (console → Messaging → Try it out → Send a WhatsApp message)",
            fatal=False)]
    try:
        owned = client.api.v2010.accounts(account_sid).incoming_phone_numbers.list(phone_number=number, limit=1)
    except (TwilioException, OSError) as exc:
        return [Finding(f"TWILIO_WHATSAPP_FROM: could not look up {number} ({exc})", fatal=False)]
    if not owned:
        return [Finding(
            f"TWILIO_WHATSAPP_FROM: {number} is not a number of account {account_sid}: use the WhatsApp sender "
            "shown in console → Messaging → Senders → WhatsApp senders", fatal=False)]
    return []


def log_findings(findings: list[Finding]) -> None:
    """At start-up: each finding as one warning line, so a wrong token does not fail silently."""
    for finding in findings:
        log.warning("set-up: %s", finding.text)
    if not findings:
        log.info("set-up: Slack token, channels and scopes, and the Twilio account and sender are fine")
