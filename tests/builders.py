"""Builders for requests that go through the real signature checks."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

from tests.conftest import BUSINESS_NUMBER, PUBLIC_URL
from tests.fakes.fixtures import SLACK_SIGNING_SECRET, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN

_sids = itertools.count(1)


def twilio_signature(url: str, form: dict[str, str], token: str = TWILIO_AUTH_TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, form)


def signed_twilio_post(client: Any, path: str, form: dict[str, str], *, public_url: str = PUBLIC_URL,
                       headers: dict[str, str] | None = None, intake: bool = True) -> Any:
    """POST a signed Twilio form. An inbound message is then taken in (`ingest.drain_all`, what the
    delivery worker does when the webhook wakes it), unless `intake=False`: the webhook's row only."""
    signature = twilio_signature(public_url + path, form)
    response = client.post(path, data=form, headers={"X-Twilio-Signature": signature, **(headers or {})})
    if intake and path in INBOUND_PATHS and response.status_code == 200:
        drain_intake(client.application)
    return response


INBOUND_PATHS = ("/twilio/whatsapp", "/twilio/inbound")


def drain_intake(app: Any) -> int:
    """Take in every inbound message the webhook stored (the tests' drain point besides `run_due`)."""
    from bot.app import deps_of
    from bot.conversations.ingest import drain_all

    deps = deps_of(app)
    return drain_all(db=deps.db, lanes=deps.lanes, clock=deps.clock)


def inbound_form(body: str = "Hello", *, sender: str = "+971501234567", name: str | None = "Ana Souza",
                 sid: str | None = None, **extra: str) -> dict[str, str]:
    """A WhatsApp text message as Twilio posts it."""
    sid = sid or f"SM{next(_sids):032x}"
    form = {
        "SmsMessageSid": sid, "MessageSid": sid, "SmsSid": sid, "AccountSid": TWILIO_ACCOUNT_SID,
        "NumMedia": "0", "MessageType": "text", "SmsStatus": "received", "Body": body,
        "To": BUSINESS_NUMBER, "From": f"whatsapp:{sender}", "WaId": sender.lstrip("+"),
        "NumSegments": "1", "ReferralNumMedia": "0", "ApiVersion": "2010-04-01",
    }
    if name is not None:
        form["ProfileName"] = name
    form.update(extra)
    return form


def slack_headers(body: str, *, timestamp: int | None = None, secret: str = SLACK_SIGNING_SECRET) -> dict[str, str]:
    timestamp = int(time.time()) if timestamp is None else timestamp
    base = f"v0:{timestamp}:{body}".encode()
    signature = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": signature}


def signed_slack_json(client: Any, payload: dict[str, Any], **kw: Any) -> Any:
    body = json.dumps(payload)
    return client.post("/slack/events", data=body, content_type="application/json", headers=slack_headers(body, **kw))


def signed_slack_form(client: Any, form: dict[str, str], **kw: Any) -> Any:
    body = urlencode(form)
    return client.post("/slack/events", data=body, content_type="application/x-www-form-urlencoded",
                       headers=slack_headers(body, **kw))


def as_processes(settings: Any, deps: Any, work: Any, *, count: int = 4) -> list[Any]:
    """Run `work(deps)` in `count` threads at once, each with its own engine and clients as a
    separate process would have; the results, in no particular order."""
    import threading

    from bot.deps import build_deps

    processes = [build_deps(settings, deps.lanes, clock=deps.clock) for _ in range(count)]
    barrier, results = threading.Barrier(count), []

    def run(process: Any) -> None:
        barrier.wait()
        results.append(work(process))

    threads = [threading.Thread(target=run, args=(process,)) for process in processes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for process in processes:
        process.db.dispose()
        process.http.close()
    return results
