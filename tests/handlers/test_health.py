"""GET /healthz: 200 while the database answers, with delivery's numbers; strict mode is 503
when delivery is degraded (here: a backlog stuck for over ten minutes)."""

from __future__ import annotations

from datetime import timedelta

from tests.builders import inbound_form, signed_twilio_post


def test_a_backlog_stuck_for_ten_minutes_degrades_health_without_leaving_rotation(client, worker, fake_slack, clock):
    fake_slack.down()
    assert signed_twilio_post(client, "/twilio/whatsapp", inbound_form("Hello")).status_code == 200
    worker.run_due()
    clock.advance(timedelta(minutes=5))
    early = client.get("/healthz?strict=1")
    assert early.status_code == 200 and early.get_json()["degraded"] is False

    clock.advance(timedelta(minutes=6))
    response = client.get("/healthz")
    body = response.get_json()

    assert response.status_code == 200
    assert body["degraded"] is True and body["oldest_pending_s"] == 660 and body["backlog"] >= 2
    assert body["dead"] == 0 and body["faults"] == []
    assert "Hello" not in response.get_data(as_text=True) and "+971" not in response.get_data(as_text=True)
    assert client.get("/healthz?strict=1").status_code == 503
