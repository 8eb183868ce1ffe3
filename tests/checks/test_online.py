"""`check --online` against the fake Slack and Twilio: each mistake is named with its fix."""

from __future__ import annotations

from bot.checks.manifest import bot_scopes
from bot.checks.online import check_slack, check_twilio
from bot.lanes import LanesConfig, parse_lanes
from bot.sandbox.slack_emulator import FakeSlack
from bot.sandbox.twilio_emulator import FakeTwilio
from tests.conftest import LANES
from tests.fakes.fixtures import TWILIO_ACCOUNT_SID

SCOPES = ("chat:write", "channels:history", "channels:read", "users:read")


def lanes() -> LanesConfig:
    return parse_lanes(LANES)


def test_all_is_well_when_the_token_is_right_and_the_bot_is_in_every_channel(fake_slack: FakeSlack) -> None:
    fake_slack.scopes = SCOPES
    assert check_slack(fake_slack.client(), lanes(), SCOPES) == []
    looked_at = [c.params["channel"] for c in fake_slack.calls("conversations.info")]
    assert looked_at == ["C0SALES", "C0BILLING", "C0SUPPORT", "C0ESCALATE"]


def test_a_wrong_token_is_named_with_where_to_find_the_right_one(fake_slack: FakeSlack) -> None:
    findings = check_slack(fake_slack.client(token="xoxb-wrong"), lanes(), SCOPES)
    assert len(findings) == 1
    assert findings[0].text.startswith("SLACK_BOT_TOKEN: Slack answered invalid_auth")
    assert "OAuth & Permissions" in findings[0].text


def test_a_missing_invite_names_the_lane_the_channel_and_the_command(fake_slack: FakeSlack) -> None:
    fake_slack.add_channel("C0BILLING", "billing", is_member=False)
    fake_slack.add_channel("C0ESCALATE", "escalations", is_member=False)
    texts = [f.text for f in check_slack(fake_slack.client(), lanes())]
    assert texts == [
        "lane billing: the bot is not a member of #billing (C0BILLING): in Slack, type /invite @WA Bridge in #billing",
        "escalation channel: the bot is not a member of #escalations (C0ESCALATE): in Slack, "
        "type /invite @WA Bridge in #escalations",
    ]


def test_membership_comes_from_the_member_list_when_slack_does_not_say(fake_slack: FakeSlack) -> None:
    fake_slack.add_channel("C0SALES", "sales", is_member=None, members=["U0AAA"])
    fake_slack.add_channel("C0SUPPORT", "support", is_member=None, members=["U0AAA", fake_slack.bot_user_id])
    texts = [f.text for f in check_slack(fake_slack.client(), lanes())]
    assert texts == ["lane sales: the bot is not a member of #sales (C0SALES): in Slack, type /invite @WA Bridge in #sales"]


def test_an_unknown_channel_and_missing_scopes_are_named(fake_slack: FakeSlack) -> None:
    fake_slack.scopes = ("chat:write", "users:read")
    fake_slack.fail_ok_false("conversations.info", error="channel_not_found")
    texts = [f.text for f in check_slack(fake_slack.client(), lanes(), SCOPES)]
    assert texts[0] == ("Slack scopes missing: channels:history, channels:read: add them from manifest.yml under "
                        "OAuth & Permissions → Scopes (or recreate the app from the manifest), then reinstall the app")
    assert texts[1].startswith("lane sales: channel C0SALES not found: check the id")
    assert len(texts) == 2


def test_the_manifest_scopes_are_read_from_the_file() -> None:
    from pathlib import Path

    scopes = bot_scopes((Path(__file__).resolve().parents[2] / "manifest.yml").read_text())
    assert scopes[:2] == ["chat:write", "channels:history"] and "usergroups:read" in scopes and len(scopes) == 12


def test_twilio_account_and_sender(fake_twilio: FakeTwilio) -> None:
    fake_twilio.add_number("+15550100001")
    assert check_twilio(fake_twilio.client(), TWILIO_ACCOUNT_SID, "whatsapp:+15550100001") == []

    stranger = check_twilio(fake_twilio.client(), TWILIO_ACCOUNT_SID, "whatsapp:+15550100999")
    assert [f.fatal for f in stranger] == [False]
    assert stranger[0].text.startswith("TWILIO_WHATSAPP_FROM: +15550100999 is not a number of account")

    sandbox = check_twilio(fake_twilio.client(), TWILIO_ACCOUNT_SID, "whatsapp:+14155238886")
    assert [f.fatal for f in sandbox] == [False] and "join" in sandbox[0].text


def test_every_sender_is_looked_up(fake_twilio: FakeTwilio) -> None:
    fake_twilio.add_number("+15550100001")

    findings = check_twilio(fake_twilio.client(), TWILIO_ACCOUNT_SID, "whatsapp:+15550100001", "whatsapp:+966500000009")

    assert [f.text.split(" is not")[0] for f in findings] == ["TWILIO_WHATSAPP_FROM: +966500000009"]


def test_a_wrong_twilio_token_is_named(fake_twilio: FakeTwilio) -> None:
    from twilio.http.http_client import TwilioHttpClient
    from twilio.rest import Client

    from bot.sandbox.twilio_emulator import NO_EDGE

    wrong = Client(TWILIO_ACCOUNT_SID, "wrong-token", http_client=TwilioHttpClient(), environment=NO_EDGE)
    wrong.api.base_url = fake_twilio.url
    findings = check_twilio(wrong, TWILIO_ACCOUNT_SID, "whatsapp:+15550100001")
    assert len(findings) == 1 and findings[0].fatal
    assert findings[0].text.startswith("TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN: Twilio answered 20003")
