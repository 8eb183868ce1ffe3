"""templates on messages, the contacts import's accounts, the close confirmation and satisfaction

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content_sid', sqlmodel.sql.sqltypes.AutoString(length=34), nullable=True))
        batch_op.add_column(sa.Column('content_variables', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirm_state', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch_op.add_column(sa.Column('satisfaction', sa.Integer(), nullable=True))
    op.create_table(
        'account',
        sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('company', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('plan', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('number', name=op.f('pk_account')),
    )


def downgrade() -> None:
    op.drop_table('account')
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_column('satisfaction')
        batch_op.drop_column('confirm_state')
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_column('content_variables')
        batch_op.drop_column('content_sid')
