"""Slack Socket Mode (SLACK_APP_TOKEN): serve hands the same Bolt app to slack_bolt's
SocketModeHandler; without the token nothing changes."""

from __future__ import annotations

import pytest

from bot.app import BOLT, create_app
from bot.deps import build_deps
from bot.errors import ConfigError
from bot.runtime import socket_mode_handler, start_socket_mode
from tests.conftest import make_settings


def test_without_an_app_token_there_is_no_socket_mode(lanes, db) -> None:  # type: ignore[no-untyped-def]
    settings = make_settings()
    deps = build_deps(settings, lanes, db=db)
    app = create_app(deps)
    assert settings.slack_app_token is None
    assert socket_mode_handler(app, settings) is None and start_socket_mode(app, settings) is None
    deps.http.close()


def test_with_an_app_token_the_bolt_listeners_are_handed_to_socket_mode(lanes, db) -> None:  # type: ignore[no-untyped-def]
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    settings = make_settings(SLACK_APP_TOKEN="xapp-1-A0-123-abc")
    deps = build_deps(settings, lanes, db=db)
    app = create_app(deps)
    handler = socket_mode_handler(app, settings)
    assert isinstance(handler, SocketModeHandler)
    assert handler.app is app.extensions[BOLT]
    assert handler.client.app_token == "xapp-1-A0-123-abc"
    handler.client.close()
    deps.http.close()


def test_a_bot_token_in_place_of_the_app_token_is_refused() -> None:
    with pytest.raises(ConfigError) as refused:
        make_settings(SLACK_APP_TOKEN="xoxb-not-an-app-token")
    assert "SLACK_APP_TOKEN" in refused.value.problems[0]
