"""Several processes sweeping the same database (gunicorn workers, several machines):
each due step fires exactly once."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlmodel import select

from bot.store.models import Event
from tests.builders import inbound_form, signed_twilio_post

ROOT = Path(__file__).resolve().parents[2]
SWEEPER = """
import os, sys, time
from dataclasses import replace
from datetime import datetime, timedelta
from bot.clock import FixedClock
from bot.deps import build_deps
from bot.lanes import parse_lanes
from bot.timers.jobs import sweep
from tests.conftest import LANES, make_settings

lanes = parse_lanes(LANES)
sales = replace(lanes.lane("sales"), claim_within=timedelta(minutes=5), repings=2, then="escalate")
lanes = replace(lanes, lanes=tuple(sales if lane.name == "sales" else lane for lane in lanes.lanes))
deps = build_deps(make_settings(DATABASE_URL=sys.argv[1]), lanes, clock=FixedClock(datetime.fromisoformat(sys.argv[2])))
while not os.path.exists(sys.argv[3]):  # start together
    time.sleep(0.005)
print(sweep(deps))
"""


def test_processes_sweeping_together_fire_each_due_step_once(client, lanes, deps, db_url, clock, db, tmp_path):
    from dataclasses import replace

    sales = replace(deps.lanes.lane("sales"), claim_within=timedelta(minutes=5), repings=2, then="escalate")
    deps.use_lanes(replace(deps.lanes, lanes=tuple(sales if l.name == "sales" else l for l in deps.lanes.lanes)))
    for n in range(60):
        form = inbound_form("price please", sender=f"+9715{n:08d}")
        assert signed_twilio_post(client, "/twilio/whatsapp", form).status_code == 200
    due_time = clock.now() + timedelta(minutes=5)

    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = [subprocess.Popen([sys.executable, "-c", SWEEPER, db_url, due_time.isoformat(), str(go)],
                                  cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(3)]
    go.touch()
    handled = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        handled.append(int(out.strip().splitlines()[-1]))

    assert sum(handled) == 60
    with db.session() as session:
        repinged = session.exec(select(Event).where(Event.kind == "repinged")).all()
    assert len(repinged) == 60
    assert len({event.conversation_id for event in repinged}) == 60
