"""The daily digest: once per lane and working day, at the lane's local digest time."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timezone

import pytest

from bot.timers.digest import send_digests
from tests.builders import as_processes, inbound_form, signed_twilio_post


@pytest.fixture
def lanes(lanes):  # type: ignore[no-untyped-def]
    sales = replace(lanes.lane("sales"), digest_at=time(9, 30))
    return replace(lanes, lanes=tuple(sales if lane.name == "sales" else lane for lane in lanes.lanes))


def digests(fake_slack):  # type: ignore[no-untyped-def]
    return [c.params["text"] for c in fake_slack.posts(channel="C0SALES") if ":sunrise:" in c.params["text"]]


def test_the_digest_lists_what_is_unclaimed_once_a_working_day(client, deps, worker, fake_slack, clock):
    clock.set(datetime(2026, 11, 22, 4, 0, tzinfo=timezone.utc))  # Sunday 08:00 in Dubai
    for n in range(2):
        signed_twilio_post(client, "/twilio/whatsapp", inbound_form("price?", sender=f"+97150000{n:04d}",
                                                                     name=f"Customer <{n}>"))
    assert send_digests(deps) == 0  # before 09:30

    clock.set(datetime(2026, 11, 22, 5, 30, tzinfo=timezone.utc))  # 09:30 Dubai
    assert send_digests(deps) == 1
    assert send_digests(deps) == 0  # once a day
    worker.run_due()
    [digest] = digests(fake_slack)
    assert "*Unclaimed:* 2" in digest and "Customer &lt;0&gt;" in digest and "Follow-ups due today:* none" in digest

    clock.set(datetime(2026, 11, 27, 6, 0, tzinfo=timezone.utc))  # Friday: the weekend, no digest
    assert send_digests(deps) == 0
    clock.set(datetime(2026, 11, 29, 6, 0, tzinfo=timezone.utc))  # Sunday again
    assert send_digests(deps) == 1


def test_processes_racing_send_one_digest(settings, deps, clock):
    clock.set(datetime(2026, 11, 22, 5, 30, tzinfo=timezone.utc))
    sent = as_processes(settings, deps, send_digests)
    assert sorted(sent) == [0, 0, 0, 1]
