"""report measures: first-owner and first-reply times, report indexes, weekly report weeks

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 14:00:00

Conversations opened before this revision get their wall-clock times filled in from their
timestamps; their working times stay empty (they need the lanes file), so working-time
percentiles count only conversations measured since.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_owned_via', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('claim_s', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('claim_work_s', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('first_reply_s', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('first_reply_work_s', sa.Integer(), nullable=True))
        batch_op.create_index('ix_conversation_created_at', ['created_at'], unique=False)
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index('ix_event_conversation_kind', ['conversation_id', 'kind'], unique=False)
    op.create_table(
        'weekly_report_sent',
        sa.Column('week', sa.Date(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('week', name=op.f('pk_weekly_report_sent')),
    )
    _backfill_wall_times()


def _backfill_wall_times() -> None:
    conversation = sa.table(
        'conversation', sa.column('id', sa.Integer()), sa.column('created_at', sa.DateTime()),
        sa.column('claimed_at', sa.DateTime()), sa.column('first_reply_at', sa.DateTime()),
        sa.column('first_reply_s', sa.Integer()), sa.column('first_owned_via', sa.String()),
    )
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(conversation.c.id, conversation.c.created_at, conversation.c.claimed_at, conversation.c.first_reply_at)
        .where(conversation.c.created_at.is_not(None))
    ).all()
    for id_, created, claimed, replied in rows:
        values: dict[str, object] = {}
        if replied is not None:
            values['first_reply_s'] = max(0, int((_utc(replied) - _utc(created)).total_seconds()))
        if claimed is not None:
            values['first_owned_via'] = 'person'  # not known any more; claim times stay empty
        if values:
            bind.execute(sa.update(conversation).where(conversation.c.id == id_).values(**values))


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


def downgrade() -> None:
    op.drop_table('weekly_report_sent')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index('ix_event_conversation_kind')
    with op.batch_alter_table('conversation', schema=None) as batch_op:
        batch_op.drop_index('ix_conversation_created_at')
        batch_op.drop_column('first_reply_work_s')
        batch_op.drop_column('first_reply_s')
        batch_op.drop_column('claim_work_s')
        batch_op.drop_column('claim_s')
        batch_op.drop_column('first_owned_via')
