"""Signed Slack interactions for tests: a button click in a thread, a select in a modal,
a modal submission — built from the recorded fixtures."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from tests.builders import signed_slack_form

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def fixture(name: str) -> dict[str, Any]:
    return copy.deepcopy(json.loads((FIXTURES / f"{name}.json").read_text())["payload"])


def click(client: Any, action_id: str, value: str, user: str, *, channel: str, message_ts: str,
          thread_ts: str | None = None) -> Any:
    """A button in a message (a thread note when `thread_ts` is given)."""
    payload = fixture("slack_block_actions_button")
    payload["user"]["id"] = user
    payload["channel"] = {"id": channel, "name": "lane"}
    payload["container"].update(channel_id=channel, message_ts=message_ts)
    payload["container"]["thread_ts"] = thread_ts or message_ts
    payload["message"].update(ts=message_ts, blocks=[])
    payload["actions"] = [{"type": "button", "action_id": action_id, "block_id": "b", "value": value,
                           "action_ts": "1716400500.000100",
                           "text": {"type": "plain_text", "text": "x", "emoji": True}}]
    payload["state"] = {"values": {}}
    return signed_slack_form(client, {"payload": json.dumps(payload)})


def modal_state(view: dict[str, Any], values: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """`view` as Slack sends it back, with the inputs' `values` (block id → action id → value)."""
    return {**view, "id": view.get("id", "V0VIEW00001"), "hash": view.get("hash", "1.abc"),
            "state": {"values": values}}


def select_in_modal(client: Any, view: dict[str, Any], user: str, block_id: str, action_id: str,
                    value: str, values: dict[str, dict[str, Any]] | None = None) -> Any:
    payload = fixture("slack_block_actions_static_select")
    payload["user"]["id"] = user
    payload["container"] = {"type": "view", "view_id": view.get("id", "V0VIEW00001")}
    payload.pop("channel", None)
    payload.pop("message", None)
    state = {**(values or {}), block_id: {action_id: {"type": "static_select",
                                                      "selected_option": {"value": value}}}}
    payload["view"] = modal_state(view, state)
    payload["actions"] = [{"type": "static_select", "action_id": action_id, "block_id": block_id,
                           "selected_option": {"value": value, "text": {"type": "plain_text", "text": value}},
                           "action_ts": "1716400500.000200"}]
    return signed_slack_form(client, {"payload": json.dumps(payload)})


def submit(client: Any, view: dict[str, Any], user: str, values: dict[str, dict[str, Any]]) -> Any:
    payload = fixture("slack_view_submission")
    payload["user"]["id"] = user
    payload["view"].update({k: view[k] for k in ("callback_id", "private_metadata", "blocks", "title")})
    payload["view"]["state"] = {"values": values}
    return signed_slack_form(client, {"payload": json.dumps(payload)})


def text_value(value: str | None) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}
