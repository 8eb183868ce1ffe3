"""GET /media/<token>: files reps share in Slack, served to Twilio through signed, expiring URLs."""

from __future__ import annotations

from flask import Blueprint

from bot.deps import Deps


def blueprint(deps: Deps) -> Blueprint:
    bp = Blueprint("media", __name__)
    return bp
