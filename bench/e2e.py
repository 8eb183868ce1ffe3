"""End-to-end bench: a WhatsApp message's way from Twilio's webhook to its post in Slack.

    .venv/bin/python bench/e2e.py [--postgres] [--messages 40]

The bot runs under gunicorn as in bench/webhook.py (its Server, gunicorn.conf.py), with a
lanes file of 4 lanes (4 channels, open around the clock, no members: no App Home work) and
a fake Slack in this process. One client sends signed Twilio forms one at a time, a new
one every 0.3 s, rotating over 8 senders and the 4 lanes (each channel gets a post every
1.2 s: under Slack's 1/s per channel, so the pacer never has to hold one back; bench/burst.py
measures the pacing). Every sender opened its conversation in a warm-up first, so a
measured message is a follow-up: webhook (one inbound row) → delivery worker (intake and the
lease in one transaction) → chat.postMessage into the card's thread.

The baseline is a bare forwarder on the same gunicorn workers (POST /bench/forward in
bench/webhook_app.py): signature check, then chat.postMessage at once, no database.
Latency = the fake Slack's receipt of the post (matched by its unique text) − the moment the
client sent the request. Rounds alternate (bot, forwarder, forwarder, bot, ...), so both sides
share whatever load the machine has. Goal: bot p50 ≤ 1.5 × the forwarder's p50.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/webhook.py, beside this script

from twilio.request_validator import RequestValidator  # noqa: E402

from webhook import AUTH_TOKEN, POSTGRES_URL, BenchRun, FakeSlack, Server, form_for  # noqa: E402

HOOK, FORWARD = "/twilio/whatsapp", "/bench/forward"
LANES = 4
SENDERS = 8
INTERVAL_S = 0.3
ROUNDS = 4
SIDS = itertools.count(1)
LANES_TOML = """
[workspace]
timezone = "Asia/Dubai"
default_lane = "lane0"

[labels]
names = ["Support request"]

[outcomes]
names = ["Resolved"]
""" + "".join(f"""
[[lanes]]
name = "lane{n}"
channel = "C0LANE{n}"
members = []
keywords = ["topic{n}"]
""" for n in range(LANES))


def send(server: Server, path: str, sender: int, body: str) -> float:
    """Post one signed form on a new connection (gunicorn closes idle keep-alives); return
    the wall time it was sent."""
    form = form_for(sender, 0)
    form["Body"] = body
    number = f"+97155{1000000 + sender}"
    form.update({"From": f"whatsapp:{number}", "WaId": number[1:], "MessageSid": f"SM{os.getpid():08x}{next(SIDS):024x}"})
    form["SmsMessageSid"] = form["SmsSid"] = form["MessageSid"]
    signature = RequestValidator(AUTH_TOKEN).compute_signature(server.public_url + path, form)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature}
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    sent = time.time()
    conn.request("POST", path, urlencode(form), headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return sent


def arrival(slack: FakeSlack, text: str, deadline: float) -> float | None:
    while time.monotonic() < deadline:
        for call in slack.posts():
            if call.params.get("text") == text:
                return call.at
        time.sleep(0.01)
    return None


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", action="store_true", help=f"use {POSTGRES_URL} (drops its public schema)")
    parser.add_argument("--messages", type=int, default=40, help="per round and side")
    args = parser.parse_args()
    seq = 0
    with (run := BenchRun("wa-e2e-", postgres=args.postgres, db_file="e2e.db")):
        server, slack = run.start(lanes=LANES_TOML), run.slack
        for sender in range(SENDERS):  # open the conversations: cards, first texts
            send(server, HOOK, sender, f"topic{sender % LANES} hello {sender}")
            time.sleep(INTERVAL_S)
        time.sleep(3.0)
        latencies: dict[str, list[float]] = {HOOK: [], FORWARD: []}
        missing = 0
        for round_no in range(ROUNDS):
            for path in ((HOOK, FORWARD) if round_no % 2 == 0 else (FORWARD, HOOK)):
                sent_at: dict[str, float] = {}
                for n in range(args.messages):
                    seq += 1
                    sender = seq % SENDERS
                    body = f"topic{sender % LANES} e2e {seq}"
                    sent_at[body] = send(server, path, sender, body)
                    time.sleep(INTERVAL_S)
                deadline = time.monotonic() + 15
                for body, sent in sent_at.items():
                    at = arrival(slack, body, deadline)
                    if at is None:
                        missing += 1
                    else:
                        latencies[path].append(at - sent)
        bot, fwd = latencies[HOOK], latencies[FORWARD]
        db = "PostgreSQL" if args.postgres else "SQLite"
        print(f"bot under gunicorn ({db}), one message every {INTERVAL_S} s over {LANES} channels, "
              f"{ROUNDS} alternating rounds × {args.messages} messages per side")
        print(f"{'':<28} {'n':>4} {'p50 ms':>8} {'p99 ms':>8} {'mean ms':>8}")
        for name, values in (("bot (webhook → intake → Slack)", bot), ("bare forwarder", fwd)):
            if values:
                print(f"{name:<28} {len(values):>4} {pct(values, 0.5):>8.1f} {pct(values, 0.99):>8.1f} "
                      f"{1000 * statistics.mean(values):>8.1f}")
        if bot and fwd:
            print(f"\nbot p50 / forwarder p50 = {pct(bot, 0.5) / pct(fwd, 0.5):.2f}   goal ≤ 1.5   "
                  f"(p99 ratio {pct(bot, 0.99) / pct(fwd, 0.99):.2f})")
        if missing:
            print(f"{missing} message(s) did not reach the fake Slack within 15 s")
        return 1 if missing else 0
    return 1  # could not run: BenchRun said why


if __name__ == "__main__":
    sys.exit(main())
