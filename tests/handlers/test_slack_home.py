"""App Home through signed requests: opening the tab publishes it; `/wa-away` and the Home's
switch change the rep's availability, answer at once, and republish the Home.

These run against the app from `bot.app.create_app`, with `bot.handlers.slack_home.register`
wired into `bot.handlers.slack_app.build_bolt_app` before `slack_events.register`.
"""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from pathlib import Path

import pytest
from bot.errors import StoreUnavailable
from sqlmodel import select

from bot.conversations.availability import is_away
from bot.slack.notes import AVAILABILITY_FAILED as FAILED_TEXT
from bot.slack.notes import AWAY_TEXT, BACK_TEXT
from bot.slack.notes import AWAY_USAGE as USAGE_TEXT
from bot.slack import ids
from bot.store.models import Contact, Conversation, Event
from tests.builders import signed_slack_form, signed_slack_json

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
REP = "U0AGENT01"  # the user in the shared fixtures


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def home_opened(tab: str = "home", user: str = REP) -> dict:
    payload = {k: v for k, v in fixture("slack_event_app_home_opened").items() if not k.startswith("_")}
    payload["event"] = {**payload["event"], "tab": tab, "user": user}
    return payload


_triggers = iter(range(8163948271666, 8163948371666))


def away_command(text: str = "", user: str = REP) -> dict[str, str]:
    form = dict(fixture("slack_slash_command_wa_report")["params"])
    form.update(command=ids.AWAY_COMMAND, text=text, user_id=user,
                trigger_id=f"{next(_triggers)}.1234567890123.0a1b2c3d")  # each command its own trigger
    return form


def home_button(value: str, user: str = REP) -> dict[str, str]:
    payload = copy.deepcopy(fixture("slack_block_actions_button")["payload"])
    for key in ("channel", "message", "response_url"):
        payload.pop(key, None)
    payload["user"]["id"] = user
    payload["container"] = {"type": "view", "view_id": "V0HOME0001"}
    payload["view"] = {"id": "V0HOME0001", "type": "home", "blocks": [], "hash": "1716400000.a1b2c3d4"}
    payload["actions"] = [{"type": "button", "action_id": ids.HOME_AWAY, "block_id": "home_availability",
                           "value": value, "action_ts": "1716400500.000100",
                           "text": {"type": "plain_text", "text": "Set yourself away"}}]
    return {"payload": json.dumps(payload)}


def away_button(view: dict) -> dict:
    [button] = [b["accessory"] for b in view["blocks"] if b.get("accessory", {}).get("action_id") == ids.HOME_AWAY]
    return button


def away(deps, user: str = REP) -> bool:
    return deps.db.read(lambda session: is_away(session=session, user=user))


# -- opening the tab ---------------------------------------------------------------


def test_opening_the_home_tab_publishes_the_reps_home(client, fake_slack, deps):
    def setup(session) -> None:
        contact = Contact(wa_id="+971501234567", phone_e164="+971501234567", profile_name="Ana <!here>",
                          created_at=deps.clock.now())
        session.add(contact)
        session.flush()
        session.add(Conversation(contact_id=contact.id, open_key=contact.id, lane="sales", channel="C0SALES",
                                 owner=REP, status="claimed", score=70, created_at=deps.clock.now(),
                                 last_inbound_at=deps.clock.now() - timedelta(minutes=125),
                                 permalink="https://acme.slack.com/archives/C0SALES/p1700000000000100"))

    deps.db.transaction(setup)
    response = signed_slack_json(client, home_opened())

    assert response.status_code == 200
    [call] = fake_slack.wait_for("views.publish")
    assert call.params["user_id"] == REP
    view = call.params["view"]
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    assert away_button(view)["value"] == "away"
    [line] = [b["text"]["text"] for b in view["blocks"] if "Ana" in b.get("text", {}).get("text", "")]
    assert "&lt;!here&gt;" in line and "<!here>" not in line
    assert "waiting 2 h 5 min" in line and "score 70" in line
    assert "<https://acme.slack.com/archives/C0SALES/p1700000000000100|Open>" in line


def test_the_messages_tab_publishes_nothing(client, fake_slack):
    response = signed_slack_json(client, home_opened(tab="messages"))

    assert response.status_code == 200
    assert fake_slack.calls("views.publish") == []  # event listeners finish before the answer


def test_a_failed_publish_is_logged_and_the_event_still_acknowledged(client, fake_slack, caplog):
    fake_slack.fail_ok_false("views.publish", error="ratelimited")

    response = signed_slack_json(client, home_opened())

    assert response.status_code == 200
    assert any("Home of U0AGENT01 not published" in r.getMessage() for r in caplog.records)


