"""Covering indexes for the donor dashboard at scale (tests/bench/dashboard.py): applications by id
with their tier, organisation and language; attribution rows by contribution with grant and amount
(the INCLUDE columns exist on PostgreSQL only).

Revision ID: 5d9dff156ae2
Revises: 80f552affe57
Create Date: 2026-12-02 21:01:43.015317
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import portal.types


revision = '5d9dff156ae2'
down_revision = '80f552affe57'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.create_index('ix_application_facts', ['id'], unique=False, postgresql_include=['tier_id', 'organisation_id', 'written_language'])

    with op.batch_alter_table('grant_funding', schema=None) as batch_op:
        batch_op.create_index('ix_grant_funding_contribution_facts', ['contribution_id'], unique=False, postgresql_include=['grant_id', 'amount_minor'])



def downgrade():
    with op.batch_alter_table('grant_funding', schema=None) as batch_op:
        batch_op.drop_index('ix_grant_funding_contribution_facts', postgresql_include=['grant_id', 'amount_minor'])

    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_index('ix_application_facts', postgresql_include=['tier_id', 'organisation_id', 'written_language'])

