"""Erasure in Slack: the bot's own posts in an erased customer's thread are deleted
(chat.delete), the card is redacted (chat.update: it anchors the team's own replies,
which a bot token cannot delete), and the files the bot uploaded are deleted (files.delete)."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.conversations.kinds import ERASE
from bot.delivery.slack_jobs import slack_call
from bot.deps import Deps
from bot.slack.card_notes import ERASED_CARD
from bot.store.models import OutboxJob

log = logging.getLogger(__name__)
_GONE = ("message_not_found", "file_not_found", "file_deleted", "thread_not_found", "cant_delete_message")


def erase_in_slack(deps: Deps, job: OutboxJob) -> None:
    payload = job.payload or {}
    channel, thread_ts = payload.get("channel"), payload.get("thread_ts")
    if isinstance(channel, str) and isinstance(thread_ts, str):
        me = slack_call(deps.slack.auth_test)
        for message in _thread(deps, channel, thread_ts):
            ours = message.get("bot_id") == me.get("bot_id") or message.get("user") == me.get("user_id")
            if ours and message.get("ts") != thread_ts:
                _quietly(deps.slack.chat_delete, channel=channel, ts=message["ts"])
        _quietly(deps.slack.chat_update, channel=channel, ts=thread_ts, text=ERASED_CARD,
                 blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": ERASED_CARD}}])
    for file_id in payload.get("files") or []:
        _quietly(deps.slack.files_delete, file=file_id)


def _thread(deps: Deps, channel: str, thread_ts: str) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = slack_call(deps.slack.conversations_replies, channel=channel, ts=thread_ts, limit=200, cursor=cursor)
        messages += page.get("messages") or []
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return messages


def _quietly(call: Any, **kwargs: Any) -> None:
    """Already gone is done."""
    try:
        slack_call(call, **kwargs)
    except Exception as exc:  # noqa: BLE001 - only "already gone" is swallowed
        cause = exc.__cause__
        if isinstance(cause, SlackApiError) and cause.response.get("error") in _GONE:
            return
        raise


RUNNERS = {ERASE: erase_in_slack}
