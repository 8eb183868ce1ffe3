"""The message metadata every bot post carries, so a post can be found again after an
uncertain attempt (Slack's chat.postMessage has no idempotency key)."""

from __future__ import annotations

from typing import Any

EVENT_TYPE = "wa_bridge_post"


def post_metadata(*, conversation_id: int | None, job_id: int | None, part: int = 0) -> dict[str, Any]:
    """`metadata` for chat.postMessage: which conversation and outbox job (and part) posted it."""
    payload: dict[str, Any] = {"job": job_id or 0, "part": part}
    if conversation_id is not None:
        payload["conversation"] = conversation_id
    return {"event_type": EVENT_TYPE, "event_payload": payload}


def read_post(message: dict[str, Any]) -> tuple[int, int, int | None] | None:
    """(job id, part, conversation id) from a message's metadata, if it is one of ours."""
    metadata = message.get("metadata")
    if not isinstance(metadata, dict) or metadata.get("event_type") != EVENT_TYPE:
        return None
    payload = metadata.get("event_payload")
    if not isinstance(payload, dict):
        return None
    job, part, conversation = payload.get("job"), payload.get("part", 0), payload.get("conversation")
    if not isinstance(job, int) or not isinstance(part, int):
        return None
    return job, part, conversation if isinstance(conversation, int) else None
