"""Twilio's inbound WhatsApp form as plain values: every recorded payload kind, and what is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.errors import BadInbound
from bot.whatsapp.inbound import parse_inbound, to_sender

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def form(name: str) -> dict[str, str]:
    return json.loads((FIXTURES / f"{name}.json").read_text())["params"]


def test_a_text_message_keeps_its_body_as_written_and_its_sender_in_e164() -> None:
    message = parse_inbound(form("twilio_inbound_text"))

    assert message.body == "Olá! Meu pedido #4512 ainda não chegou & preciso de ajuda <urgente>"
    assert message.sender.wa_id == message.sender.phone_e164 == "+5511987654321"
    assert message.sender.country == "BR" and message.profile_name == "Ana Souza"
    assert message.message_sid.startswith("SM") and message.media == ()


def test_an_image_carries_its_media_url_and_type() -> None:
    message = parse_inbound(form("twilio_inbound_image"))

    [media] = message.media
    assert media.content_type == "image/jpeg" and "/Media/ME" in media.url
    assert message.body == "Foto do produto danificado"


def test_a_shared_location_becomes_text_with_a_map_link() -> None:
    message = parse_inbound(form("twilio_inbound_location"))

    assert message.body.startswith("📍 MASP")
    assert "https://maps.google.com/?q=-23.561414,-46.655881" in message.body


def test_a_quick_reply_button_keeps_its_payload_and_shows_what_was_tapped() -> None:
    message = parse_inbound(form("twilio_inbound_button_reply"))

    assert message.button_payload == "confirm_delivery:4512"
    assert "Tapped" in message.body and "Sim, confirmar entrega" in message.body


def test_a_click_to_whatsapp_ad_keeps_its_referral() -> None:
    referral = parse_inbound(form("twilio_inbound_ctwa_referral")).referral

    assert referral["SourceId"] == "120210000000000001" and referral["CtwaClid"].startswith("ARAk")


@pytest.mark.parametrize("change, reason", [
    ({"From": ""}, "missing From"),
    ({"From": "+5511987654321"}, "not a WhatsApp address"),
    ({"MessageSid": "", "SmsMessageSid": ""}, "missing MessageSid"),
    ({"MessageSid": "SM" + "0" * 70}, "too long"),
    ({"Body": "   "}, "no body and no media"),
])
def test_a_form_that_is_not_a_whatsapp_message_is_refused_with_its_reason(change: dict[str, str], reason: str) -> None:
    with pytest.raises(BadInbound, match=reason):
        parse_inbound({**form("twilio_inbound_text"), **change})


def test_nul_characters_are_dropped_before_anything_is_stored() -> None:
    assert parse_inbound({**form("twilio_inbound_text"), "Body": "a\x00b"}).body == "ab"


def test_a_whatsapp_username_is_kept_as_given_not_forced_into_a_number() -> None:
    sender = to_sender("ana.souza")

    assert sender.wa_id == "ana.souza" and sender.phone_e164 is None and sender.country is None


def test_a_gulf_number_gets_its_country() -> None:
    assert to_sender("+971501234567").country == "AE"
