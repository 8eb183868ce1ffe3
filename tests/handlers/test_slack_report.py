"""/wa-report over real signed requests: Slack is answered at once, the report follows from the
worker (ephemeral through response_url, or public in the channel with its chart in the
thread), bad input gets a usage line, and the numbers come from what really happened."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from bot.conversations import ownership
from bot.store.models import Conversation, OutboxJob
from tests.builders import inbound_form, signed_slack_form, signed_slack_json, signed_twilio_post
from tests.handlers.test_slack_replies import reply_event

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LEAD = "U0DDD"  # a member of the support lane, and a workspace lead (who sees every lane)


@pytest.fixture
def lanes(lanes):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    return replace(lanes, workspace=replace(lanes.workspace, leads=(LEAD,)))


_triggers = iter(range(7163948271666, 7163948371666))


def command(fake_slack: Any, text: str = "", *, user: str = LEAD, channel: str = "C0SUPPORT") -> dict[str, str]:
    form = dict(json.loads((FIXTURES / "slack_slash_command_wa_report.json").read_text())["params"])
    form.update(text=text, user_id=user, channel_id=channel, response_url=fake_slack.response_url(),
                trigger_id=f"{next(_triggers)}.1234567890123.0a1b2c3d")  # each command its own trigger
    return form


def blocks_text(blocks: list[dict[str, Any]]) -> str:
    parts: list[str] = []
    for block in blocks:
        if "text" in block:
            parts.append(block["text"]["text"])
        parts += [element.get("text", "") for element in block.get("elements", [])]
    return "\n".join(parts)


def jobs(db: Any) -> list[OutboxJob]:
    return db.read(lambda session: list(session.exec(select(OutboxJob).where(OutboxJob.kind.like("slack.report%")))))


def a_conversation_claimed_and_answered(client: Any, worker: Any, deps: Any, clock: Any) -> None:
    """A customer writes at 13:00 in Dubai; claimed 2 minutes later, answered 5 minutes after that."""
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form("Hello, help please")).status_code == 200
    worker.run_due()
    conversation = deps.db.read(lambda s: s.exec(select(Conversation)).one())
    clock.advance(120)
    deps.db.transaction(lambda s: ownership.claim(session=s, conversation_id=conversation.id, user=LEAD,
                                                  lanes=deps.lanes, now=clock.now()))
    clock.advance(300)
    response = signed_slack_json(client, reply_event((conversation.channel, conversation.thread_ts), "Hi, on it"))
    assert response.status_code == 200
    worker.run_due()


def test_the_report_is_acknowledged_at_once_then_shown_only_to_the_asker(client, worker, deps, clock, fake_slack):
    a_conversation_claimed_and_answered(client, worker, deps, clock)

    response = signed_slack_form(client, command(fake_slack, "today"))

    assert response.status_code == 200
    assert "Building the report for today" in response.get_data(as_text=True)
    assert not fake_slack.calls("response_url")  # the answer went out before any report work
    worker.run_due()
    [answer] = fake_slack.calls("response_url")
    assert answer.params["response_type"] == "ephemeral"
    text = blocks_text(answer.params["blocks"])
    assert "1 conversation started" in text
    assert "*Time to claim:* 2m / 2m · 2m / 2m" in text  # working · wall: 13:00 Sunday is in working hours
    assert "*First reply:* 7m / 7m · 7m / 7m" in text
    assert f"<@{LEAD}> — 1 · 0 · 7m · 1" in text
    assert "Add `public`" in text
    assert not [c for c in fake_slack.posts() if c.params.get("channel") == "C0SUPPORT" and c.params.get("blocks")
                and "WhatsApp report" in json.dumps(c.params["blocks"])]


def test_a_public_report_is_posted_in_the_channel_with_its_chart_in_the_thread(client, worker, deps, clock, fake_slack):
    a_conversation_claimed_and_answered(client, worker, deps, clock)

    signed_slack_form(client, command(fake_slack, "7d public support"))
    worker.run_due()

    [report] = [c for c in fake_slack.posts("C0SUPPORT") if "WhatsApp report" in json.dumps(c.params.get("blocks"))]
    assert "Chart in the thread" in blocks_text(report.params["blocks"])
    [upload] = fake_slack.uploads()
    assert upload.content.startswith(b"\x89PNG")
    assert upload.thread_ts == report.ts and upload.channel_id == "C0SUPPORT"
    assert not fake_slack.calls("response_url")


def test_bad_input_gets_a_usage_line_and_nothing_is_queued(client, deps, fake_slack):
    response = signed_slack_form(client, command(fake_slack, "last-fortnight"))

    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "last-fortnight" in body and "Usage" in body and "/wa-report 30d" in body
    assert jobs(deps.db) == []


def test_an_empty_period_says_so(client, worker, deps, fake_slack):
    signed_slack_form(client, command(fake_slack, "2026-01-01..2026-01-31"))
    worker.run_due()

    [answer] = fake_slack.calls("response_url")
    assert "No conversations started in 1–31 Jan 2026" in blocks_text(answer.params["blocks"])


def test_a_public_report_where_the_app_may_not_post_still_reaches_the_asker(client, worker, fake_slack):
    fake_slack.fail_ok_false("chat.postMessage", error="not_in_channel")

    signed_slack_form(client, command(fake_slack, "public", channel="C0BILLING"))
    worker.run_due()

    [answer] = fake_slack.calls("response_url")
    text = blocks_text(answer.params["blocks"])
    assert "can't post in this channel" in text and "/invite" in text and "WhatsApp report" in text


def test_an_expired_response_url_becomes_a_dm(client, worker, fake_slack):
    fake_slack.fail("response_url", status=404)

    signed_slack_form(client, command(fake_slack, "today"))
    worker.run_due()

    [dm] = [c for c in fake_slack.posts() if c.params["channel"] == LEAD]
    assert "WhatsApp report" in json.dumps(dm.params["blocks"])


def test_slack_being_down_delays_the_report_without_losing_it(client, worker, clock, fake_slack):
    fake_slack.fail("response_url", status=503)
    signed_slack_form(client, command(fake_slack, "today"))
    worker.run_due()
    assert not fake_slack.calls("response_url")

    clock.advance(60)
    worker.run_due()

    [answer] = fake_slack.calls("response_url")
    assert "WhatsApp report" in blocks_text(answer.params["blocks"])


def test_readiness_scores_each_lane_with_its_next_actions(client, worker, fake_slack):
    fake_slack.add_channel("C0SUPPORT", "support", members=["U0DDD", fake_slack.bot_user_id])
    fake_slack.add_user("U0DDD", display_name="Dina")

    response = signed_slack_form(client, command(fake_slack, "readiness support"))
    assert "Checking how ready each lane is" in response.get_data(as_text=True)
    worker.run_due()

    [answer] = fake_slack.calls("response_url")
    text = blocks_text(answer.params["blocks"])
    assert "support" in text and "/10" in text and "sales" not in text
    assert "reply_within" in text  # the support lane sets no SLA: its next action says which key to set
