"""GET /healthz: 200 while the database answers (the instance can take webhooks), with what
delivery looks like; `?strict=1` answers 503 when delivery is degraded, for monitors."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from bot.conversations.health import delivery_health
from bot.deps import Deps
from bot.errors import StoreUnavailable


def blueprint(deps: Deps) -> Blueprint:
    bp = Blueprint("health", __name__)

    @bp.get("/healthz")
    def healthz() -> ResponseReturnValue:
        if not deps.db.ping():
            return jsonify(ok=False, error="database unavailable"), 503
        try:
            report = deps.db.read(lambda session: delivery_health(session=session, now=deps.clock.now()))
        except StoreUnavailable:
            return jsonify(ok=False, error="database unavailable"), 503
        strict = request.args.get("strict", "") not in ("", "0", "false")
        return jsonify(ok=True, **report), 503 if strict and report["degraded"] else 200

    return bp
