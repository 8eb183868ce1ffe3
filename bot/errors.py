"""One root error for the bot; the edges decide what a user sees."""

from __future__ import annotations


class BotError(Exception):
    """Root of every error the bot raises on purpose."""


class ConfigError(BotError):
    """Settings or the lanes file are wrong. `problems` lists every one, each naming its key."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


class BadInbound(BotError):
    """A webhook form that is not a WhatsApp message; the text is the reason shown in the 400."""


class StoreUnavailable(BotError):
    """The database did not answer or refused (down, locked past the wait, out of connections).
    The one database error the edges map to 503 (webhooks) or a polite retry line (Slack)."""
