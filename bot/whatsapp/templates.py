"""Approved WhatsApp templates (Twilio Content API), as the bot uses them: pure.

A template comes from ``GET /v1/ContentAndApprovals``: its sid (``HX…``), friendly name,
language, the body text with ``{{1}}``, ``{{2}}`` … placeholders, the sample value of each
variable, and WhatsApp's approval status. Only ``approved`` templates may be offered or
sent. A send passes ``ContentSid`` and ``ContentVariables``: a JSON object of strings keyed
"1", "2", … (`content_variables`).

Pre-filling: a variable whose sample names the rep ("rep", "agent", "staff") gets the rep's
name, one naming a date or time gets the follow-up date, one naming a (first) name gets the
customer's first name. Anything else starts empty.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

APPROVED = "approved"
_PLACEHOLDER = re.compile(r"\{\{\s*([0-9]{1,2})\s*\}\}")
_SID = re.compile(r"HX[0-9a-fA-F]{32}")


@dataclass(frozen=True)
class Template:
    sid: str
    name: str
    language: str  # "en", "ar", "en_US" as Twilio gives it
    body: str
    variables: tuple[tuple[str, str], ...]  # ("1", sample), in key order
    status: str  # WhatsApp approval: approved, pending, rejected, unsubmitted, paused, …

    @property
    def approved(self) -> bool:
        return self.status == APPROVED

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.variables)


def is_content_sid(value: str) -> bool:
    return bool(_SID.fullmatch(value or ""))


def from_api(item: Mapping[str, Any]) -> Template | None:
    """One ``contents`` entry of ContentAndApprovals, or None when it has no sid."""
    sid = str(item.get("sid") or "")
    if not is_content_sid(sid):
        return None
    types = item.get("types") if isinstance(item.get("types"), dict) else {}
    body = ""
    for kind in ("twilio/text", "twilio/quick-reply", "twilio/call-to-action", "twilio/media", "twilio/card"):
        part = types.get(kind) if isinstance(types, dict) else None
        if isinstance(part, dict) and isinstance(part.get("body") or part.get("title"), str):
            body = str(part.get("body") or part.get("title"))
            break
    raw_vars = item.get("variables") if isinstance(item.get("variables"), dict) else {}
    keys = set(str(k) for k in (raw_vars or {})) | set(_PLACEHOLDER.findall(body))
    variables = tuple((key, str((raw_vars or {}).get(key, ""))) for key in sorted(keys, key=_order))
    return Template(sid=sid, name=str(item.get("friendly_name") or sid), language=str(item.get("language") or ""),
                    body=body, variables=variables, status=_status(item.get("approval_requests")))


def _status(approvals: Any) -> str:
    """WhatsApp's approval status: ContentAndApprovals gives one object (with ``status``);
    some accounts see a list of approvals, or one keyed by channel."""
    if isinstance(approvals, dict):
        if isinstance(approvals.get("whatsapp"), dict):
            approvals = approvals["whatsapp"]
        return str(approvals.get("status") or "unsubmitted").lower()
    if isinstance(approvals, list):
        for entry in approvals:
            if isinstance(entry, dict):
                return str(entry.get("status") or "unsubmitted").lower()
    return "unsubmitted"


def _order(key: str) -> tuple[int, str]:
    return (int(key), key) if key.isdigit() else (10**6, key)


def same_language(template_language: str, language: str | None) -> bool:
    """"en_US" is English; a customer whose language is unknown is offered English."""
    wanted = (language or "en").split("-")[0].split("_")[0].lower()
    return template_language.split("-")[0].split("_")[0].lower() == wanted


def offered(templates: Iterable[Template], language: str | None) -> list[Template]:
    """The templates a rep may choose for a customer: approved, in the customer's language."""
    return [t for t in templates if t.approved and same_language(t.language, language)]


def guess_role(sample: str) -> str | None:
    """What a variable's sample value says it is: "rep", "date", "first_name" or None."""
    text = sample.casefold()
    if any(word in text for word in ("rep", "agent", "staff", "advisor", "sender")):
        return "rep"
    if any(word in text for word in ("date", "day", "time", "when")):
        return "date"
    if "name" in text or "first" in text or "customer" in text:
        return "first_name"
    return None


def prefill(template: Template, known: Mapping[str, str]) -> dict[str, str]:
    """Each variable's starting value from what the bot knows (keys of `known`: first_name,
    rep, date)."""
    return {key: known.get(guess_role(sample) or "", "") for key, sample in template.variables}


def render(template: Template, values: Mapping[str, str]) -> str:
    """The body as the customer will read it; a variable without a value shows as {{n}}."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1)) or m.group(0), template.body)


def missing(template: Template, values: Mapping[str, str]) -> list[str]:
    return [key for key in template.keys if not (values.get(key) or "").strip()]


def content_variables(values: Mapping[str, str]) -> str:
    """``ContentVariables``: a JSON object of strings keyed "1", "2", …"""
    return json.dumps({str(k): str(v) for k, v in sorted(values.items(), key=lambda kv: _order(kv[0]))},
                      ensure_ascii=False)


def first_name(profile_name: str | None) -> str:
    return (profile_name or "").strip().split(" ")[0] if profile_name else ""
