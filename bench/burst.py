"""Burst bench: a Click-to-WhatsApp campaign against Slack's per-channel limit.

    .venv/bin/python bench/burst.py [--scale 20] [--conversations 300] [--postgres]

(--postgres: a database of its own, wa_bench_burst_<pid>, created and dropped on the server
of the tests' `test` database.)

300 new conversations, each with 2 follow-up messages, arrive in one lane (sales, one Slack
channel) within 10 s: conversation k opens at k × 9/300 s, its follow-ups 0.4 s and 0.8 s
later; every 10th conversation opens as a hot lead. Each message goes through the webhook's
own transaction (`ingest.receive`: the inbound row, then the worker's wake-up; the worker's
intake takes it in), called in-process: Flask and the signature check are left out so that
the arrivals keep to their schedule on a shared 2-core machine (bench/webhook.py measures
them). The delivery worker runs in the same process on the real clock with pacing on.

The fake Slack enforces Slack's per-channel limit on chat.postMessage (token bucket: 1 per
second, burst 4) and answers 429 + Retry-After: 1 beyond it. Slack's limits are too slow for
a bench (1,200 posts at 1/s = 20 min), so BOTH the fake's limit and the bot's pacing table
are scaled by --scale (default 20: 20 posts/s per channel, every tier × 20); bursts are kept.
The bot's pacer keeps a burst of 3 (one token under the fake's 4: network jitter).

Prints: drain time (first arrival → last post) ÷ the floor (posts ÷ the channel's rate),
p50/p90 of the cards' wait (a conversation's first message → its card in Slack) and of the
hot leads' cards, the 429s
(count and share of calls), and checks that every message arrived once and in order.
Goals: drain ≤ 1.15 × floor, 429s ≤ 1 % of calls. Stops by itself: the worker is stopped
when everything arrived or after 3 × floor + 30 s. Exit status 1 if a message is missing,
doubled or out of order, or the bench timed out.
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: make `bot` and `tests` importable

import sqlalchemy as sa  # noqa: E402

from bot.clock import SystemClock  # noqa: E402
from bot.conversations import ingest  # noqa: E402
from bot.delivery.worker import DeliveryWorker  # noqa: E402
from bot.deps import build_deps, slack_client  # noqa: E402
from bot.lanes import parse_lanes  # noqa: E402
from bot.slack.pacing import CHANNEL_POSTS, Pacer, SlackLimits  # noqa: E402
from bot.store.db import Database  # noqa: E402
from bot.store.migrate import upgrade  # noqa: E402
from bot.whatsapp.inbound import parse_inbound  # noqa: E402
from tests.builders import inbound_form  # noqa: E402
from tests.conftest import LANES, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, make_settings  # noqa: E402
from tests.fakes.slack import FakeSlack  # noqa: E402
from tests.fakes.twilio import FakeTwilio  # noqa: E402

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
CHANNEL = "C0SALES"
PG_NAME = f"wa_bench_burst_{os.getpid()}"
SPREAD_S, FOLLOW_UPS = 9.0, (0.4, 0.8)
HOT_EVERY = 10  # every 10th conversation opens as a hot lead: its card should not wait behind the others' posts
HOT_TEXT = (" — I'm the marketing manager at Acme (acme.ae): we want to start Google ads next week, budget 20k AED,"
            " can we meet tomorrow 10am?")


def lanes_config():  # type: ignore[no-untyped-def]
    """The tests' lanes, open around the clock, without members (no App Home refreshes)."""
    table = copy.deepcopy(LANES)
    table["workspace"].pop("business_hours", None)
    for lane in table["lanes"]:
        lane["members"] = []
    return parse_lanes(table)


def database(postgres: bool, tmp: Path) -> str:
    """A temporary SQLite file, or a PostgreSQL database of its own (wa_bench_burst_<pid>, on the
    server of the `test` database; dropped by `drop_database`): the tests' database is never touched."""
    if not postgres:
        return f"sqlite:///{tmp / 'burst.db'}"
    admin(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{PG_NAME}"')
    return POSTGRES_URL.rsplit("/", 1)[0] + "/" + PG_NAME


def admin(statement: str) -> None:
    engine = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(statement))
    engine.dispose()


def schedule(conversations: int) -> list[tuple[float, int, int]]:
    """(seconds from the start, conversation, message number), in time order."""
    events = []
    for k in range(conversations):
        start = k * SPREAD_S / conversations
        events.append((start, k, 0))
        events += [(start + delay, k, n + 1) for n, delay in enumerate(FOLLOW_UPS)]
    return sorted(events)


