"""/media serves only what WhatsApp takes, never sniffed, in a sandbox."""

from __future__ import annotations

import pytest

from tests.handlers.test_media import PNG, link

pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # no store involved


def test_served_files_are_never_sniffed_and_sandboxed(client, deps, fake_slack):
    fake_slack.add_file("F0FILE0001", PNG, name="a.png", mimetype="image/png")
    response = client.get(link(deps))
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "sandbox"


@pytest.mark.parametrize("mimetype", ["text/html", "image/svg+xml", "application/javascript",
                                      "application/octet-stream"])
def test_types_whatsapp_does_not_take_are_not_served(client, deps, fake_slack, mimetype):
    fake_slack.add_file("F0FILE0001", b"<script>alert(1)</script>", name="x", mimetype=mimetype)
    response = client.get(link(deps))
    assert response.status_code == 415
    assert b"<script>" not in response.data
    assert response.headers["X-Content-Type-Options"] == "nosniff"
