"""Webhook bench: what storing an inbound WhatsApp message costs, and whether a slow Slack leaks into it.

    .venv/bin/python bench/webhook.py [--postgres]

Starts a fake Slack Web API in this process and the bot under gunicorn (gunicorn.conf.py:
gunicorn.conf.py's workers, each with its delivery worker thread) on 127.0.0.1, with a temporary
SQLite database (or, with --postgres, the `test` database after dropping its public schema).
16 client threads, each on one keep-alive connection, post signed Twilio forms (unique
MessageSid, 300 senders) in a closed loop: to POST /twilio/whatsapp (the webhook) and to
POST /bench/bare (an empty Flask route on the same workers) and to POST /bench/floor (the
durability floor: signature check, then the message row inserted and committed in one Core
statement, nothing else), in alternating rounds.
Then the fake Slack is made to answer after 2 s and the rounds are repeated. Every round starts
once the webhook's messages of the previous rounds have been taken in (durable ingest: intake runs
in the delivery worker after the answer; GET /healthz's intake_backlog), so no endpoint's round
pays for another's work; what the webhook's own round sets off during the round counts against it.

How to read the ratios (webhook / durability floor: the share of the unavoidable cost; goal >= 0.5):
- webhook / bare throughput: the share of the server's capacity left once the webhook does its
  work (signature, parsing, routing, one database transaction). 1.0 would mean it costs nothing.
  Client, fake Slack and server share the same 2 cores, so the bare number is a box limit.
- webhook p99 with Slack at 2 s / with Slack at once: ~1.0 means the webhook is decoupled from
  Slack (the outbox is doing its job). Well above 1.0 means Slack's latency reaches Twilio.
  Below 1.0 means the delivery worker, busy when Slack answers at once, was slowing the webhook
  down (same processes, same database); a slow Slack throttles it.
"server CPU %" is the gunicorn workers' CPU (delivery threads included), 200 % = both cores.
Exits 1 only if the bench could not run: the server did not start or answered non-200.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: make `bot` and `tests.fakes` importable

from twilio.request_validator import RequestValidator  # noqa: E402

from tests.fakes.slack import FakeSlack  # noqa: E402

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SLACK_TOKEN, AUTH_TOKEN = "xoxb-bench-token", "bench_auth_token_0123456789abcdef"
ACCOUNT_SID, BUSINESS = "AC" + "0123456789abcdef" * 2, "whatsapp:+15550100001"
CLIENTS, SENDERS, ROUND_S, ROUNDS, WARMUP_S = 16, 300, 2.5, 3, 2.0
BARE, HOOK, FLOOR = "/bench/bare", "/twilio/whatsapp", "/bench/floor"
BODIES = ("Hi, what is the price of a campaign?", "I need help, the site is not working",
          "Please send the invoice", "مرحبا، أريد عرض سعر", "Thanks!")
TICK = os.sysconf("SC_CLK_TCK")
SEQ = itertools.count(1)  # next() is atomic under the GIL: MessageSids never repeat


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def form_for(client: int, n: int) -> dict[str, str]:
    """A Twilio WhatsApp text form; MessageSid is unique per (run, client, n)."""
    sid = f"SM{os.getpid():08x}{client:04x}{n:020x}"
    sender = f"+97150{1000000 + (client * 7919 + n) % SENDERS}"
    return {"SmsMessageSid": sid, "MessageSid": sid, "SmsSid": sid, "AccountSid": ACCOUNT_SID,
            "NumMedia": "0", "MessageType": "text", "SmsStatus": "received", "Body": BODIES[n % len(BODIES)],
            "To": BUSINESS, "From": f"whatsapp:{sender}", "WaId": sender[1:], "ProfileName": f"Bench {sender[-3:]}",
            "NumSegments": "1", "ApiVersion": "2010-04-01"}


class Server:
    """The bot under gunicorn, in its own process group (so one killpg reaps master and workers)."""

    def __init__(self, tmp: Path, slack_url: str, database_url: str, lanes: str | None = None,
                 pacing: bool = True) -> None:
        self.port = free_port()
        self.public_url = f"http://127.0.0.1:{self.port}"
        if lanes is None:
            shutil.copy(ROOT / "lanes.example.toml", tmp / "lanes.toml")
        else:
            (tmp / "lanes.toml").write_text(lanes)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TWILIO_", "GUNICORN"))}
        env.update(SLACK_BOT_TOKEN=SLACK_TOKEN, SLACK_SIGNING_SECRET="bench-signing-secret",
                   TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN=AUTH_TOKEN, TWILIO_WHATSAPP_FROM=BUSINESS,
                   PUBLIC_URL=self.public_url, DATABASE_URL=database_url, LANES_FILE=str(tmp / "lanes.toml"),
                   SLACK_API_URL=slack_url, TWILIO_API_URL="http://127.0.0.1:9", PORT=str(self.port),
                   PYTHONUNBUFFERED="1", SLACK_PACING="on" if pacing else "off")
        self.log_path = tmp / "gunicorn.log"
        self.log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{self.port}",
             "bench.webhook_app:create_bench_app()"],  # workers and threads as gunicorn.conf.py sets them
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"GET /healthz not 200 within {timeout:.0f} s")

    def wait_intake(self, timeout: float = 60.0) -> float:
        """Wait until no inbound message waits for intake (GET /healthz's intake_backlog), so each
        round starts on a quiet server (the floor's rounds must not pay for the webhook's intake);
        the seconds waited."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                if json.loads(conn.getresponse().read()).get("intake_backlog", 0) == 0:
                    break
            except (OSError, ValueError):
                pass
            time.sleep(0.2)
        return time.monotonic() - started

    def cpu_seconds(self) -> float:
        """user+system CPU of the master's children (the workers), from /proc."""
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.proc.pid:
                total += int(fields[11]) + int(fields[12])
        return total / TICK

    def stop(self) -> None:
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.proc.pid, sig)
                self.proc.wait(wait)
                break
            except ProcessLookupError:
                break
            except subprocess.TimeoutExpired:
                continue
        self.log.close()


