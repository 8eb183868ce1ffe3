"""Process start-up: the only place that reads the environment and `.env`, applies
migrations and starts background work (the delivery worker)."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

from dotenv import dotenv_values
from flask import Flask

from bot.delivery.worker import DeliveryWorker
from bot.lanes import LanesConfig, load_lanes
from bot.settings import Settings

log = logging.getLogger(__name__)


def environment(dotenv_path: str = ".env") -> dict[str, str]:
    """The process environment over `.env` (the environment wins)."""
    values = {key: value for key, value in dotenv_values(dotenv_path).items() if value is not None}
    values.update(os.environ)
    return values


def settings_from_environment(env: Mapping[str, str] | None = None) -> Settings:
    return Settings.from_env(environment() if env is None else env)


def load_lanes_or_fail(settings: Settings) -> LanesConfig:
    return load_lanes(settings.lanes_file)


def start_background(app: Flask) -> DeliveryWorker:
    """Start this process's delivery worker and let the webhooks wake it."""
    from bot.app import deps_of

    from bot.timers.scheduler import start_scheduler

    deps = deps_of(app)
    worker = DeliveryWorker(deps)
    deps.wake = worker.wake
    worker.start()
    scheduler = start_scheduler(deps)
    worker.on_stop(lambda: scheduler.shutdown(wait=False))
    return worker


def configure_logging(level: str | None = None) -> None:
    logging.basicConfig(
        level=(level or os.environ.get("LOG_LEVEL") or "INFO").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # The timer sweep runs every second; APScheduler would log two INFO lines per run.
    logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)

