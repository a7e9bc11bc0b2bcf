"""Reports (schedule, parts with spend, files, reminders), publication flags on grants and funds,
the report plan of tiers.

Existing rows get defaults: nothing published, no story shared, one final report after 12 months.

Revision ID: 39b375eacd86
Revises: 1bf622d0ff4d
Create Date: 2026-12-02 19:55:24.306602
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import portal.types


revision = '39b375eacd86'
down_revision = '1bf622d0ff4d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('grant_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('written_language', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.Column('is_conversation', sa.Boolean(), nullable=False),
    sa.Column('review_message', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', portal.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', portal.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', portal.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', portal.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['grant_id'], ['grant.id'], ),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('grant_id', 'key')
    )
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_grant_id'), ['grant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_status'), ['status'], unique=False)

    op.create_table('reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', portal.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('report_id', 'kind', 'user_id')
    )
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_report_id'), ['report_id'], unique=False)

    op.create_table('report_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('stored_name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('original_name', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('uploaded_at', portal.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], ),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('stored_name')
    )
    with op.batch_alter_table('report_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_file_report_id'), ['report_id'], unique=False)

    op.create_table('report_part',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('share_id', sa.Integer(), nullable=False),
    sa.Column('spend', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), server_default='', nullable=False),
    sa.Column('written_language', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.Column('updated_at', portal.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['report.id'], ),
    sa.ForeignKeyConstraint(['share_id'], ['grant_share.id'], ),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('report_id', 'share_id')
    )
    with op.batch_alter_table('report_part', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_part_report_id'), ['report_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_part_share_id'), ['share_id'], unique=False)

    with op.batch_alter_table('fund', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_public', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('iati_org_id', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True))

    with op.batch_alter_table('grant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('do_not_publish', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('story_consent', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('tier', schema=None) as batch_op:
        batch_op.add_column(sa.Column('report_plan', sa.JSON(), nullable=False,
                                      server_default=sa.text('\'[{"key": "final", "months": 12}]\'')))



def downgrade():
    with op.batch_alter_table('tier', schema=None) as batch_op:
        batch_op.drop_column('report_plan')

    with op.batch_alter_table('grant', schema=None) as batch_op:
        batch_op.drop_column('story_consent')
        batch_op.drop_column('do_not_publish')

    with op.batch_alter_table('fund', schema=None) as batch_op:
        batch_op.drop_column('iati_org_id')
        batch_op.drop_column('is_public')

    with op.batch_alter_table('report_part', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_part_share_id'))
        batch_op.drop_index(batch_op.f('ix_report_part_report_id'))

    op.drop_table('report_part')
    with op.batch_alter_table('report_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_file_report_id'))

    op.drop_table('report_file')
    with op.batch_alter_table('reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminder_report_id'))

    op.drop_table('reminder')
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_status'))
        batch_op.drop_index(batch_op.f('ix_report_grant_id'))
        batch_op.drop_index(batch_op.f('ix_report_due_on'))

    op.drop_table('report')
