"""What one conversation adds to the rollups, read from the database, and the difference
between two readings as increments for `apply`.

A conversation's contribution is one count row (its key: local day of `created_at`, lane,
label, owner, outcome, entry ref, ad, score band; its sums: started, closed, auto-assigned,
unanswered, rated and rating, its follow-through events) and, per time measure it has, one
histogram bucket under (day, lane, owner, measure).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, func, select

from bot.store.models import Conversation, Event
from bot.store.models_rollups import FOLLOW_THROUGH, MEASURES, SUMS, TEXT
from bot.store.rollups.buckets import bucket_of

C = Conversation.__table__.c  # type: ignore[attr-defined]
E = Event.__table__.c  # type: ignore[attr-defined]
COLUMNS = (C.id, C.created_at, C.lane, C.label, C.owner, C.outcome, C.entry_ref, C.referral, C.score_band,
           C.status, C.first_owned_via, C.first_reply_at, C.satisfaction, *(C[name] for name in MEASURES))
Key = tuple[Any, ...]  # report_rollup's KEY values
HistKey = tuple[Any, ...]  # report_rollup_hist's HIST_KEY values


@dataclass
class Delta:
    """Increments: count rows by key (one int per SUMS), histogram buckets by key and bucket."""

    counts: dict[Key, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0] * len(SUMS)))
    hist: dict[HistKey, dict[int, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))

    def add(self, row: Any, follow: Mapping[str, int], zone: ZoneInfo, sign: int) -> None:
        created: datetime | None = row["created_at"]
        if created is None:
            return  # in no period: no report counts it
        day = created.astimezone(zone).date()
        referral = row["referral"] if isinstance(row["referral"], dict) else {}
        ad = referral.get("Headline") or referral.get("SourceId")
        key = (day, *(_text(row[name], name) for name in ("lane", "label", "owner", "outcome", "entry_ref")),
               _text(ad, "ad"), _text(row["score_band"], "score_band"))
        rating = row["satisfaction"]
        sums = (1, row["status"] == "closed", row["first_owned_via"] == "assigned", row["first_reply_at"] is None,
                rating is not None, rating or 0, *(follow.get(kind, 0) for kind in FOLLOW_THROUGH))
        counts = self.counts[key]
        for i, value in enumerate(sums):
            counts[i] += sign * int(value)
        for measure, name in enumerate(MEASURES):
            if row[name] is not None:
                self.hist[(day, key[1], key[3], measure)][bucket_of(int(row[name]))] += sign

    def changes(self) -> tuple[list[tuple[Key, list[int]]], list[tuple[HistKey, dict[int, int]]]]:
        """The non-zero increments."""
        counts = [(key, sums) for key, sums in self.counts.items() if any(sums)]
        hist = [(key, {b: n for b, n in buckets.items() if n}) for key, buckets in self.hist.items()]
        return counts, [(key, buckets) for key, buckets in hist if buckets]


def _text(value: Any, column: str) -> str:
    """A key column's value: "" for none, cut to the column's length (a longer one would make the
    conversation's own transaction fail on PostgreSQL)."""
    return "" if value is None else str(value)[: TEXT[column]]


def read(conn: Connection, ids: Collection[int], *, lock: bool = False) -> dict[int, tuple[Any, dict[str, int]]]:
    """The conversations `ids` as rows (mappings) with their follow-through counts, by id;
    `lock`: FOR UPDATE (PostgreSQL), so the reading stays true until the change is written."""
    if not ids:
        return {}
    query = select(*COLUMNS).where(C.id.in_(sorted(ids))).order_by(C.id)
    rows = conn.execute(query.with_for_update() if lock else query).mappings().all()
    found: dict[int, tuple[Any, dict[str, int]]] = {row["id"]: (row, {}) for row in rows}
    for conversation_id, kind, count in conn.execute(
        select(E.conversation_id, E.kind, func.count())
        .where(E.conversation_id.in_(sorted(found)), E.kind.in_(FOLLOW_THROUGH))
        .group_by(E.conversation_id, E.kind)
    ).all():
        found[conversation_id][1][kind] = int(count)
    return found


def difference(old: Mapping[int, tuple[Any, dict[str, int]]], new: Mapping[int, tuple[Any, dict[str, int]]],
               zone: ZoneInfo) -> Delta:
    delta = Delta()
    for sign, readings in ((-1, old), (1, new)):
        for row, follow in readings.values():
            delta.add(row, follow, zone, sign)
    return delta

