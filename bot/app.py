"""The application factory. It assembles; it starts nothing (no scheduler, no thread, no socket)."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from bot.deps import Deps, build_deps
from bot.handlers import health, media, slack_app, twilio_webhook
from bot.settings import Settings

EXTENSION = "wa_bridge"


def create_app(settings: Settings | None = None, *, deps: Deps | None = None) -> Flask:
    """Build the Flask app from `deps`, or from `settings` (and the lanes file they name).

    With neither, settings come from the process environment and `.env`: that is the
    `gunicorn 'bot.app:create_app()'` entry point.
    """
    if deps is None:
        from bot import runtime

        settings = settings or runtime.settings_from_environment()
        deps = build_deps(settings, runtime.load_lanes_or_fail(settings))
    app = Flask("bot")
    # Behind a TLS-terminating proxy, rebuild the URL Twilio signed from X-Forwarded-*.
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_port=1)  # type: ignore[method-assign]
    app.extensions[EXTENSION] = deps
    app.register_blueprint(twilio_webhook.blueprint(deps))
    app.register_blueprint(slack_app.blueprint(slack_app.build_bolt_app(deps), deps.settings.slack_signing_secret))
    app.register_blueprint(health.blueprint(deps))
    app.register_blueprint(media.blueprint(deps))
    return app


def deps_of(app: Flask) -> Deps:
    deps: Deps = app.extensions[EXTENSION]
    return deps
