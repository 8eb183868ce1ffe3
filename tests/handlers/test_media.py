"""GET /media/<token>: a signed link serves the Slack file's bytes (fetched with the bot token);
bad or expired links get 403 without asking Slack; Slack's failures are 502, never 500."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from werkzeug.wrappers import Request, Response

from bot.whatsapp.media_links import signed_url
from tests.conftest import PUBLIC_URL
from tests.fakes.fixtures import SLACK_BOT_TOKEN
from bot.sandbox.server import FakeServer

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # no store involved

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40


def link(deps, file_id="F0FILE0001"):  # type: ignore[no-untyped-def]
    """The path of a link signed now, as the sender would build it."""
    url = signed_url(PUBLIC_URL, deps.settings.slack_signing_secret, file_id, now=deps.clock.now())
    return url.removeprefix(PUBLIC_URL)


@pytest.fixture
def shared(fake_slack):  # type: ignore[no-untyped-def]
    """The fixture's file, as a rep shared it in a card's thread."""
    return fake_slack.add_file("F0FILE0001", PNG, name="comprovante.png", mimetype="image/png")


def test_a_valid_link_serves_the_exact_bytes_and_type_fetched_with_the_bot_token(client, deps, fake_slack, shared):
    response = client.get(link(deps))

    assert response.status_code == 200
    assert response.data == PNG
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["Content-Length"] == str(len(PNG))
    assert response.headers["Content-Disposition"] == 'inline; filename="comprovante.png"'
    [info] = fake_slack.calls("files.info")
    assert info.params["file"] == "F0FILE0001"
    [download] = fake_slack.calls("files.download")
    assert download.headers["Authorization"] == f"Bearer {SLACK_BOT_TOKEN}"
    assert "/download/" in download.params["path"]


def test_head_answers_type_and_length_without_downloading(client, deps, fake_slack, shared):
    response = client.head(link(deps))

    assert response.status_code == 200 and response.data == b""
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["Content-Length"] == str(len(PNG))
    assert fake_slack.calls("files.download") == []


def test_a_link_works_until_it_expires_then_gets_403_without_asking_slack(client, deps, clock, fake_slack, shared):
    path = link(deps)
    clock.advance(timedelta(hours=2) - timedelta(seconds=1))
    assert client.get(path).status_code == 200
    before = len(fake_slack.calls())

    clock.advance(timedelta(seconds=1))
    response = client.get(path)

    assert response.status_code == 403
    assert response.mimetype == "text/plain" and "expired" in response.get_data(as_text=True)
    assert len(fake_slack.calls()) == before and fake_slack.failed_calls() == []


@pytest.mark.parametrize("change", [
    lambda path: path.replace("F0FILE0001", "F0FILE0002"),
    lambda path: path[:-1] + ("A" if path[-1] != "A" else "B"),
    lambda path: path.rsplit(".", 1)[0],
    lambda path: "/media/F0FILE0001.9999999999.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    lambda path: "/media/%00%FF..",
])
def test_a_tampered_or_forged_link_gets_403_and_slack_is_not_asked(client, deps, fake_slack, shared, change):
    response = client.get(change(link(deps)))

    assert response.status_code == 403
    assert fake_slack.calls() == [] and fake_slack.failed_calls() == []


def test_a_link_signed_with_another_secret_gets_403(client, deps, fake_slack, shared):
    url = signed_url(PUBLIC_URL, "another-secret", "F0FILE0001", now=deps.clock.now())

    assert client.get(url.removeprefix(PUBLIC_URL)).status_code == 403


def test_slack_answering_file_not_found_is_a_502(client, deps, fake_slack):
    response = client.get(link(deps, "F0GONE0001"))

    assert response.status_code == 502 and "file_not_found" in response.get_data(as_text=True)
    assert [c.error for c in fake_slack.failed_calls("files.info")] == ["file_not_found"]
    assert fake_slack.calls("files.download") == []


@pytest.mark.parametrize("fault", ["info_down", "info_500", "download_500"])
def test_slack_failing_is_a_502(client, deps, fake_slack, shared, fault):
    if fault == "info_down":
        fake_slack.down()
    elif fault == "info_500":
        fake_slack.fail("files.info")
    else:
        fake_slack.fail("files.download")

    assert client.get(link(deps)).status_code == 502


def test_a_download_url_off_slack_is_not_fetched_and_the_token_never_leaves(client, deps, fake_slack):
    seen: list[Request] = []

    def elsewhere(request: Request) -> Response:
        seen.append(request)
        return Response(PNG, content_type="image/png")

    with FakeServer(elsewhere, name="elsewhere") as other:
        fake_slack.add_file("F0FILE0001", PNG, name="x.png", mimetype="image/png",
                            url_private_download=f"{other.url}/files-pri/T0ACME01-F0FILE0001/download/x.png")
        response = client.get(link(deps))

    assert response.status_code == 502
    assert seen == [] and other.errors == []


def test_slack_refusing_the_token_is_a_502_not_its_sign_in_page(deps, fake_slack, shared):
    from bot.app import create_app

    wrong = replace(deps, settings=replace(deps.settings, slack_bot_token="xoxb-revoked"))  # files.info still works
    response = create_app(wrong).test_client().get(link(deps))

    assert response.status_code == 502 and b"PNG" not in response.data
    assert [(c.status, c.headers["Authorization"]) for c in fake_slack.failed_calls("files.download")] == [
        (302, "Bearer xoxb-revoked")]


def test_the_fake_serves_file_bytes_only_with_the_bot_token(deps, fake_slack, shared):
    url, http = shared["url_private_download"], deps.http
    assert http.get(url, headers={"Authorization": f"Bearer {SLACK_BOT_TOKEN}"}).content == PNG
    for headers in ({}, {"Authorization": "Bearer xoxb-wrong"}, {"Authorization": SLACK_BOT_TOKEN}):
        refused = http.get(url, headers=headers, allow_redirects=False)
        assert refused.status_code == 302 and refused.content == b""
    assert http.get(shared["url_private"], headers={"Authorization": f"Bearer {SLACK_BOT_TOKEN}"}).content == PNG

    assert len(fake_slack.calls("files.download")) == 2 and len(fake_slack.failed_calls("files.download")) == 3


def test_a_file_slack_says_is_over_16_mb_gets_413_without_downloading(client, deps, fake_slack):
    fake_slack.add_file("F0FILE0001", PNG, name="huge.mp4", mimetype="video/mp4", size=16 * 1024 * 1024 + 1)

    response = client.get(link(deps))

    assert response.status_code == 413
    assert fake_slack.calls("files.download") == []


def test_a_download_longer_than_the_cap_gets_413(client, deps, fake_slack, monkeypatch):
    monkeypatch.setattr("bot.slack.files.MAX_BYTES", 100)
    fake_slack.add_file("F0FILE0001", PNG, name="liar.png", mimetype="image/png", size=50)

    response = client.get(link(deps))

    assert response.status_code == 413
    assert len(fake_slack.calls("files.download")) == 1  # refused on its Content-Length


@pytest.mark.parametrize("cap, status", [(100_000, 200), (100, 502)])
def test_a_download_without_a_length_is_read_up_to_the_cap(deps, fake_slack, monkeypatch, cap, status):
    from bot.app import create_app

    seen: list[str] = []

    def chunked(request: Request) -> Response:
        seen.append(request.headers.get("Authorization", ""))
        return Response(iter([PNG[:1000], PNG[1000:]]), content_type="application/octet-stream")  # no length

    monkeypatch.setattr("bot.slack.files.MAX_BYTES", cap)
    with FakeServer(chunked, name="slack-files") as files:
        fake_slack.add_file("F0FILE0001", PNG, name="a.png", mimetype="image/png", size=50,
                            url_private_download=f"{files.url}/files-pri/T0ACME01-F0FILE0001/download/a.png")
        same_origin = replace(deps, settings=replace(deps.settings, slack_api_url=f"{files.url}/api/"))
        response = create_app(same_origin).test_client().get(link(deps))

    assert response.status_code == status and seen == [f"Bearer {SLACK_BOT_TOKEN}"]
    if status == 200:
        assert response.data == PNG and response.headers["Content-Length"] == str(len(PNG))
        assert response.headers["Content-Type"] == "image/png"
