"""The bot's WSGI app for the webhook bench, plus one bare route as the baseline.

    gunicorn -c gunicorn.conf.py 'bench.webhook_app:create_bench_app()'

`POST /bench/bare` answers 200 with an empty body and does nothing else (it does not
even parse the form): what the same gunicorn workers, Flask and ProxyFix cost by
themselves, so the webhook's own work is the difference.
"""

from __future__ import annotations

from flask import Flask, Response

from bot.app import create_app
from bot.runtime import deps_from_environment


def create_bench_app() -> Flask:
    app = create_app(deps_from_environment())

    @app.post("/bench/bare")
    def bench_bare() -> Response:
        return Response(b"", status=200)

    return app
