"""Phone numbers masked in logs: `+971501234567` → `+9715•••••567`.

`MaskNumbers` is a logging filter installed on the root handlers by `configure_logging`;
`mask_numbers` is the same rule for text we print."""

from __future__ import annotations

import logging
import re

_NUMBER = re.compile(r"(?<![\w.])(\+?)(\d{4})(\d{1,8})(\d{3})(?![\w.])")


def mask_numbers(text: str) -> str:
    """Every run of 8–15 digits (with or without +) keeps its first 4 and last 3 digits."""
    return _NUMBER.sub(lambda m: f"{m[1]}{m[2]}{'•' * len(m[3])}{m[4]}", text)


class MaskNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_numbers(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def install(logger: logging.Logger | None = None) -> None:
    """Mask numbers in every record the root logger's handlers write."""
    for handler in (logger or logging.getLogger()).handlers:
        if not any(isinstance(f, MaskNumbers) for f in handler.filters):
            handler.addFilter(MaskNumbers())
