"""Prometheus metrics (prometheus-client), served at /metrics only when METRICS_TOKEN is set.

Counters and histograms are kept per process (with several gunicorn workers each scrape
sees one of them; sum them in Prometheus). The outbox gauges are read from the database at
scrape time, so they are the same whichever process answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timezone

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

REGISTRY = CollectorRegistry(auto_describe=True)

INBOUND = Counter("wa_inbound_messages", "WhatsApp messages accepted, by lane", ["lane"], registry=REGISTRY)
DELIVERED = Counter("wa_delivery_jobs", "Outbox jobs run, by kind and result (done | retry)", ["kind", "result"],
                    registry=REGISTRY)
RETRIES = Counter("wa_delivery_retries", "Outbox jobs rescheduled after a failure, by kind", ["kind"],
                  registry=REGISTRY)
LATENCY = Histogram("wa_delivery_latency_seconds", "From queued to delivered, by job kind", ["kind"],
                    buckets=(0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600), registry=REGISTRY)
TIMER_FIRES = Counter("wa_timer_fires", "Timer steps applied, by action and lane", ["action", "lane"],
                      registry=REGISTRY)
SLA_BREACHES = Counter("wa_sla_breaches", "claim_within / reply_within passed (re-ping, remind, reassign, escalate)",
                       ["lane", "action"], registry=REGISTRY)

BREACH_ACTIONS = frozenset({"reping", "remind", "reassign", "escalate"})
DEAD_STATES = frozenset({"dead", "dead_letter", "failed"})


def inbound(lane: str | None) -> None:
    INBOUND.labels(lane or "unknown").inc()


def job_finished(kind: str, *, ok: bool, queued_at: datetime | None, now: datetime) -> None:
    DELIVERED.labels(kind, "done" if ok else "retry").inc()
    if not ok:
        RETRIES.labels(kind).inc()
    elif queued_at is not None:
        queued = queued_at if queued_at.tzinfo else queued_at.replace(tzinfo=timezone.utc)
        LATENCY.labels(kind).observe(max((now - queued).total_seconds(), 0.0))


def timer_fired(action: str, lane: str) -> None:
    TIMER_FIRES.labels(action, lane).inc()
    if action in BREACH_ACTIONS:
        SLA_BREACHES.labels(lane, action).inc()


class OutboxCollector(Collector):
    """Backlog, age of the oldest pending job and dead letters, read when scraped."""

    def __init__(self, read: Callable[[], tuple[dict[str, int], datetime | None]],
                 now: Callable[[], datetime]) -> None:
        self._read, self._now = read, now

    def collect(self) -> Iterator[GaugeMetricFamily]:
        by_state, oldest = self._read()
        jobs = GaugeMetricFamily("wa_outbox_jobs", "Outbox jobs by state", labels=["state"])
        for state, count in sorted(by_state.items()):
            jobs.add_metric([state], count)
        yield jobs
        yield GaugeMetricFamily("wa_outbox_backlog", "Pending outbox jobs", value=by_state.get("pending", 0))
        age = 0.0
        if oldest is not None:
            oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=timezone.utc)
            age = max((self._now() - oldest).total_seconds(), 0.0)
        yield GaugeMetricFamily("wa_outbox_oldest_pending_age_seconds", "Age of the oldest pending job", value=age)
        dead = sum(count for state, count in by_state.items() if state in DEAD_STATES)
        yield GaugeMetricFamily("wa_outbox_dead_letters", "Jobs given up on (dead letters)", value=dead)


def exposition(outbox: OutboxCollector) -> bytes:
    """The text format: this process's counters, then the outbox gauges."""
    scrape = CollectorRegistry(auto_describe=False)
    scrape.register(outbox)
    return generate_latest(REGISTRY) + generate_latest(scrape)
