"""The report's rollup tables (`bot/store/rollups`): conversation counts per local day × lane ×
label × owner × outcome × entry ref × ad × score band, and per local day × lane × owner the
histograms of the four time measures, one row per measure with one column per bucket.

Core tables on `SQLModel.metadata` (created with the others): the histogram has `BUCKETS`
columns, which a model class would spell out one by one. Key columns are NOT NULL with ""
for "none", so the primary keys can be `ON CONFLICT` targets (NULLs never conflict).
"""

from __future__ import annotations

from sqlalchemy import Column, Date, Integer, PrimaryKeyConstraint, SmallInteger, String, Table
from sqlmodel import SQLModel

BUCKETS = 250  # histogram buckets, the scheme of bot/store/rollups/buckets.py
FOLLOW_THROUGH = ("repinged", "reassigned", "escalated")  # the event kinds counted per conversation
KEY = ("day", "lane", "label", "owner", "outcome", "entry_ref", "ad", "score_band")
SUMS = (
    "n",  # conversations started
    "closed",  # status closed
    "assigned",  # first owner given on arrival (first_owned_via "assigned")
    "unanswered",  # no first reply yet
    "rated", "rating_sum",  # customers' 1–5 answers: how many, their sum
    *FOLLOW_THROUGH,  # follow-through events
)
MEASURES = ("claim_s", "claim_work_s", "first_reply_s", "first_reply_work_s")  # `measure` is the index
HIST_KEY = ("day", "lane", "owner", "measure")
BUCKET_COLUMNS = tuple(f"b{i}" for i in range(BUCKETS))

TEXT = {  # key columns' lengths: longer names (an ad headline, a label) are cut to fit
    "lane": 64, "label": 255, "owner": 32, "outcome": 255, "entry_ref": 64, "ad": 255, "score_band": 8}


def _key_column(name: str) -> Column[object]:
    if name == "day":
        return Column(name, Date(), nullable=False)
    if name == "measure":
        return Column(name, SmallInteger(), nullable=False)
    return Column(name, String(TEXT[name]), nullable=False)


report_rollup = Table(
    "report_rollup", SQLModel.metadata,
    *(_key_column(name) for name in KEY),
    *(Column(name, Integer(), nullable=False, server_default="0") for name in SUMS),
    PrimaryKeyConstraint(*KEY, name="pk_report_rollup"),
    sqlite_with_rowid=False,  # rows stored in key order: a period's days are read in one stretch
)

report_rollup_hist = Table(
    "report_rollup_hist", SQLModel.metadata,
    *(_key_column(name) for name in HIST_KEY),
    *(Column(name, Integer(), nullable=False, server_default="0") for name in BUCKET_COLUMNS),
    PrimaryKeyConstraint(*HIST_KEY, name="pk_report_rollup_hist"),
    sqlite_with_rowid=False,
)

# One row when the rollups are kept (built by the migration or `python -m bot report
# --rebuild-rollups`): the time zone whose local days they count. No row: not kept.
report_rollup_state = Table(
    "report_rollup_state", SQLModel.metadata,
    Column("id", Integer(), primary_key=True),
    Column("tz", String(64), nullable=False),
)