def load(port: int, public_url: str, path: str, seconds: float) -> dict:
    """CLIENTS threads post signed forms to `path` for `seconds`; latencies in seconds."""
    validator = RequestValidator(AUTH_TOKEN)
    lat: list[list[float]] = [[] for _ in range(CLIENTS)]
    bad = [0] * CLIENTS
    start = threading.Barrier(CLIENTS + 1)

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        start.wait()
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            form = form_for(i, next(SEQ))
            headers = {"Content-Type": "application/x-www-form-urlencoded",
                       "X-Twilio-Signature": validator.compute_signature(public_url + path, form)}
            body = urlencode(form)
            t0 = time.perf_counter()
            try:
                conn.request("POST", path, body, headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
            lat[i].append(time.perf_counter() - t0)
            bad[i] += not ok
        conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join(seconds + 30)
    latencies = sorted(x for per in lat for x in per)
    return {"n": len(latencies), "secs": time.perf_counter() - t0, "lat": latencies, "bad": sum(bad)}


def pct(sorted_values: list[float], q: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, max(0, int(q * len(sorted_values) + 0.5) - 1))] * 1000


intake_waits: list[float] = []  # seconds each round waited for the webhook's intake backlog to drain


class BenchRun:
    """One bench's fake Slack and bot under gunicorn, torn down however the bench ends:

        with (run := BenchRun("wa-bench-", postgres=args.postgres, db_file="bench.db")):
            server = run.start(pacing=...)
            ...
            return 0
        return 1  # the bench could not run: said on stderr, with the end of the server's log
    """

    def __init__(self, prefix: str, *, postgres: bool, db_file: str) -> None:
        self.prefix, self.postgres, self.db_file = prefix, postgres, db_file
        self.server: Server | None = None

    def __enter__(self) -> "BenchRun":
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so __exit__ still runs
        self.tmp = Path(tempfile.mkdtemp(prefix=self.prefix))
        self.slack = FakeSlack(token=SLACK_TOKEN).start()
        return self

    def start(self, **server_kw: object) -> Server:
        if self.postgres:
            reset_postgres(POSTGRES_URL)
        url = POSTGRES_URL if self.postgres else f"sqlite:///{self.tmp / self.db_file}"
        self.server = Server(self.tmp, self.slack.url, url, **server_kw)  # type: ignore[arg-type]
        self.server.wait_ready()
        return self.server

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> bool:
        try:
            if isinstance(exc, RuntimeError):
                print(f"bench could not run: {exc}", file=sys.stderr)
                if self.server is not None and self.server.log_path.exists():
                    print(self.server.log_path.read_text(errors="replace")[-3000:], file=sys.stderr)
                return True
            return False
        finally:
            if self.server is not None:
                self.server.stop()
            self.slack.stop()
            shutil.rmtree(self.tmp, ignore_errors=True)


def measure(server: Server, label: str, rows: list[dict]) -> dict[str, dict]:
    """ROUNDS rounds per endpoint, order alternating (bare, hook, hook, bare, ...); each round
    starts once nothing waits for intake (durable ingest: the webhook's messages are taken in
    after its answer, by the delivery worker in the same processes)."""
    acc = {p: {"n": 0, "secs": 0.0, "lat": [], "bad": 0, "rates": [], "cpu": 0.0, "me": 0.0} for p in (BARE, FLOOR, HOOK)}
    for r in range(ROUNDS):
        for path in ((BARE, FLOOR, HOOK) if r % 2 == 0 else (HOOK, FLOOR, BARE)):
            intake_waits.append(server.wait_intake())
            cpu0, me0 = server.cpu_seconds(), time.process_time()
            res = load(server.port, server.public_url, path, ROUND_S)
            a = acc[path]
            a["cpu"] += server.cpu_seconds() - cpu0
            a["me"] += time.process_time() - me0
            a["n"] += res["n"]; a["secs"] += res["secs"]; a["bad"] += res["bad"]  # noqa: E702
            a["lat"] += res["lat"]
            a["rates"].append(res["n"] / res["secs"])
    for path, a in acc.items():
        a["lat"].sort()
        a.update(rps=a["n"] / a["secs"], p50=pct(a["lat"], 0.50), p99=pct(a["lat"], 0.99))
        rows.append({"phase": label, "path": path, **a})
    return acc


