"""The real slack_sdk and twilio clients work against the fakes, faults included."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from tests.fakes.fixtures import (  # noqa: F401  (fixtures, also loaded by conftest)
    SLACK_BOT_TOKEN,
    TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN,
    fake_slack,
    fake_twilio,
)
from tests.fakes.slack import FakeSlack
from tests.fakes.twilio import NO_EDGE, FakeTwilio

CUSTOMER = "whatsapp:+5511987654321"
BUSINESS = "whatsapp:+15550100001"


@pytest.fixture
def slack(fake_slack: FakeSlack) -> WebClient:
    return WebClient(token=SLACK_BOT_TOKEN, base_url=fake_slack.url)


# -- Slack ---------------------------------------------------------------------------


def test_post_message_is_json_and_replies_keep_thread_ts(fake_slack: FakeSlack, slack: WebClient) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "card"}}]
    parent = slack.chat_postMessage(channel="C0SALES", text="new conversation", blocks=blocks)
    reply = slack.chat_postMessage(channel="C0SALES", thread_ts=parent["ts"], text="hello")

    assert parent["ok"] and parent["channel"] == "C0SALES"
    assert parent["message"]["blocks"] == blocks
    assert reply["message"]["thread_ts"] == parent["ts"]
    assert float(reply["ts"]) > float(parent["ts"])
    [call] = fake_slack.posts(channel="C0SALES", thread_ts=parent["ts"])
    assert call.params["text"] == "hello"
    assert call.headers["Content-Type"].startswith("application/json")
    assert call.headers["Authorization"] == f"Bearer {SLACK_BOT_TOKEN}"
    assert [c.method for c in fake_slack.calls()] == ["chat.postMessage", "chat.postMessage"]


def test_files_upload_v2_records_bytes_and_thread(fake_slack: FakeSlack, slack: WebClient) -> None:
    parent = slack.chat_postMessage(channel="C0SALES", text="card")
    content = b"\x89PNG\r\n\x1a\n" + bytes(range(256))

    result = slack.files_upload_v2(
        channel="C0SALES", thread_ts=parent["ts"], content=content, filename="voice.ogg",
        initial_comment="a file",
    )

    [upload] = fake_slack.uploads()
    assert result["file"]["id"] == upload.file_id
    assert (upload.content, upload.filename) == (content, "voice.ogg")
    assert (upload.channel_id, upload.thread_ts) == ("C0SALES", parent["ts"])
    assert upload.initial_comment == "a file"
    [get_url] = fake_slack.calls("files.getUploadURLExternal")
    assert get_url.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert get_url.params["length"] == str(len(content))


def test_rate_limit_is_a_429_with_retry_after(fake_slack: FakeSlack, slack: WebClient) -> None:
    fake_slack.rate_limit("chat.postMessage", retry_after=7)

    with pytest.raises(SlackApiError) as raised:
        slack.chat_postMessage(channel="C0SALES", text="hi")
    slack.chat_postMessage(channel="C0SALES", text="hi")

    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "7"
    assert len(fake_slack.posts()) == 1
    assert [(c.method, c.status) for c in fake_slack.failed_calls()] == [("chat.postMessage", 429)]


def test_limit_per_channel_answers_429_beyond_each_channels_bucket(fake_slack: FakeSlack, slack: WebClient) -> None:
    now = [100.0]
    fake_slack.limit_per_channel("chat.postMessage", per_second=1.0, burst=2, retry_after=3, clock=lambda: now[0])

    slack.chat_postMessage(channel="C0SALES", text="1")
    slack.chat_postMessage(channel="C0SALES", text="2")
    with pytest.raises(SlackApiError) as raised:
        slack.chat_postMessage(channel="C0SALES", text="3")
    slack.chat_postMessage(channel="C0OTHER", text="elsewhere")  # another channel, another bucket
    now[0] += 1.0
    slack.chat_postMessage(channel="C0SALES", text="4")

    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "3"
    assert [c.params["text"] for c in fake_slack.posts()] == ["1", "2", "elsewhere", "4"]
    assert [(c.method, c.status) for c in fake_slack.failed_calls()] == [("chat.postMessage", 429)]


def test_fail_and_fail_ok_false(fake_slack: FakeSlack, slack: WebClient) -> None:
    fake_slack.fail("chat.update", status=502)
    fake_slack.fail_ok_false("reactions.add", error="ratelimited", times=2)

    with pytest.raises(SlackApiError) as failed:
        slack.chat_update(channel="C0SALES", ts="1.0", text="x")
    for _ in range(2):
        with pytest.raises(SlackApiError) as not_ok:
            slack.reactions_add(channel="C0SALES", timestamp="1.0", name="eyes")
    slack.reactions_add(channel="C0SALES", timestamp="1.0", name="eyes")

    assert failed.value.response.status_code == 502
    assert (not_ok.value.response.status_code, not_ok.value.response["error"]) == (200, "ratelimited")
    assert len(fake_slack.calls("reactions.add")) == 1


def test_down_answers_503_and_records_no_post(fake_slack: FakeSlack, slack: WebClient) -> None:
    fake_slack.down()
    with pytest.raises(SlackApiError) as raised:
        slack.chat_postMessage(channel="C0SALES", text="hi")
    fake_slack.up()
    slack.chat_postMessage(channel="C0SALES", text="again")

    assert raised.value.response.status_code == 503
    assert [c.params["text"] for c in fake_slack.posts()] == ["again"]
    assert [c.params["text"] for c in fake_slack.failed_calls("chat.postMessage")] == ["hi"]


def test_other_methods(fake_slack: FakeSlack, slack: WebClient) -> None:
    fake_slack.add_user("U0AGENT01", display_name="ana", real_name="Ana Souza")
    posted = slack.chat_postMessage(channel="C0SALES", text="card")
    reply = slack.chat_postMessage(channel="C0SALES", text="r", thread_ts=posted["ts"])

    assert slack.auth_test()["user_id"] == fake_slack.bot_user_id
    assert slack.users_info(user="U0AGENT01")["user"]["profile"]["display_name"] == "ana"
    assert slack.users_info(user="U0OTHER")["user"]["profile"]["real_name"] == "User U0OTHER"
    assert slack.conversations_info(channel="C0SALES")["channel"]["id"] == "C0SALES"
    assert slack.chat_update(channel="C0SALES", ts=posted["ts"], text="edited")["message"]["text"] == "edited"
    assert slack.chat_postEphemeral(channel="C0SALES", user="U0AGENT01", text="psst")["message_ts"]
    link = slack.chat_getPermalink(channel="C0SALES", message_ts=reply["ts"])["permalink"]
    assert link.startswith("https://") and f"thread_ts={posted['ts']}" in link
    slack.reactions_add(channel="C0SALES", timestamp=posted["ts"], name="eyes")
    view = {"type": "modal", "title": {"type": "plain_text", "text": "Report"}, "blocks": []}
    assert slack.views_open(trigger_id="1.2.abc", view=view)["view"]["id"].startswith("V")
    assert slack.views_publish(user_id="U0AGENT01", view={"type": "home", "blocks": []})["ok"]

    for call, error in [
        (lambda: slack.reactions_add(channel="C0SALES", timestamp=posted["ts"], name="eyes"),
         "already_reacted"),
        (lambda: slack.chat_update(channel="C0SALES", ts="1.000001", text="x"), "message_not_found"),
        (lambda: slack.api_call("nope.nothing"), "unknown_method"),
        (lambda: WebClient(token="xoxb-wrong", base_url=fake_slack.url).auth_test(), "invalid_auth"),
    ]:
        with pytest.raises(SlackApiError) as raised:
            call()
        assert raised.value.response["error"] == error
    assert fake_slack.calls("views.open")[0].params["view"] == view


def test_concurrent_posts_get_unique_increasing_ts(fake_slack: FakeSlack) -> None:
    def post(i: int) -> str:
        return fake_slack.client().chat_postMessage(channel="C0SALES", text=str(i))["ts"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        stamps = list(pool.map(post, range(64)))

    assert len(set(stamps)) == 64
    assert len(fake_slack.posts(channel="C0SALES")) == 64
    assert sorted(stamps, key=float) == sorted(stamps)


def test_usable_outside_pytest() -> None:
    fake = FakeSlack()
    with pytest.raises(RuntimeError):
        fake.url
    with fake:
        assert fake.url.endswith("/api/")
        assert fake.client("xoxb-any").auth_test()["ok"]
    fake.stop()  # idempotent


# -- Twilio --------------------------------------------------------------------------


def test_messages_create_records_the_form(fake_twilio: FakeTwilio, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_EDGE", "dublin")
    # An empty environment is falsy, so twilio falls back to os.environ: not a seam.
    assert Client(TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, environment={}).edge == "dublin"
    client = Client(TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, environment=NO_EDGE)
    client.api.base_url = fake_twilio.url

    message = client.messages.create(
        to=CUSTOMER,
        from_=BUSINESS,
        body="Olá Ana",
        media_url=["https://files.example.com/a.png", "https://files.example.com/b.png"],
        status_callback="https://wa-bridge.example.com/twilio/status",
    )

    assert message.sid.startswith("SM") and len(message.sid) == 34
    assert (message.status, message.to, message.body) == ("queued", CUSTOMER, "Olá Ana")
    [sent] = fake_twilio.sent()
    assert sent == {
        "To": CUSTOMER,
        "From": BUSINESS,
        "Body": "Olá Ana",
        "MediaUrl": ["https://files.example.com/a.png", "https://files.example.com/b.png"],
        "StatusCallback": "https://wa-bridge.example.com/twilio/status",
    }
    assert sent.sid == message.sid


def test_template_send(fake_twilio: FakeTwilio) -> None:
    variables = json.dumps({"1": "Ana", "2": "#4512"})
    fake_twilio.client().messages.create(
        to=CUSTOMER, from_=BUSINESS, content_sid="HXb5b62575e6e4ff6129ad7c8efe1f983e",
        content_variables=variables,
    )

    [sent] = fake_twilio.sent()
    assert (sent["ContentSid"], sent["ContentVariables"]) == ("HXb5b62575e6e4ff6129ad7c8efe1f983e", variables)
    assert "Body" not in sent


def test_fail_next_raises_twilio_error(fake_twilio: FakeTwilio) -> None:
    fake_twilio.fail_next(63016)
    client = fake_twilio.client()

    with pytest.raises(TwilioRestException) as raised:
        client.messages.create(to=CUSTOMER, from_=BUSINESS, body="late")
    client.messages.create(to=CUSTOMER, from_=BUSINESS, body="ok now")

    assert (raised.value.code, raised.value.status) == (63016, 400)
    assert "outside the allowed window" in raised.value.msg
    assert [s["Body"] for s in fake_twilio.sent()] == ["ok now"]
    assert [(s["Body"], s.code) for s in fake_twilio.failed()] == [("late", 63016)]


def test_server_errors_and_bad_credentials(fake_twilio: FakeTwilio) -> None:
    fake_twilio.fail_server(status=503)
    with pytest.raises(TwilioRestException) as server:
        fake_twilio.client().messages.create(to=CUSTOMER, from_=BUSINESS, body="x")
    wrong = Client(TWILIO_ACCOUNT_SID, "wrong-token", environment=NO_EDGE)
    wrong.api.base_url = fake_twilio.url
    with pytest.raises(TwilioRestException) as unauthorized:
        wrong.messages.create(to=CUSTOMER, from_=BUSINESS, body="x")

    assert server.value.status == 503
    assert (unauthorized.value.status, unauthorized.value.code) == (401, 20003)
    assert fake_twilio.sent() == []


def test_hang_times_the_client_out(fake_twilio: FakeTwilio) -> None:
    fake_twilio.hang(30)
    client = fake_twilio.client(timeout=0.1)

    with pytest.raises(requests.exceptions.Timeout):
        client.messages.create(to=CUSTOMER, from_=BUSINESS, body="slow")
    client.messages.create(to=CUSTOMER, from_=BUSINESS, body="fast")

    assert [s["Body"] for s in fake_twilio.sent()] == ["fast"]


def test_media_redirects_to_cdn_without_credentials(fake_twilio: FakeTwilio) -> None:
    url = fake_twilio.add_media(b"\xff\xd8jpeg bytes", "image/jpeg")
    assert url.startswith(f"{fake_twilio.url}/2010-04-01/Accounts/{TWILIO_ACCOUNT_SID}/Messages/MM")

    response = requests.get(url, auth=(TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN), timeout=5)

    assert response.status_code == 200
    assert response.content == b"\xff\xd8jpeg bytes"
    assert response.headers["Content-Type"] == "image/jpeg"
    assert [r.status_code for r in response.history] == [307]
    api, cdn = fake_twilio.media_requests()
    assert (api.kind, api.authorization, api.status) == ("api", True, 307)
    assert (cdn.kind, cdn.authorization, cdn.status) == ("cdn", False, 200)


def test_media_needs_auth_and_can_fail(fake_twilio: FakeTwilio) -> None:
    url = fake_twilio.add_media(b"pdf", "application/pdf", message_sid="MM" + "0" * 32)
    auth = (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN)
    fake_twilio.media_fail(404)

    assert requests.get(url, timeout=5).status_code == 401
    assert requests.get(url, auth=(TWILIO_ACCOUNT_SID, "nope"), timeout=5).status_code == 401
    assert requests.get(url, auth=auth, timeout=5).status_code == 404
    assert requests.get(url, auth=auth, timeout=5).content == b"pdf"
    assert requests.get(fake_twilio.foreign_media_url(b"elsewhere"), timeout=5).content == b"elsewhere"

    kinds = [(r.kind, r.authorization, r.status) for r in fake_twilio.media_requests()]
    assert kinds == [
        ("api", False, 401),
        ("api", True, 401),
        ("api", True, 404),
        ("api", True, 307),
        ("cdn", False, 200),
        ("foreign", False, 200),
    ]
