"""triage: the label's confidence and review flag on conversations, training examples, models

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 14:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('label_confidence', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('label_review', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        'triage_example',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('conversation_id', sa.Integer(), nullable=True),
        sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('label', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['conversation_id'], ['conversation.id'],
                                name=op.f('fk_triage_example_conversation_id_conversation')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_triage_example')),
        sa.UniqueConstraint('conversation_id', name=op.f('uq_triage_example_conversation_id')),
    )
    op.create_table(
        'triage_model',
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('report', sa.JSON(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('version', name=op.f('pk_triage_model')),
    )
    op.create_table(
        'triage_retrain_week',
        sa.Column('week', sa.Date(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('week', name=op.f('pk_triage_retrain_week')),
    )


def downgrade() -> None:
    op.drop_table('triage_retrain_week')
    op.drop_table('triage_model')
    op.drop_table('triage_example')
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_column('label_review')
        batch_op.drop_column('label_confidence')
