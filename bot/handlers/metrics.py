"""GET /metrics for Prometheus: 404 unless METRICS_TOKEN is set, then only with
``Authorization: Bearer <METRICS_TOKEN>``."""

from __future__ import annotations

import hmac
from datetime import datetime

from flask import Blueprint, Response, request

from bot.deps import Deps
from bot.metrics import OutboxCollector, exposition
from bot.store import Session, repo

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def blueprint(deps: Deps) -> Blueprint:
    bp = Blueprint("metrics", __name__)

    def read(session: Session) -> tuple[dict[str, int], datetime | None]:
        return repo.outbox_by_state(session=session), repo.oldest_pending(session=session)

    collector = OutboxCollector(lambda: deps.db.read(read), deps.clock.now)

    @bp.get("/metrics")
    def metrics() -> Response:
        token = deps.settings.metrics_token
        if not token:
            return Response("not found\n", status=404, mimetype="text/plain")
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            return Response("unauthorized\n", status=401, mimetype="text/plain",
                            headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
        return Response(exposition(collector), mimetype=CONTENT_TYPE)

    return bp
