"""POST /twilio/status: Twilio's message status callbacks (signature checked by the blueprint)."""

from __future__ import annotations

from flask import Blueprint, Response

from bot.deps import Deps


def register(bp: Blueprint, deps: Deps) -> None:
    @bp.post("/status")
    def handle_status() -> Response:
        return Response("", status=200)
