"""The contacts import: a CSV of number, name, company, plan, account owner, notes.

Headers are matched loosely ("Account owner", "account_owner" and "owner" are the same
column; only "number" is required). Numbers are read as WhatsApp does (E.164, a leading
"+" optional); a row whose number cannot be read is reported with its line and skipped.
Rows update the account of their number: empty cells keep what is stored.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime

from bot.store import Session, repo
from bot.whatsapp.inbound import to_sender

_ALIASES = {
    "number": "number", "phone": "number", "whatsapp": "number", "mobile": "number",
    "name": "name", "company": "company", "plan": "plan",
    "account owner": "owner", "account_owner": "owner", "owner": "owner",
    "notes": "notes", "note": "notes",
}


@dataclass(frozen=True)
class AccountRow:
    line: int
    number: str  # E.164
    fields: dict[str, str | None]


def read_csv(text: str) -> tuple[list[AccountRow], list[str]]:
    """The rows of a contacts CSV, and one problem per line that could not be read."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = {name: _ALIASES.get(name.strip().casefold()) for name in reader.fieldnames or []}
    if "number" not in columns.values():
        return [], ["the CSV needs a 'number' column (also: name, company, plan, account owner, notes)"]
    rows, problems = [], []
    for row in reader:
        line = reader.line_num
        values: dict[str, str] = {}
        for key, value in row.items():
            column = columns.get(key) if isinstance(key, str) else None
            if column is not None and isinstance(value, str):
                values[column] = value.strip()
        raw = str(values.get("number") or "")
        sender = to_sender(raw if raw.startswith("+") else f"+{raw.lstrip('0')}") if raw else None
        if sender is None or sender.phone_e164 is None:
            problems.append(f"line {line}: {raw!r} is not a phone number")
            continue
        rows.append(AccountRow(line, sender.phone_e164,
                               {k: v or None for k, v in values.items() if k != "number"}))
    return rows, problems


def import_rows(*, session: Session, rows: list[AccountRow], now: datetime) -> tuple[int, int]:
    """Create or update each row's account; (created, updated). The caller commits."""
    created = updated = 0
    for row in rows:
        if repo.upsert_account(session=session, number=row.number, fields=row.fields, now=now):
            created += 1
        else:
            updated += 1
        session.flush()
    return created, updated
