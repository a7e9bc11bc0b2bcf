"""stripe events: one row per Stripe event id, written with its effect (exactly-once webhooks)

Revision ID: 0310a81e4944
Revises: abb55b48eba3
Create Date: 2026-11-23 05:03:58.655292
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import portal.types


revision = '0310a81e4944'
down_revision = 'abb55b48eba3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('stripe_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('contribution_id', sa.Integer(), nullable=True),
    sa.Column('payment_intent_id', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
    sa.Column('received_at', portal.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('processed_at', portal.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.ForeignKeyConstraint(['contribution_id'], ['contribution.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id')
    )
    with op.batch_alter_table('stripe_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stripe_event_contribution_id'), ['contribution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stripe_event_outcome'), ['outcome'], unique=False)
        batch_op.create_index(batch_op.f('ix_stripe_event_payment_intent_id'), ['payment_intent_id'], unique=False)



def downgrade():
    with op.batch_alter_table('stripe_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stripe_event_payment_intent_id'))
        batch_op.drop_index(batch_op.f('ix_stripe_event_outcome'))
        batch_op.drop_index(batch_op.f('ix_stripe_event_contribution_id'))

    op.drop_table('stripe_event')
