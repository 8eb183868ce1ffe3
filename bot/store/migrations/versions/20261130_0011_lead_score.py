"""lead score: band and reasons on the conversation, fitted score models, weekly retraining weeks

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('score_band', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True))
        batch_op.add_column(sa.Column('score_reasons', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('score_acted', sa.JSON(), nullable=True))
    op.create_table(
        'score_model',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('blob', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('adopted', sa.Boolean(), nullable=False),
        sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('trained_on', sa.Integer(), nullable=False),
        sa.Column('held_out', sa.Integer(), nullable=False),
        sa.Column('auc_before', sa.Float(), nullable=True),
        sa.Column('auc_after', sa.Float(), nullable=True),
        sa.Column('report', sa.JSON(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_score_model')),
    )
    op.create_table(
        'score_retrain_sent',
        sa.Column('week', sa.Date(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('week', name=op.f('pk_score_retrain_sent')),
    )


def downgrade() -> None:
    op.drop_table('score_retrain_sent')
    op.drop_table('score_model')
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_column('score_acted')
        batch_op.drop_column('score_reasons')
        batch_op.drop_column('score_band')
