"""Forwarded headers are trusted only from configured proxies; PUBLIC_URL is required outside
local development."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlmodel import select

from bot.settings import deployment_problems
from bot.store.models import Message
from tests.builders import inbound_form, twilio_signature
from tests.conftest import make_settings


def _messages(db):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return len(session.exec(select(Message)).all())


def test_a_forwarded_host_is_not_trusted_without_trusted_proxies(deps, db):
    from bot.app import create_app

    client = create_app(replace(deps, settings=replace(deps.settings, public_url=None))).test_client()
    form = inbound_form()
    # signed for another app on the same Twilio account, replayed here with its host forwarded
    signature = twilio_signature("https://other-app.example.org/twilio/whatsapp", form)
    response = client.post("/twilio/whatsapp", data=form, base_url="http://10.0.0.5:3000",
                           headers={"X-Twilio-Signature": signature, "X-Forwarded-Proto": "https",
                                    "X-Forwarded-Host": "other-app.example.org"})

    assert response.status_code == 403 and _messages(db) == 0


def test_trusted_proxies_is_a_number_of_hops():
    assert make_settings(TRUSTED_PROXIES="2").trusted_proxies == 2
    with pytest.raises(Exception, match="TRUSTED_PROXIES"):
        make_settings(TRUSTED_PROXIES="yes")


def test_public_url_is_required_outside_local_development():
    settings = make_settings(PUBLIC_URL="")
    assert deployment_problems(settings) and deployment_problems(settings, host="0.0.0.0")
    assert deployment_problems(settings, host="127.0.0.1") == []
    assert deployment_problems(make_settings(PUBLIC_URL="", DEV="1")) == []
    assert deployment_problems(make_settings()) == []
