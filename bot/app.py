"""The application factory. It assembles; it starts nothing (no scheduler, no thread, no socket)."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from bot.deps import Deps
from bot.handlers import health, limits, media, metrics, slack_app, twilio_webhook

EXTENSION = "wa_bridge"
BOLT = "wa_bridge.bolt"


def create_app(deps: Deps) -> Flask:
    """The Flask app over `deps` (built by the entry point: `python -m bot serve` or `bot.wsgi`)."""
    app = Flask("bot")
    # X-Forwarded-* are honoured only from the configured number of proxies (TRUSTED_PROXIES=N);
    # without it a forwarded host is ignored: the signed URL is PUBLIC_URL's or the request's own.
    hops = deps.settings.trusted_proxies
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops,  # type: ignore[method-assign]
                                x_port=hops)
    app.extensions[EXTENSION] = deps
    limits.install(app)
    app.register_blueprint(twilio_webhook.blueprint(deps))
    bolt = slack_app.build_bolt_app(deps)
    app.extensions[BOLT] = bolt  # Socket Mode (SLACK_APP_TOKEN) serves the same listeners
    app.register_blueprint(slack_app.blueprint(bolt, deps.settings.slack_signing_secret))
    app.register_blueprint(health.blueprint(deps))
    app.register_blueprint(media.blueprint(deps))
    app.register_blueprint(metrics.blueprint(deps))
    return app


def deps_of(app: Flask) -> Deps:
    deps: Deps = app.extensions[EXTENSION]
    return deps
