"""Requests as Slack and Twilio send them, signed with the sandbox's secrets, sent over HTTP to the app."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import urlencode

import requests
from twilio.request_validator import RequestValidator


def slack_headers(body: str, secret: str, *, timestamp: int | None = None) -> dict[str, str]:
    """Slack's v0 signature over ``v0:<timestamp>:<body>``."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    base = f"v0:{timestamp}:{body}".encode()
    signature = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": signature}


def post_slack_json(http: requests.Session, url: str, secret: str, payload: dict[str, Any]) -> requests.Response:
    body = json.dumps(payload)
    headers = {"Content-Type": "application/json", **slack_headers(body, secret)}
    return http.post(url, data=body.encode(), headers=headers, timeout=10)


def post_slack_form(http: requests.Session, url: str, secret: str, form: dict[str, str]) -> requests.Response:
    body = urlencode(form)
    headers = {"Content-Type": "application/x-www-form-urlencoded", **slack_headers(body, secret)}
    return http.post(url, data=body.encode(), headers=headers, timeout=10)


def post_twilio_form(http: requests.Session, url: str, auth_token: str, form: dict[str, str]) -> requests.Response:
    """POST `form` to `url` with ``X-Twilio-Signature`` over that URL, as Twilio does."""
    signature = RequestValidator(auth_token).compute_signature(url, form)
    return http.post(url, data=form, headers={"X-Twilio-Signature": signature}, timeout=10)
