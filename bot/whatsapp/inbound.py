"""What Twilio's inbound WhatsApp webhook carries, parsed into plain values (no I/O)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import unicodedata

import phonenumbers

from bot.errors import BadInbound

PREFIX = "whatsapp:"
MAX_MEDIA = 10  # Twilio's own limit per message; WhatsApp sends at most one
_REFERRAL_FIELDS = ("SourceId", "SourceType", "SourceUrl", "Headline", "Body", "CtwaClid", "MediaContentType")


_KEEP_FORMAT = frozenset("\u200c\u200d")  # ZWNJ (Persian, Urdu names) and ZWJ (emoji sequences)
NAME_LIMIT = 100


def clean_name(name: str) -> str:
    """A WhatsApp profile name made safe to show: control and bidi-override characters
    (U+202E …) and line breaks removed, runs of spaces made one, at most NAME_LIMIT characters."""
    kept = []
    for ch in name:
        category = unicodedata.category(ch)
        if category in ("Zl", "Zp") or ch in "\n\r\t\v\f\x85":
            kept.append(" ")
        elif category in ("Cc", "Cs", "Co", "Cn") or (category == "Cf" and ch not in _KEEP_FORMAT):
            continue
        else:
            kept.append(ch)
    return " ".join("".join(kept).split())[:NAME_LIMIT]


@dataclass(frozen=True)
class Media:
    url: str
    content_type: str


@dataclass(frozen=True)
class Sender:
    wa_id: str  # "+9715…" when WhatsApp gave a phone number, else its own id as given
    phone_e164: str | None
    country: str | None


@dataclass(frozen=True)
class InboundMessage:
    message_sid: str
    sender: Sender
    profile_name: str | None
    body: str
    media: tuple[Media, ...] = ()
    referral: dict[str, str] = field(default_factory=dict)
    button_payload: str | None = None
    to: str | None = None


def parse_inbound(form: Mapping[str, str]) -> InboundMessage:
    """Turn Twilio's form into an InboundMessage, or raise BadInbound saying why not."""
    form = {key: value.replace("\x00", "") for key, value in form.items()}  # NUL has no meaning; PostgreSQL refuses it
    sender = form.get("From", "")
    if not sender:
        raise BadInbound("missing From")
    if not sender.startswith(PREFIX) or len(sender) == len(PREFIX):
        raise BadInbound("From is not a WhatsApp address (expected whatsapp:…)")
    sid = form.get("MessageSid") or form.get("SmsMessageSid") or ""
    if not sid:
        raise BadInbound("missing MessageSid")
    if len(sid) > 64:
        raise BadInbound("MessageSid is too long")
    body = form.get("Body", "") or _location_text(form)
    media = _media(form)
    button = form.get("ButtonPayload") or None
    tapped = (form.get("ButtonText") or "").strip()
    if tapped or button:  # a quick-reply button: say what they tapped
        body = tapped_text(tapped or body.strip() or button or "")
    if not body.strip() and not media and not button:
        raise BadInbound("message has no body and no media")
    return InboundMessage(
        message_sid=sid,
        sender=to_sender(sender[len(PREFIX):], wa_id_hint=form.get("WaId")),
        profile_name=clean_name(form.get("ProfileName") or "") or None,
        body=body,
        media=media,
        referral={name: form[f"Referral{name}"] for name in _REFERRAL_FIELDS if form.get(f"Referral{name}")},
        button_payload=button,
        to=form.get("To") or None,
    )


def to_sender(address: str, *, wa_id_hint: str | None = None) -> Sender:
    """Normalise the address after `whatsapp:`. Numbers become E.164; anything else
    (WhatsApp usernames, business-scoped ids) is kept as given."""
    address = address.strip()
    candidate = address if address.startswith("+") else f"+{wa_id_hint or address}"
    try:
        number = phonenumbers.parse(candidate, None)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_possible_number(number):
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        return Sender(wa_id=e164, phone_e164=e164, country=phonenumbers.region_code_for_number(number))
    return Sender(wa_id=address[:64], phone_e164=None, country=None)


TAPPED = "🔘 Tapped: "


def tapped_text(label: str) -> str:
    """How a customer's quick-reply tap reads in the thread (and in search)."""
    return f"{TAPPED}“{label}”"


def _location_text(form: Mapping[str, str]) -> str:
    """A shared location has no Body: describe it, with a map link."""
    lat, lng = form.get("Latitude", "").strip(), form.get("Longitude", "").strip()
    try:
        float(lat), float(lng)
    except ValueError:
        return ""
    place = ", ".join(part for part in (form.get("Label", "").strip(), form.get("Address", "").strip()) if part)
    link = f"https://maps.google.com/?q={lat},{lng}"
    return f"📍 {place}\n{link}" if place else f"📍 {link}"


def _media(form: Mapping[str, str]) -> tuple[Media, ...]:
    try:
        count = int(form.get("NumMedia", "0") or 0)
    except ValueError:
        raise BadInbound("NumMedia is not a number") from None
    if count < 0 or count > MAX_MEDIA:
        raise BadInbound(f"NumMedia must be between 0 and {MAX_MEDIA}")
    items = []
    for index in range(count):
        url = form.get(f"MediaUrl{index}", "")
        if not url.startswith(("https://", "http://")):
            raise BadInbound(f"MediaUrl{index} is missing or not a URL")
        items.append(Media(url=url, content_type=form.get(f"MediaContentType{index}") or "application/octet-stream"))
    return tuple(items)
