"""Process start-up: the only place that reads the environment and `.env`, applies
migrations and starts background work (the delivery worker)."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

from dotenv import dotenv_values

from bot.delivery.worker import DeliveryWorker
from bot.deps import Deps, build_deps
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
    return load_lanes(settings.lanes_file, senders=settings.whatsapp_senders)


def deps_from_environment() -> Deps:
    """Settings from the environment and `.env`, the lanes file they name, and the clients."""
    settings = settings_from_environment()
    return build_deps(settings, load_lanes_or_fail(settings))


def start_background(deps: Deps) -> DeliveryWorker:
    """Start this process's delivery worker (woken through `deps.wake`) and timers beside it."""
    from bot.timers.scheduler import start_scheduler

    worker = DeliveryWorker(deps)
    worker.start()
    scheduler = start_scheduler(deps)
    worker.on_stop(lambda: scheduler.shutdown(wait=False))
    return worker


def configure_logging(level: str | None = None) -> None:
    """LOG_LEVEL (INFO) and LOG_FORMAT (plain | json), from the environment or `.env`."""
    from bot.logs import configure

    from bot import logmask

    env = environment()
    configure(level or env.get("LOG_LEVEL") or "INFO", env.get("LOG_FORMAT") or "plain")
    logmask.install()  # phone numbers masked in every log line

def start_socket_mode(app: object, settings: Settings) -> object | None:
    """With SLACK_APP_TOKEN, take Slack's events, clicks and commands over Socket Mode (no public
    URL needed for Slack; Twilio still needs one) with the same Bolt listeners. None without it."""
    handler = socket_mode_handler(app, settings)
    if handler is not None:
        handler.connect()  # type: ignore[attr-defined]
        log.info("Slack Socket Mode connected (SLACK_APP_TOKEN): Slack needs no public URL")
    return handler


def socket_mode_handler(app: object, settings: Settings) -> object | None:
    if not settings.slack_app_token:
        return None
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from bot.app import BOLT

    bolt = app.extensions[BOLT]  # type: ignore[attr-defined]
    return SocketModeHandler(bolt, settings.slack_app_token)
