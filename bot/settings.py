"""Settings: environment variables → one typed, frozen object.

`Settings.from_env(env)` reads only the mapping it is given; the entry point decides what
that mapping is (the process environment over `.env`). Every problem is reported at once,
each naming its variable.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.errors import ConfigError

REQUIRED = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "TWILIO_ACCOUNT_SID",
    "TWILIO_AUTH_TOKEN",
    "TWILIO_WHATSAPP_FROM",
)
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_TWILIO_API_URL = "https://api.twilio.com"
DEFAULT_TWILIO_CONTENT_URL = "https://content.twilio.com"  # Content API: approved templates

_E164_WHATSAPP = re.compile(r"^whatsapp:\+[1-9]\d{6,14}$")
_ACCOUNT_SID = re.compile(r"^AC[0-9a-fA-F]{32}$")


@dataclass(frozen=True)
class Settings:
    slack_bot_token: str
    slack_signing_secret: str
    twilio_account_sid: str
    twilio_auth_token: str
    twilio_whatsapp_from: str
    public_url: str | None = None
    database_url: str = "sqlite:///bot.db"
    lanes_file: str = "lanes.toml"
    kb_dir: str = "kb"  # knowledge-base articles (markdown) for suggestions and drafts
    replies_dir: str = "replies"  # saved replies (TOML), per lane and language
    slack_api_url: str = DEFAULT_SLACK_API_URL
    twilio_api_url: str = DEFAULT_TWILIO_API_URL
    twilio_content_url: str = DEFAULT_TWILIO_CONTENT_URL
    port: int = 3000
    metrics_token: str | None = None  # /metrics answers only with this bearer token
    slack_app_token: str | None = None  # xapp-…: Slack's Socket Mode instead of the public events URL
    slack_pacing: bool = True  # SLACK_PACING=off: no client-side pacing of Slack calls (tests)
    trusted_proxies: int = 0  # TRUSTED_PROXIES=N: honour X-Forwarded-* from N proxy hops; 0 trusts none
    dev: bool = False  # DEV=1: local development (PUBLIC_URL may be left out)
    # Every WhatsApp sender of ours (TWILIO_WHATSAPP_FROM may list several, comma-separated);
    # a conversation's replies leave from the number its customer wrote to (else its lane's, else the
    # first). Inbound messages to any other number are refused.
    senders: tuple[str, ...] = ()
    slack_team_id: str | None = None  # our Slack team (T…); else the team Slack delivers each request for

    @property
    def whatsapp_senders(self) -> tuple[str, ...]:
        """Every sender of ours, the first one first (never empty)."""
        return self.senders or (self.twilio_whatsapp_from,)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        """Build settings from `env`; raise ConfigError listing every problem."""
        problems = check_env(env)
        if problems:
            raise ConfigError(problems)
        get = lambda name, default: (env.get(name) or "").strip() or default  # noqa: E731
        slack_api_url = get("SLACK_API_URL", DEFAULT_SLACK_API_URL)
        return cls(
            slack_bot_token=env["SLACK_BOT_TOKEN"].strip(),
            slack_signing_secret=env["SLACK_SIGNING_SECRET"].strip(),
            twilio_account_sid=env["TWILIO_ACCOUNT_SID"].strip(),
            twilio_auth_token=env["TWILIO_AUTH_TOKEN"].strip(),
            twilio_whatsapp_from=parse_senders(env["TWILIO_WHATSAPP_FROM"])[0],
            senders=parse_senders(env["TWILIO_WHATSAPP_FROM"]),
            public_url=get("PUBLIC_URL", "").rstrip("/") or None,
            database_url=get("DATABASE_URL", "sqlite:///bot.db"),
            lanes_file=get("LANES_FILE", "lanes.toml"),
            kb_dir=get("KB_DIR", "kb"),
            replies_dir=get("REPLIES_DIR", "replies"),
            slack_api_url=slack_api_url if slack_api_url.endswith("/") else slack_api_url + "/",
            twilio_api_url=get("TWILIO_API_URL", DEFAULT_TWILIO_API_URL).rstrip("/"),
            twilio_content_url=get("TWILIO_CONTENT_URL", DEFAULT_TWILIO_CONTENT_URL).rstrip("/"),
            port=int(get("PORT", "3000")),
            metrics_token=get("METRICS_TOKEN", "") or None,
            slack_app_token=get("SLACK_APP_TOKEN", "") or None,
            slack_pacing=get("SLACK_PACING", "on").lower() not in ("off", "0", "false", "no"),
            slack_team_id=get("SLACK_TEAM_ID", "") or None,
            trusted_proxies=int(get("TRUSTED_PROXIES", "0")),
            dev=get("DEV", "0").lower() in ("1", "true", "yes"),
        )


def check_env(env: Mapping[str, str]) -> list[str]:
    """Every problem with `env`, one line each, naming the variable."""
    problems: list[str] = []
    value = lambda name: (env.get(name) or "").strip()  # noqa: E731
    for name in REQUIRED:
        if not value(name):
            problems.append(f"{name}: required but not set")
    if value("SLACK_BOT_TOKEN") and not value("SLACK_BOT_TOKEN").startswith("xoxb-"):
        problems.append("SLACK_BOT_TOKEN: must be a bot token starting with xoxb-")
    if value("TWILIO_ACCOUNT_SID") and not _ACCOUNT_SID.match(value("TWILIO_ACCOUNT_SID")):
        problems.append("TWILIO_ACCOUNT_SID: must be AC followed by 32 hex characters")
    if value("TWILIO_WHATSAPP_FROM") and not all(_E164_WHATSAPP.match(sender)
                                                 for sender in parse_senders(value("TWILIO_WHATSAPP_FROM"))):
        problems.append("TWILIO_WHATSAPP_FROM: must look like whatsapp:+14155238886 (several: comma-separated)")
    for name in ("PUBLIC_URL", "SLACK_API_URL", "TWILIO_API_URL", "TWILIO_CONTENT_URL"):
        if value(name) and not _is_http_url(value(name)):
            problems.append(f"{name}: must be an http(s) URL, got {value(name)!r}")
    if value("PUBLIC_URL") and (urlsplit(value("PUBLIC_URL")).query or urlsplit(value("PUBLIC_URL")).fragment):
        problems.append("PUBLIC_URL: must be a base URL without query or fragment")
    if value("DATABASE_URL") and not re.match(r"^(sqlite|postgresql)(\+\w+)?://", value("DATABASE_URL")):
        problems.append("DATABASE_URL: must be a sqlite:// or postgresql+psycopg:// URL")
    if value("SLACK_APP_TOKEN") and not value("SLACK_APP_TOKEN").startswith("xapp-"):
        problems.append("SLACK_APP_TOKEN: must be an app-level token starting with xapp- (Basic Information → "
                        "App-Level Tokens, scope connections:write)")
    if value("PORT") and not (value("PORT").isdigit() and 0 < int(value("PORT")) < 65536):
        problems.append(f"PORT: must be a port number, got {value('PORT')!r}")
    if value("TRUSTED_PROXIES") and not (value("TRUSTED_PROXIES").isdigit() and int(value("TRUSTED_PROXIES")) < 10):
        problems.append(f"TRUSTED_PROXIES: must be the number of proxy hops in front of the bot (0-9), "
                        f"got {value('TRUSTED_PROXIES')!r}")
    return problems


LOOPBACK = ("127.0.0.1", "localhost", "::1")


def deployment_problems(settings: Settings, *, host: str | None = None) -> list[str]:
    """What a server reachable by others must have. Local development is `DEV=1`, or
    `serve` bound to a loopback address; anything else needs PUBLIC_URL, since webhook
    signatures are checked against it (request headers are not to be trusted)."""
    local = settings.dev or (host is not None and host in LOOPBACK)
    if settings.public_url or local:
        return []
    return ["PUBLIC_URL: required outside local development (set it to the https URL Twilio and Slack call; "
            "DEV=1 or `serve --host 127.0.0.1` for local development)"]


def parse_senders(value: str) -> tuple[str, ...]:
    """TWILIO_WHATSAPP_FROM's senders, in order (a comma-separated list)."""
    return tuple(sender.strip() for sender in value.split(",") if sender.strip()) or ("",)


def _is_http_url(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc)