def is_ours(call) -> bool:  # type: ignore[no-untyped-def]
    """A card or a customer's text (not a note the lead score adds to a hot or warm lead's thread)."""
    return not call.params.get("thread_ts") or str(call.params.get("text", "")).startswith("price please")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=20.0, help="Slack's limits × this (fake and pacer alike)")
    parser.add_argument("--conversations", type=int, default=300)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="wa-burst-"))
    rate = CHANNEL_POSTS.per_second * args.scale
    with FakeSlack() as slack, FakeTwilio(TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN) as twilio:
        slack.limit_per_channel("chat.postMessage", per_second=rate, burst=CHANNEL_POSTS.burst + 1, retry_after=1)
        url = database(args.postgres, tmp)
        upgrade(url)
        settings = make_settings(SLACK_API_URL=slack.url, TWILIO_API_URL=twilio.url, DATABASE_URL=url, SLACK_PACING="on")
        pacer = Pacer(time.monotonic, SlackLimits().scaled(args.scale))
        lanes = lanes_config()
        deps = build_deps(settings, lanes, clock=SystemClock(), db=Database(url))
        deps = replace(deps, slack=slack_client(settings, pacer), pacer=pacer)
        worker = DeliveryWorker(deps)
        events = schedule(args.conversations)
        arrived: dict[int, float] = {}  # conversation -> wall time its first message was accepted
        bodies = {(k, n): f"price please, conversation {k} message {n}" + (HOT_TEXT if n == 0 and k % HOT_EVERY == 0 else "")
                  for _, k, n in events}

        def arrive() -> None:
            begin = time.monotonic()
            for at, k, n in events:
                lag = begin + at - time.monotonic()
                if lag > 0:
                    time.sleep(lag)
                form = inbound_form(bodies[(k, n)], sender=f"+9715{k:08d}", sid=f"SM{os.getpid():08x}{k:012x}{n:04x}")
                message = parse_inbound(form)
                if n == 0:
                    arrived[k] = time.time()
                now = deps.clock.now()
                deps.db.transaction(lambda session: ingest.receive(session=session, message=message, form=form, now=now))
                deps.wake()  # the webhook's transaction; the worker takes it in (durable ingest)

        total_posts = args.conversations * (2 + len(FOLLOW_UPS))
        floor = total_posts / rate
        print(f"{args.conversations} conversations × {1 + len(FOLLOW_UPS)} messages in {SPREAD_S + FOLLOW_UPS[-1]:.1f} s, "
              f"one channel limited to {rate:g} posts/s (Slack's 1/s × {args.scale:g}), "
              f"{'PostgreSQL' if args.postgres else 'SQLite'}; floor {floor:.1f} s for {total_posts} posts", flush=True)
        load = os.getloadavg()
        worker.start()
        start = time.time()
        feeder = threading.Thread(target=arrive, name="arrivals")
        feeder.start()
        deadline = time.monotonic() + 3 * floor + 30
        while time.monotonic() < deadline and sum(map(is_ours, slack.posts())) < total_posts:
            time.sleep(0.2)
        feeder.join()
        time.sleep(0.5)  # anything sent twice would show now
        worker.stop()
        arrivals_took = max(arrived.values()) - start

        posts = slack.posts()
        limited = [call for call in slack.failed_calls() if call.status == 429]
        calls = len(slack.calls()) + len(slack.failed_calls())
        cards = {call.params["text"]: call for call in posts if not call.params.get("thread_ts")}
        ok = True
        by_thread: dict[str, list[str]] = {}
        for call in posts:
            if call.params.get("thread_ts"):
                if is_ours(call):  # the customers' texts (hot and warm leads' threads also get the score's notes)
                    by_thread.setdefault(call.params["thread_ts"], []).append(call.params["text"])
        card_waits, hot_waits = [], []
        threads = sorted(by_thread.values(), key=lambda texts: texts[0] if texts else "")
        expected = {tuple(bodies[(k, n)] for n in range(1 + len(FOLLOW_UPS))) for k in range(args.conversations)}
        seen = {tuple(texts) for texts in threads}
        card_calls = [call for call in posts if not call.params.get("thread_ts")]
        if len(card_calls) != args.conversations or seen != expected or len(threads) != args.conversations:
            ok = False
            print(f"MISMATCH: {len(card_calls)} cards, {len(threads)} threads, "
                  f"{len(expected - seen)} threads missing/out of order, {len(seen - expected)} unexpected")
        for call in card_calls:
            texts = by_thread.get(call.ts or "", [])
            if texts:
                k = int(texts[0].split()[3])
                card_waits.append(call.at - arrived[k])
                if k % HOT_EVERY == 0:
                    hot_waits.append(call.at - arrived[k])
        drain = max(call.at for call in posts) - start if posts else float("inf")
        print(f"arrivals: all {len(events)} accepted {arrivals_took:.1f} s after the start "
              f"(load average before: {load[0]:.2f})")
        notes = len(posts) - sum(map(is_ours, posts))
        floor = len(posts) / rate  # every post the channel took, the score's notes to hot and warm leads included
        print(f"drain: {drain:.1f} s = {drain / floor:.3f} × floor ({floor:.1f} s for {len(posts)} posts, "
              f"{notes} of them the lead score's notes)   goal ≤ 1.15")
        if arrivals_took > SPREAD_S + FOLLOW_UPS[-1] + 1:
            print(f"  (the machine took {arrivals_took:.0f} s to accept the burst, not {SPREAD_S + FOLLOW_UPS[-1]:.0f}: "
                  f"drain ÷ max(floor, arrivals) = {drain / max(floor, arrivals_took):.3f}; the last post came "
                  f"{drain - arrivals_took:.1f} s after the last arrival)")
        if card_waits:
            print(f"card wait: p50 {statistics.median(card_waits):.2f} s, p90 {percentile(card_waits, 0.9):.2f} s, "
                  f"max {max(card_waits):.2f} s")
        if hot_waits:
            print(f"hot cards' wait ({len(hot_waits)} hot leads, every {HOT_EVERY}th): p50 {statistics.median(hot_waits):.2f} s, "
                  f"p90 {percentile(hot_waits, 0.9):.2f} s, max {max(hot_waits):.2f} s")
        print(f"429s: {len(limited)} of {calls} calls ({100 * len(limited) / max(1, calls):.2f} %)   goal ≤ 1 %")
        print("every message arrived once, in order" if ok else "MESSAGES LOST, DOUBLED OR OUT OF ORDER")
        del cards
        deps.db.dispose()
    if args.postgres:
        admin(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok and drain < 3 * floor + 30 else 1


if __name__ == "__main__":
    sys.exit(main())
