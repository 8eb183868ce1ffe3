"""lane digest date

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 11:19:38.134149
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('lane_state', schema=None) as batch_op:
        batch_op.add_column(sa.Column('digest_on', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('lane_state', schema=None) as batch_op:
        batch_op.drop_column('digest_on')

