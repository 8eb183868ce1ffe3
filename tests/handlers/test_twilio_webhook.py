"""POST /twilio/whatsapp: signature first, then parse, store once, answer TwiML after commit."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from sqlmodel import select

from bot.store.models import Contact, Conversation, Message, OutboxJob
from tests.builders import drain_intake, inbound_form, signed_twilio_post, twilio_signature

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def rows(db, model):  # type: ignore[no-untyped-def]
    """In id order (queue order for jobs): without ORDER BY, PostgreSQL returns an updated row
    (a card job whose priority the lead score raised) after the others."""
    with db.session() as session:
        return list(session.exec(select(model).order_by(model.id)).all())


def test_a_signed_message_is_stored_and_answered_with_empty_twiml(client, db):
    response = signed_twilio_post(client, "/twilio/whatsapp", inbound_form("Hi, price for SEO?"))

    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    assert b"<Response" in response.data and b"<Message" not in response.data
    [message] = rows(db, Message)
    assert message.body == "Hi, price for SEO?" and message.direction == "in"
    [conversation] = rows(db, Conversation)
    assert conversation.lane == "sales" and conversation.channel == "C0SALES"
    assert "price" in conversation.route_reason
    assert [job.kind for job in rows(db, OutboxJob) if job.kind != "slack.home"] == ["slack.card", "slack.text"]


def test_the_number_is_normalised_and_the_profile_name_kept(client, db):
    signed_twilio_post(client, "/twilio/whatsapp", inbound_form("مرحبا", sender="+971501234567", name="سارة"))

    [contact] = rows(db, Contact)
    assert (contact.wa_id, contact.phone_e164, contact.country, contact.profile_name) == (
        "+971501234567", "+971501234567", "AE", "سارة")


@pytest.mark.parametrize("signature", [None, "", "bm90IGEgc2lnbmF0dXJl"])
def test_a_missing_or_wrong_signature_is_refused_and_nothing_is_stored(client, db, signature):
    headers = {} if signature is None else {"X-Twilio-Signature": signature}
    response = client.post("/twilio/whatsapp", data=inbound_form(), headers=headers)

    assert response.status_code == 403
    assert rows(db, Message) == [] and rows(db, OutboxJob) == []


def test_a_signature_made_with_another_token_is_refused(client, db):
    form = inbound_form()
    signature = twilio_signature("https://wa-bridge.example.com/twilio/whatsapp", form, token="another-token")
    response = client.post("/twilio/whatsapp", data=form, headers={"X-Twilio-Signature": signature})

    assert response.status_code == 403 and rows(db, Message) == []


def test_a_tampered_form_fails_the_signature(client, db):
    form = inbound_form("Hello")
    signature = twilio_signature("https://wa-bridge.example.com/twilio/whatsapp", form)
    response = client.post("/twilio/whatsapp", data={**form, "Body": "Hello <!channel>"},
                           headers={"X-Twilio-Signature": signature})

    assert response.status_code == 403 and rows(db, Message) == []


def test_without_public_url_the_forwarded_scheme_and_host_are_what_was_signed(deps, db):
    from dataclasses import replace

    from bot.app import create_app

    client = create_app(replace(deps, settings=replace(deps.settings, public_url=None,
                                                       trusted_proxies=1))).test_client()  # one proxy in front
    form = inbound_form()
    signature = twilio_signature("https://bot.example.org/twilio/whatsapp", form)
    response = client.post("/twilio/whatsapp", data=form, base_url="http://10.0.0.5:3000",
                           headers={"X-Twilio-Signature": signature, "X-Forwarded-Proto": "https",
                                    "X-Forwarded-Host": "bot.example.org"})
    drain_intake(client.application)

    assert response.status_code == 200 and len(rows(db, Message)) == 1


@pytest.mark.parametrize("name", [
    "twilio_inbound_text", "twilio_inbound_image", "twilio_inbound_ctwa_referral", "twilio_inbound_button_reply",
    "twilio_inbound_location", "twilio_inbound_reply_context", "twilio_inbound_audio_voice_note",
    "twilio_inbound_document_pdf",
])
def test_real_twilio_payloads_are_accepted_with_their_own_signatures(client, db, name):
    fixture = json.loads((FIXTURES / f"{name}.json").read_text())
    body = (FIXTURES / f"{name}.form").read_text().strip()
    response = client.post("/twilio/inbound", data=body, content_type="application/x-www-form-urlencoded",
                           headers={"X-Twilio-Signature": fixture["headers"]["X-Twilio-Signature"]})
    drain_intake(client.application)

    assert response.status_code == 200, response.data
    [message] = rows(db, Message)
    assert message.twilio_sid == dict(parse_qsl(body))["MessageSid"]


def test_a_location_becomes_a_readable_message_with_a_map_link(client, db):
    fixture = json.loads((FIXTURES / "twilio_inbound_location.json").read_text())
    signed_twilio_post(client, "/twilio/inbound", fixture["params"])

    [message] = rows(db, Message)
    assert "MASP" in message.body and "https://maps.google.com/?q=-23.561414,-46.655881" in message.body


def test_a_click_to_whatsapp_referral_is_kept_on_the_conversation(client, db):
    fixture = json.loads((FIXTURES / "twilio_inbound_ctwa_referral.json").read_text())
    signed_twilio_post(client, "/twilio/inbound", fixture["params"])

    [conversation] = rows(db, Conversation)
    assert conversation.referral["Headline"] == "Promoção de Inverno"
    assert conversation.referral["SourceId"] == "120210000000000001"


@pytest.mark.parametrize("change, reason", [
    ({"From": None}, b"missing From"),
    ({"From": "+971501234567"}, b"not a WhatsApp address"),
    ({"From": "sms:+971501234567"}, b"not a WhatsApp address"),
    ({"Body": "   "}, b"no body and no media"),
    ({"NumMedia": "x"}, b"NumMedia"),
    ({"NumMedia": "1"}, b"MediaUrl0"),
])
def test_a_form_that_is_not_a_whatsapp_message_gets_400_with_a_reason(client, db, change, reason):
    form = {key: value for key, value in {**inbound_form(), **change}.items() if value is not None}
    response = signed_twilio_post(client, "/twilio/whatsapp", form)

    assert response.status_code == 400
    assert reason in response.data
    assert rows(db, Message) == []


def test_an_oversized_body_gets_413(client, db):
    form = inbound_form("x" * 300_000)
    response = signed_twilio_post(client, "/twilio/whatsapp", form)

    assert response.status_code == 413 and rows(db, Message) == []


def test_a_repeated_message_sid_is_stored_and_queued_once(client, db):
    form = inbound_form("Hello", sid="SM" + "a" * 32)
    first = signed_twilio_post(client, "/twilio/whatsapp", form)
    again = signed_twilio_post(client, "/twilio/whatsapp", form)

    assert first.status_code == again.status_code == 200
    assert len(rows(db, Message)) == 1
    assert [j.kind for j in rows(db, OutboxJob) if j.kind != "slack.home"] == ["slack.card", "slack.text"]  # nothing for the repeat


def test_a_second_message_joins_the_open_conversation(client, db):
    signed_twilio_post(client, "/twilio/whatsapp", inbound_form("Hello"))
    signed_twilio_post(client, "/twilio/whatsapp", inbound_form("Any news?"))

    assert len(rows(db, Conversation)) == 1
    assert [job.kind for job in rows(db, OutboxJob) if job.kind != "slack.home"] == ["slack.card", "slack.text", "slack.text"]


def test_a_message_after_close_starts_a_new_conversation_linked_to_the_old(client, db):
    signed_twilio_post(client, "/twilio/whatsapp", inbound_form("Hello"))
    with db.session() as session:
        old = session.exec(select(Conversation)).one()
        old.status, old.open_key = "closed", None
        session.add(old)
        session.commit()
    signed_twilio_post(client, "/twilio/whatsapp", inbound_form("Back again"))

    first, second = rows(db, Conversation)
    assert second.previous_id == first.id and second.status == "unclaimed"
    assert [job.kind for job in rows(db, OutboxJob) if job.kind != "slack.home"].count("slack.card") == 2


def test_a_database_failure_is_a_503_not_a_500(client, db):
    db.engine.dispose()
    db.engine.url = db.engine.url.set(database="/nonexistent/dir/x.db") if db.engine.dialect.name == "sqlite" \
        else db.engine.url.set(port=1)
    from bot.store.db import make_engine

    db.engine = make_engine(str(db.engine.url.render_as_string(hide_password=False)))
    response = signed_twilio_post(client, "/twilio/whatsapp", inbound_form())

    assert response.status_code == 503


def test_a_quick_reply_tap_shows_what_the_customer_tapped(client, db, worker, fake_slack):
    fixture = json.loads((FIXTURES / "twilio_inbound_button_reply.json").read_text())
    signed_twilio_post(client, "/twilio/inbound", fixture["params"])
    worker.run_due()

    [message] = rows(db, Message)
    assert message.body == "🔘 Tapped: “Sim, confirmar entrega”"
    assert any("Tapped" in c.params.get("text", "") and "Sim, confirmar entrega" in c.params.get("text", "")
               for c in fake_slack.posts())


def test_a_location_keeps_its_map_link_in_the_thread(client, db, worker, fake_slack):
    fixture = json.loads((FIXTURES / "twilio_inbound_location.json").read_text())
    signed_twilio_post(client, "/twilio/inbound", fixture["params"])
    worker.run_due()
    assert any("maps.google.com/?q=-23.561414,-46.655881" in json.dumps(c.params) for c in fake_slack.posts())