# -- /wa-away ----------------------------------------------------------------------


def test_wa_away_switches_away_answers_at_once_and_republishes(client, fake_slack, deps):
    response = signed_slack_form(client, away_command())

    assert response.status_code == 200
    assert response.get_data(as_text=True) == AWAY_TEXT
    assert "won't be assigned" in AWAY_TEXT
    assert away(deps) is True
    [call] = fake_slack.wait_for("views.publish")
    assert call.params["user_id"] == REP and away_button(call.params["view"])["value"] == "back"

    response = signed_slack_form(client, away_command())

    assert response.get_data(as_text=True) == BACK_TEXT
    assert away(deps) is False
    calls = fake_slack.wait_for("views.publish", count=2)
    assert away_button(calls[1].params["view"])["value"] == "away"


def test_wa_away_is_logged_as_an_event(client, fake_slack, deps):
    signed_slack_form(client, away_command())
    signed_slack_form(client, away_command())

    events = deps.db.read(lambda s: list(s.exec(select(Event).where(Event.kind == "availability")
                                                .order_by(Event.id)).all()))
    assert [(e.actor, e.data) for e in events] == [(REP, {"away": True}), (REP, {"away": False})]
    fake_slack.wait_for("views.publish", count=2)


@pytest.mark.parametrize("text, expected", [("on", True), ("AWAY", True), ("off", False), (" back ", False)])
def test_wa_away_with_a_word_sets_rather_than_switches(client, fake_slack, deps, text, expected):
    for _ in range(2):
        response = signed_slack_form(client, away_command(text))
        assert response.get_data(as_text=True) == (AWAY_TEXT if expected else BACK_TEXT)
        assert away(deps) is expected
    fake_slack.wait_for("views.publish", count=2)


def test_wa_away_with_other_words_explains_and_changes_nothing(client, fake_slack, deps):
    response = signed_slack_form(client, away_command("tomorrow <@U0BBB>"))

    assert response.get_data(as_text=True) == USAGE_TEXT
    assert away(deps) is False
    fake_slack.wait_for("views.publish")


def test_wa_away_still_answers_when_the_home_cannot_be_published(client, fake_slack, deps):
    fake_slack.fail("views.publish", status=500)  # whichever publish comes first fails

    first = signed_slack_form(client, away_command())
    second = signed_slack_form(client, away_command())

    assert (first.get_data(as_text=True), second.get_data(as_text=True)) == (AWAY_TEXT, BACK_TEXT)
    assert away(deps) is False
    fake_slack.wait_for("views.publish")  # the later publish succeeds, after the failed one
    assert len(fake_slack.failed_calls("views.publish")) == 1


def test_wa_away_says_so_when_the_database_fails(client, fake_slack, deps, monkeypatch):
    def unavailable(work, **kw):  # type: ignore[no-untyped-def]
        raise StoreUnavailable("OperationalError: server closed the connection")

    monkeypatch.setattr(deps.db, "transaction", unavailable)
    response = signed_slack_form(client, away_command())

    assert response.status_code == 200 and response.get_data(as_text=True) == FAILED_TEXT
    [call] = fake_slack.wait_for("views.publish")  # the Home still shows the stored truth
    assert away_button(call.params["view"])["value"] == "away"


# -- the Home switch ---------------------------------------------------------------


def test_the_home_switch_sets_away_and_back_and_republishes(client, fake_slack, deps):
    response = signed_slack_form(client, home_button("away"))

    assert response.status_code == 200 and away(deps) is True
    [call] = fake_slack.wait_for("views.publish")
    assert call.params["user_id"] == REP and away_button(call.params["view"])["text"]["text"] == "I'm back"

    response = signed_slack_form(client, home_button("back"))

    assert response.status_code == 200 and away(deps) is False
    calls = fake_slack.wait_for("views.publish", count=2)
    assert away_button(calls[1].params["view"])["text"]["text"] == "Set yourself away"


def test_a_double_click_on_the_switch_changes_it_once(client, fake_slack, deps):
    signed_slack_form(client, home_button("away"))
    signed_slack_form(client, home_button("away"))

    assert away(deps) is True
    events = deps.db.read(lambda s: list(s.exec(select(Event).where(Event.kind == "availability")).all()))
    assert len(events) == 1
    fake_slack.wait_for("views.publish", count=2)


def test_a_tampered_switch_value_changes_nothing_and_shows_the_truth(client, fake_slack, deps):
    response = signed_slack_form(client, home_button("away; DROP TABLE member_state"))

    assert response.status_code == 200 and away(deps) is False
    [call] = fake_slack.wait_for("views.publish")
    assert away_button(call.params["view"])["value"] == "away"
