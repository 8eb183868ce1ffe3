"""report rollups: counts and time histograms per local day, kept with the conversations

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 16:00:00

Creates report_rollup (counts per day × lane × label × owner × outcome × entry ref × ad × score
band), report_rollup_hist (per day × lane × owner × measure, one column per bucket: 250, the
scheme of bot/store/rollups/buckets.py), report_rollup_state (the time zone of their days) and
on conversation an index (lane, first_reply_work_s) for the exact answered-within count and a
partial one over open conversations for the "now" lines (they no longer read the history),
then counts every conversation in the lanes file's workspace time zone ($LANES_FILE, default
lanes.toml; UTC when it cannot be read: then `python -m bot report --rebuild-rollups` once the
lanes file is in place, and until then reports read the conversations as before).

The backfill runs bot.store.rollups.rebuild, which reads conversation columns that all exist at
this revision.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BUCKETS = 250
TEXT = {'lane': 64, 'label': 255, 'owner': 32, 'outcome': 255, 'entry_ref': 64, 'ad': 255, 'score_band': 8}
SUMS = ('n', 'closed', 'assigned', 'unanswered', 'rated', 'rating_sum', 'repinged', 'reassigned', 'escalated')


def _counter(name: str) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.Integer(), server_default='0', nullable=False)


def upgrade() -> None:
    key = ('day', 'lane', 'label', 'owner', 'outcome', 'entry_ref', 'ad', 'score_band')
    op.create_table(
        'report_rollup',
        sa.Column('day', sa.Date(), nullable=False),
        *(sa.Column(name, sa.String(length=TEXT[name]), nullable=False) for name in key[1:]),
        *(_counter(name) for name in SUMS),
        sa.PrimaryKeyConstraint(*key, name=op.f('pk_report_rollup')),
        sqlite_with_rowid=False,
    )
    op.create_table(
        'report_rollup_hist',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('lane', sa.String(length=64), nullable=False),
        sa.Column('owner', sa.String(length=32), nullable=False),
        sa.Column('measure', sa.SmallInteger(), nullable=False),
        *(_counter(f'b{i}') for i in range(BUCKETS)),
        sa.PrimaryKeyConstraint('day', 'lane', 'owner', 'measure', name=op.f('pk_report_rollup_hist')),
        sqlite_with_rowid=False,
    )
    op.create_table(
        'report_rollup_state',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('tz', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_report_rollup_state')),
    )
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.create_index('ix_conversation_lane_first_reply_work', ['lane', 'first_reply_work_s'], unique=False)
        batch_op.create_index('ix_conversation_open',
                              ['lane', 'owner', 'last_inbound_at', 'last_outbound_at', 'created_at'], unique=False, sqlite_where=sa.text("status != 'closed'"),
                              postgresql_where=sa.text("status != 'closed'"))
    from bot.store.rollups.rebuild import rebuild_on

    rebuild_on(op.get_bind(), _workspace_tz())


def _workspace_tz() -> str:
    try:
        with open(os.environ.get('LANES_FILE', 'lanes.toml'), 'rb') as file:
            tz = tomllib.load(file).get('workspace', {}).get('timezone', 'UTC')
    except (OSError, tomllib.TOMLDecodeError, AttributeError):
        return 'UTC'
    return tz if isinstance(tz, str) and tz else 'UTC'


def downgrade() -> None:
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_index('ix_conversation_open')
        batch_op.drop_index('ix_conversation_lane_first_reply_work')
    op.drop_table('report_rollup_state')
    op.drop_table('report_rollup_hist')
    op.drop_table('report_rollup')
