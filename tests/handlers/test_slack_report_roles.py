"""/wa-report by role: workspace leads see everything, a lane lead their lanes, a member their
own numbers, anyone else a polite refusal; `public` only in a lane's or the report's channel."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.builders import signed_slack_form
from tests.handlers.test_slack_report import command, jobs

BOSS, LEAD, MEMBER, STRANGER = "U0BOSS1", "U0LEAD1", "U0AAA", "U0NOBODY1"


@pytest.fixture
def lanes(lanes):  # type: ignore[no-untyped-def]
    sales = replace(lanes.lane("sales"), leads=(LEAD,))
    return replace(lanes, workspace=replace(lanes.workspace, leads=(BOSS,)),
                   lanes=tuple(sales if lane.name == "sales" else lane for lane in lanes.lanes))


def ask(client, fake_slack, text, user, channel="C0SALES"):  # type: ignore[no-untyped-def]
    response = signed_slack_form(client, command(fake_slack, text, user=user, channel=channel))
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_someone_in_no_lane_is_refused_politely_and_nothing_is_queued(client, fake_slack, db):
    answer = ask(client, fake_slack, "7d", STRANGER)
    assert "Sorry, reports are for the members and leads of a lane" in answer
    assert jobs(db) == []


def test_a_workspace_lead_sees_every_lane(client, fake_slack, db):
    ask(client, fake_slack, "7d", BOSS)
    [job] = jobs(db)
    assert job.payload["lanes"] == [] and job.payload["rep"] is None


def test_a_lane_lead_sees_their_lanes_only(client, fake_slack, db):
    ask(client, fake_slack, "7d", LEAD)
    answer = ask(client, fake_slack, "7d billing", LEAD)
    [job] = jobs(db)
    assert job.payload["lanes"] == ["sales"]
    assert "lanes you lead" in answer and "*sales*" in answer


def test_a_member_sees_their_own_numbers_only(client, fake_slack, db):
    ask(client, fake_slack, "7d", MEMBER)
    refused = ask(client, fake_slack, "7d <@U0BBB|bea>", MEMBER)
    readiness = ask(client, fake_slack, "readiness", MEMBER)
    [job] = jobs(db)
    assert job.payload["rep"] == MEMBER
    assert "own numbers" in refused and "own numbers" in readiness


def test_public_only_in_a_lane_or_report_channel(client, fake_slack, db):
    answer = ask(client, fake_slack, "7d public", BOSS, channel="C0RANDOM1")
    assert "`public` reports are posted only" in answer and jobs(db) == []
    ask(client, fake_slack, "7d public", BOSS, channel="C0SALES")
    assert len(jobs(db)) == 1


def test_another_organisation_never_gets_a_report(client, fake_slack, db):
    form = command(fake_slack, "7d", user=BOSS, channel="C0SALES")
    form["user_team_id"] = "T0OTHER99"
    form["team_id"] = "T0ACME01"
    assert "Sorry" in signed_slack_form(client, form).get_data(as_text=True)
    assert jobs(db) == []
