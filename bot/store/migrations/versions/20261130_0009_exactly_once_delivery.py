"""exactly-once delivery: in-flight marks and faults on outbox jobs, early Slack events, faults

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('outboxjob', schema=None) as batch_op:
        batch_op.add_column(sa.Column('in_flight_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('first_try_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('fault', sqlmodel.sql.sqltypes.AutoString(length=96), nullable=True))
    op.create_table(
        'pending_slack_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('ts', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=True),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('applied_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('reported_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_slack_event')),
    )
    with op.batch_alter_table('pending_slack_event', schema=None) as batch_op:
        batch_op.create_index('ix_pending_slack_event_card', ['channel', 'ts'], unique=False)
    op.create_table(
        'delivery_fault',
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=96), nullable=False),
        sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('action', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('since', sa.DateTime(timezone=True), nullable=True),
        sa.Column('probe_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('cleared_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_delivery_fault')),
    )


def downgrade() -> None:
    op.drop_table('delivery_fault')
    with op.batch_alter_table('pending_slack_event', schema=None) as batch_op:
        batch_op.drop_index('ix_pending_slack_event_card')
    op.drop_table('pending_slack_event')
    with op.batch_alter_table('outboxjob', schema=None) as batch_op:
        batch_op.drop_column('fault')
        batch_op.drop_column('first_try_at')
        batch_op.drop_column('in_flight_at')
