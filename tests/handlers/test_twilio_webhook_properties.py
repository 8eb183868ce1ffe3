"""No form content makes the webhook answer 500: Hypothesis over signed forms."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders import inbound_form, signed_twilio_post

FIELDS = ["From", "Body", "NumMedia", "MediaUrl0", "MediaContentType0", "MessageSid", "WaId", "ProfileName",
          "ButtonPayload", "ReferralHeadline", "Latitude", "Longitude", "To", "Surprise"]
values = st.one_of(st.text(max_size=60), st.sampled_from(
    ["whatsapp:+971501234567", "whatsapp:", "whatsapp:abc", "0", "1", "-1", "99", "https://x.example/m", "1e9", ""]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.dictionaries(st.sampled_from(FIELDS), st.one_of(st.none(), values), max_size=6))
def test_any_signed_form_gets_200_or_400_never_500(client, changes):
    form = {k: v for k, v in {**inbound_form(), **changes}.items() if v is not None}

    response = signed_twilio_post(client, "/twilio/whatsapp", form)

    assert response.status_code in (200, 400), response.data
