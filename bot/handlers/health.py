"""GET /healthz for load balancers: 200 when the database answers, else 503."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from bot.deps import Deps


def blueprint(deps: Deps) -> Blueprint:
    bp = Blueprint("health", __name__)

    @bp.get("/healthz")
    def healthz() -> ResponseReturnValue:
        if deps.db.ping():
            return jsonify(ok=True)
        return jsonify(ok=False, error="database unavailable"), 503

    return bp
