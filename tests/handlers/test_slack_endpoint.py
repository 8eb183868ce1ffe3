"""POST /slack/events: Bolt's signature check, every subscribed event acknowledged (so Slack
does not retry), the card's controls answer, /wa-report answers in time."""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path

import pytest

from bot.slack import ids
from tests.builders import signed_slack_form, signed_slack_json, slack_headers

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # no store involved


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def event_payload(name: str) -> dict:
    payload = fixture(name)
    return {k: v for k, v in payload.items() if not k.startswith("_")}


def test_url_verification_is_answered_with_the_challenge(client):
    payload = event_payload("slack_url_verification")
    response = signed_slack_json(client, payload)

    assert response.status_code == 200 and payload["challenge"] in response.get_data(as_text=True)


@pytest.mark.parametrize("name", [
    "slack_event_message_thread_reply", "slack_event_message_top_level", "slack_event_message_bot_self",
    "slack_event_message_changed", "slack_event_message_file_share_in_thread", "slack_event_app_home_opened",
])
def test_every_subscribed_event_is_acknowledged_so_slack_does_not_retry(client, name):
    response = signed_slack_json(client, event_payload(name))

    assert response.status_code == 200


def test_a_bad_signature_is_refused_with_401(client):
    body = json.dumps(event_payload("slack_event_message_top_level"))
    headers = slack_headers(body, secret="not-the-secret")
    response = client.post("/slack/events", data=body, content_type="application/json", headers=headers)

    assert response.status_code == 401


def test_a_request_older_than_five_minutes_is_refused_with_401(client):
    response = signed_slack_json(client, event_payload("slack_event_message_top_level"),
                                 timestamp=int(time.time()) - 6 * 60)

    assert response.status_code == 401


@pytest.mark.parametrize("action_id, word", [(ids.CLAIM, "Claim"), (ids.RELEASE, "Release")])
def test_a_button_on_a_message_that_is_no_current_card_is_explained_not_ignored(
        client, worker, fake_slack, action_id, word):
    payload = copy.deepcopy(fixture("slack_block_actions_button")["payload"])
    payload["actions"] = [{"type": "button", "action_id": action_id, "block_id": ids.CARD_BLOCK,
                           "value": ids.card_value(1), "action_ts": "1716400500.000100",
                           "text": {"type": "plain_text", "text": word}}]
    response = signed_slack_form(client, {"payload": json.dumps(payload)})

    assert response.status_code == 200
    worker.run_due()  # the answer goes out through the outbox, after Slack was answered
    [ephemeral] = fake_slack.wait_for("chat.postEphemeral")
    assert ephemeral.params["user"] == payload["user"]["id"]
    assert "no longer current" in ephemeral.params["text"]


def test_wa_report_answers_at_once(client):
    form = dict(fixture("slack_slash_command_wa_report")["params"]) if "params" in fixture(
        "slack_slash_command_wa_report") else None
    if form is None:
        form = dict(item.split("=", 1) for item in (FIXTURES / "slack_slash_command_wa_report.form")
                    .read_text().strip().split("&"))
        from urllib.parse import unquote_plus

        form = {k: unquote_plus(v) for k, v in form.items()}
    response = signed_slack_form(client, form)

    assert response.status_code == 200
    assert "wa-report" in response.get_data(as_text=True)


def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200 and response.get_json() == {
        "ok": True, "degraded": False, "backlog": 0, "oldest_pending_s": 0, "intake_backlog": 0,
        "oldest_intake_s": 0, "dead": 0, "faults": []}
