"""durable ingest: the inbound table (the webhook's one row per message, until intake takes it)

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 16:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'inbound',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('message_sid', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('from_address', sqlmodel.sql.sqltypes.AutoString(length=96), nullable=False),
        sa.Column('form', sa.JSON(), nullable=True),
        sa.Column('received_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_inbound')),
        sa.UniqueConstraint('message_sid', name=op.f('uq_inbound_message_sid')),
    )
    op.create_index('ix_inbound_from', 'inbound', ['from_address', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_inbound_from', table_name='inbound')
    op.drop_table('inbound')
