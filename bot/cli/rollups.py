"""`python -m bot report --rebuild-rollups`: count every conversation into the report's rollups
again, in the lanes file's workspace time zone (after changing it, or to repair them)."""

from __future__ import annotations

import sys

from bot.cli.database import migrated_database
from bot.settings import Settings
from bot.store.rollups.rebuild import rebuild


def rebuild_rollups(settings: Settings, tz: str) -> int:
    with migrated_database(settings.database_url, "report") as db:
        if db is None:
            return 1
        counted = db.transaction(lambda session: rebuild(session=session, tz=tz), attempts=1)
    print(f"rebuilt the report rollups: {counted:,} conversations, days in {tz}", file=sys.stderr)
    return 0
