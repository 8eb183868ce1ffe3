"""Logging set-up: plain lines (no colour codes unless on a terminal) or, with
LOG_FORMAT=json, one JSON object per line for log shippers; and masked phone numbers."""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime, timezone
from typing import Any

from bot.logmask import mask_numbers

PLAIN_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_RESERVED = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message"}`` plus any `extra` fields and the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({key: value for key, value in vars(record).items() if key not in _RESERVED})
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure(level: str = "INFO", log_format: str = "plain", stream: Any = None) -> None:
    """Replace the root logger's handlers with one on `stream` (stderr) in `log_format`."""
    stream = stream or sys.stderr
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter() if log_format.strip().lower() == "json" else logging.Formatter(PLAIN_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # The timer sweep runs every second; APScheduler would log two INFO lines per run.
    logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)
    if not _is_terminal(stream):
        _no_colour()


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _no_colour() -> None:
    """werkzeug colours its request lines with ANSI codes even into files."""
    try:
        import werkzeug.serving
    except ImportError:  # pragma: no cover - werkzeug comes with Flask
        return
    werkzeug.serving._log_add_style = False  # type: ignore[attr-defined]


def mask_number(number: str | None) -> str:
    """``+971501234567`` → ``+9715•••••567``: enough to tell customers apart in a log, not to call them."""
    if not number:
        return "?"
    text = number.removeprefix("whatsapp:")
    masked = mask_numbers(text)  # the rule the log filter applies to every line
    return masked if masked != text else text[:2] + "•" * max(len(text) - 2, 0)
