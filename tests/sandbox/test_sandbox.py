"""The sandbox over HTTP (no browser): its page API drives the real app through the emulators."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from bot.sandbox.world import Sandbox, lanes_file_for_sandbox


def _until(check: Callable[[], Any], timeout: float = 15.0) -> Any:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError("timed out")


def _state(sandbox: Sandbox) -> dict[str, Any]:
    return requests.get(sandbox.url + "/sandbox/state", timeout=5).json()


def _channel(state: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in state["channels"] if c["name"] == name)


def test_the_sandbox_uses_your_lanes_file_when_there_is_one(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    assert lanes_file_for_sandbox(None) == "lanes.example.toml"
    (tmp_path / "lanes.toml").write_text("")
    assert lanes_file_for_sandbox(None) == "lanes.toml"
    assert lanes_file_for_sandbox("mine.toml") == "mine.toml"


def test_an_unclaimed_card_is_re_pinged_when_the_clock_moves_on(sandbox: Sandbox) -> None:
    post = lambda path, body: requests.post(sandbox.url + path, json=body, timeout=10)  # noqa: E731
    assert post("/sandbox/customer", {"text": "My invoice is wrong", "name": "Omar"}).json() == {"status": 200}
    _until(lambda: len(sandbox.slack.posts(channel="C0BILLING")) >= 2)  # the card and the text
    time.sleep(1.5)  # a few real timer sweeps: nothing is due yet
    assert not [p for p in sandbox.slack.posts() if "still unclaimed" in p.params.get("text", "")]
    post("/sandbox/clock", {"advance_minutes": 31})  # billing: claim within 30m, then a re-ping
    reping = _until(lambda: [p for p in sandbox.slack.posts(channel="C0BILLING")
                             if "still unclaimed" in p.params.get("text", "")])
    assert "re-ping 1 of 1" in reping[0].params["text"]


def test_wa_report_answers_in_the_channel(sandbox: Sandbox) -> None:
    answer = requests.post(sandbox.url + "/sandbox/command", json={
        "user": "U0AAA", "channel": "C0SALES", "command": "/wa-report", "text": "7d"}, timeout=10).json()
    assert answer["status"] == 200 and "report" in str(answer["body"]).lower()
    shown = _until(lambda: _channel(_state(sandbox), "sales")["private"])
    assert shown


def test_a_picture_reaches_the_thread_as_an_upload(sandbox: Sandbox) -> None:
    png = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGA"
           "hKmMIQAAAABJRU5ErkJggg==")
    requests.post(sandbox.url + "/sandbox/customer", json={"text": "السلام عليكم، هذه الفاتورة", "picture": png},
                  timeout=10)
    uploads = _until(lambda: _channel(_state(sandbox), "billing")["uploads"])
    assert requests.get(f"{sandbox.url}/sandbox/file/{uploads[0]['file_id']}", timeout=5).content.startswith(b"\x89PNG")



def test_label_and_close_from_the_page_reach_the_app(sandbox: Sandbox) -> None:
    post = lambda path, body: requests.post(sandbox.url + path, json=body, timeout=10).json()  # noqa: E731
    post("/sandbox/customer", {"text": "My invoice is wrong", "name": "Omar"})
    card = _until(lambda: [m for m in _channel(_state(sandbox), "billing")["messages"] if m.get("blocks")])[0]
    label = {"type": "static_select", "action_id": "card_label", "block_id": "card_actions",
             "selected_option": {"text": {"type": "plain_text", "text": "Billing"}, "value": "Billing"}}
    assert post("/sandbox/click", {"user": "U0EEE", "channel": "C0BILLING", "ts": card["ts"], "action": label}) == {
        "status": 200}
    _until(lambda: "Billing" in str(sandbox.slack.message("C0BILLING", card["ts"])["blocks"][0]["fields"][1]))

    value = card["blocks"][-1]["elements"][-1]["value"]
    claim = {"type": "button", "action_id": "card_claim", "block_id": "card_actions", "value": value}
    post("/sandbox/click", {"user": "U0EEE", "channel": "C0BILLING", "ts": card["ts"], "action": claim})
    _until(lambda: "Eee" in str(sandbox.slack.message("C0BILLING", card["ts"])["blocks"][0]["fields"][3])
           or "U0EEE" in str(sandbox.slack.message("C0BILLING", card["ts"])["blocks"][0]["fields"][3]))
    close = {"type": "button", "action_id": "card_close", "block_id": "card_actions", "value": value}
    post("/sandbox/click", {"user": "U0EEE", "channel": "C0BILLING", "ts": card["ts"], "action": close})
    modal = _until(lambda: _state(sandbox)["modals"])[0]
    values = {"close_outcome_block": {"close_outcome": {"type": "static_select", "selected_option": {
        "text": {"type": "plain_text", "text": "Resolved"}, "value": "Resolved"}}}}
    answer = post("/sandbox/submit", {"view_id": modal["id"], "user": "U0EEE", "values": values})
    assert answer["status"] == 200 and answer.get("response_action") != "errors", answer
    _until(lambda: "Closed" in str(sandbox.slack.message("C0BILLING", card["ts"])["blocks"][0]["fields"][4]))
    assert _state(sandbox)["modals"] == []