def reset_postgres(url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        others = conn.execute(sa.text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                      " AND pid <> pg_backend_pid()")).scalar()
        if others:
            engine.dispose()
            raise RuntimeError(f"{others} other session(s) use the test database; not dropping its schema")
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", action="store_true", help=f"use {POSTGRES_URL} (drops its public schema)")
    parser.add_argument("--no-pacing", action="store_true", help="SLACK_PACING=off (compare the delivery worker's cost)")
    args = parser.parse_args()
    with (run := BenchRun("wa-bench-", postgres=args.postgres, db_file="bench.db")):
        server, slack = run.start(pacing=not args.no_pacing), run.slack
        rows: list[dict] = []
        load(server.port, server.public_url, BARE, WARMUP_S)
        warm = load(server.port, server.public_url, HOOK, WARMUP_S)
        fast = measure(server, "Slack at once", rows)
        slack.set_delay(2.0)
        slow = measure(server, "Slack at 2 s", rows)
        slack.set_delay(0.0)

        db = "PostgreSQL" if args.postgres else "SQLite"
        print(f"bot under gunicorn (gunicorn.conf.py: 1 worker x 8 threads on SQLite, 2 x 8 on PostgreSQL; {db}), {CLIENTS} keep-alive clients, "
              f"{ROUNDS} x {ROUND_S:.1f} s rounds per endpoint and phase, {os.cpu_count()} CPUs\n")
        print(f"{'phase':<14} {'endpoint':<17} {'req/s':>7} {'(rounds)':<17} {'p50 ms':>7} {'p99 ms':>7} "
              f"{'non-200':>7} {'server CPU':>10} {'bench CPU':>9}")
        for row in rows:
            rounds = "/".join(f"{x:.0f}" for x in row["rates"])
            print(f"{row['phase']:<14} {row['path']:<17} {row['rps']:>7.0f} {'(' + rounds + ')':<17} "
                  f"{row['p50']:>7.1f} {row['p99']:>7.1f} {row['bad']:>7} {100 * row['cpu'] / row['secs']:>9.0f}%"
                  f" {100 * row['me'] / row['secs']:>8.0f}%")
        h, b, s, f = fast[HOOK], fast[BARE], slow[HOOK], fast[FLOOR]
        print(f"\nwebhook throughput / bare Flask throughput = {h['rps'] / b['rps']:.2f} "
              f"({h['rps']:.0f} vs {b['rps']:.0f} req/s, Slack at once)")
        print(f"webhook throughput / durability floor = {h['rps'] / f['rps']:.2f} (goal >= 0.5; "
              f"{h['rps']:.0f} vs {f['rps']:.0f} req/s: signature check + one message row inserted and committed)")
        print(f"webhook p99 with Slack at 2 s / with Slack at once = {s['p99'] / h['p99']:.2f} "
              f"({s['p99']:.1f} ms vs {h['p99']:.1f} ms)")
        print(f"intake (after the webhook's answer) took up to {max(intake_waits, default=0):.1f} s to drain a round's "
              f"messages before the next round started")
        print(f"server CPU per request: webhook {1000 * h['cpu'] / h['n']:.2f} ms, bare {1000 * b['cpu'] / b['n']:.2f} ms"
              " (Slack at once; includes the delivery threads)")

        bad = sum(row["bad"] for row in rows) + warm["bad"]
        accepted = warm["n"] - warm["bad"] + h["n"] - h["bad"] + s["n"] - s["bad"]
        deadline, texts = time.monotonic() + 30, 0
        while time.monotonic() < deadline:
            texts = sum(1 for c in slack.posts() if c.params.get("thread_ts"))
            if texts >= accepted:
                break
            time.sleep(0.5)
        cards = sum(1 for c in slack.posts() if not c.params.get("thread_ts"))
        waited = 30 - max(0.0, deadline - time.monotonic())
        state = "all delivered" if texts >= accepted else "delivery still catching up (not an error)"
        print(f"\nsanity: {bad} non-200 answers; webhook accepted {accepted} messages, the worker posted "
              f"{texts} of them to the fake Slack (+{cards} conversation cards) after {waited:.0f} s: {state}")
        if slack.errors:
            print(f"fake Slack crashed {len(slack.errors)} time(s):\n{slack.errors[0]}")
        return 1 if bad else 0
    return 1  # could not run: BenchRun said why


if __name__ == "__main__":
    sys.exit(main())
