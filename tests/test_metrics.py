"""/metrics: off unless METRICS_TOKEN is set, then Prometheus text behind the token."""

from __future__ import annotations

from datetime import timedelta

from bot.app import create_app
from bot.deps import build_deps
from tests.builders import inbound_form, signed_twilio_post
from tests.conftest import make_settings


def _value(text: str, name: str) -> float:
    line = next(line for line in text.splitlines() if line.startswith(name + " ") or line.startswith(name + "{"))
    return float(line.rsplit(" ", 1)[1])


def test_metrics_are_off_by_default(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/metrics").status_code == 404


def test_metrics_behind_the_token(settings, lanes, clock, db, fake_slack) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from bot.delivery.worker import DeliveryWorker

    deps = build_deps(replace(settings, metrics_token="s3cret"), lanes, clock=clock, db=db)
    client = create_app(deps).test_client()
    try:
        assert client.get("/metrics").status_code == 401
        assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401

        signed_twilio_post(client, "/twilio/whatsapp", inbound_form("Hi, I'd like a quote (ref: pricing)"))
        clock.advance(timedelta(seconds=90))
        text = client.get("/metrics", headers={"Authorization": "Bearer s3cret"}).get_data(as_text=True)
        assert 'wa_inbound_messages_total{lane="sales"}' in text
        assert _value(text, "wa_outbox_backlog") >= 2
        assert _value(text, "wa_outbox_oldest_pending_age_seconds") == 90.0
        assert _value(text, "wa_outbox_dead_letters") == 0

        fake_slack.fail_ok_false("chat.postMessage", error="ratelimited")
        DeliveryWorker(deps).run_due()
        text = client.get("/metrics", headers={"Authorization": "Bearer s3cret"}).get_data(as_text=True)
        assert 'wa_delivery_retries_total{kind="slack.card"}' in text
        assert 'wa_delivery_latency_seconds_count{kind="slack.home"}' in text
    finally:
        deps.http.close()


def test_the_token_comes_from_the_environment() -> None:
    assert make_settings(METRICS_TOKEN="abc").metrics_token == "abc"
    assert make_settings().metrics_token is None


def test_timer_fires_and_sla_breaches_are_counted() -> None:
    from bot import metrics

    before = metrics.SLA_BREACHES.labels("sales", "reping")._value.get()
    metrics.timer_fired("reping", "sales")
    metrics.timer_fired("close", "sales")
    assert metrics.SLA_BREACHES.labels("sales", "reping")._value.get() == before + 1
    assert metrics.TIMER_FIRES.labels("close", "sales")._value.get() >= 1
