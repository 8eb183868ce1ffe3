"""replies: message author and status time, seen Slack events

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 10:15:13.109393
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('slack_event_seen',
    sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('event_id', name=op.f('pk_slack_event_seen'))
    )
    with op.batch_alter_table('slack_event_seen', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_slack_event_seen_at'), ['at'], unique=False)

    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('author_name', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('status_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint('uq_message_slack_ts', ['conversation_id', 'slack_ts'])


def downgrade() -> None:
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_constraint('uq_message_slack_ts', type_='unique')
        batch_op.drop_column('status_at')
        batch_op.drop_column('author_name')

    with op.batch_alter_table('slack_event_seen', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_slack_event_seen_at'))

    op.drop_table('slack_event_seen')
