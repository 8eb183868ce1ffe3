"""No Slack event payload, however malformed, makes a listener raise (which would be a 500
and a retry storm), and none of them reaches Twilio unless it is a person's thread reply."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.builders import signed_slack_json

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20),
                    st.sampled_from(["C0SUPPORT", "1700000000.000100", "U0AGENT01", "file_share", "bot_message",
                                     "message_changed", "note: x", "<!channel>"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                      max_leaves=8)
events = st.fixed_dictionaries(
    {"type": st.sampled_from(["message", "app_home_opened", "reaction_added"])},
    optional={key: values for key in ("subtype", "user", "channel", "ts", "thread_ts", "text", "bot_id", "files",
                                      "blocks", "event_ts")},
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(event=events, event_id=st.one_of(st.none(), st.text(max_size=70), st.integers()))
def test_any_event_is_answered_200_and_nothing_malformed_is_sent(client, fake_twilio, worker, event, event_id):
    payload = {"type": "event_callback", "team_id": "T0ACME01", "api_app_id": "A0WABRIDGE1", "event": event,
               "event_id": event_id, "event_time": 1716400123}

    response = signed_slack_json(client, payload)
    worker.run_due()

    assert response.status_code == 200, response.data
    assert fake_twilio.sent() == []  # no card exists: nothing can be a reply to a customer
