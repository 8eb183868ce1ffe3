"""Operator commands of `python -m bot` that are more than a few lines (each in its module)."""

import sys
from collections.abc import Iterable


def say_problems(command: str, problems: Iterable[str], *, exit_code: int) -> int:
    """Print each configuration problem on stderr as `command: problem`; the exit code to return."""
    for problem in problems:
        print(f"{command}: {problem}", file=sys.stderr)
    return exit_code
