"""Ledger flows: running sums of the entries by fund, account class, currency, transaction kind,
reversed kind, and for contributions their donor and the currency given (portal/ledger/flows.py).
Filled here from the existing entries with the same grouping, in SQL of its own (a migration must
not change when the code does).

Revision ID: 80f552affe57
Revises: 56e06a9547df
Create Date: 2026-12-02 20:49:52.968500
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import portal.types


revision = '80f552affe57'
down_revision = '56e06a9547df'
branch_labels = None
depends_on = None

#: The flows of the entries already written ("external:donor:" is 15 characters).
BACKFILL = sa.text("""
INSERT INTO ledger_flow (fund_id, account_class, currency, kind, reversed_kind, donor_id, given_currency,
                         amount_minor, entries)
SELECT COALESCE(c.fund_id, a.fund_id, 0),
       CASE WHEN substr(a.code, 1, 15) = 'external:donor:' THEN 'donor' ELSE a.kind END,
       a.currency, t.kind, COALESCE(o.kind, ''), COALESCE(c.donor_id, 0), COALESCE(c.currency, ''),
       SUM(e.amount_minor), COUNT(*)
FROM ledger_entry e
JOIN ledger_account a ON a.id = e.account_id
JOIN ledger_transaction t ON t.id = e.transaction_id
LEFT JOIN ledger_transaction o ON o.id = t.reverses_id
LEFT JOIN contribution c ON t.record_type = 'contribution' AND c.id = t.record_id
GROUP BY 1, 2, 3, 4, 5, 6, 7
""")


def upgrade():
    op.create_table('ledger_flow',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fund_id', sa.Integer(), nullable=False),
    sa.Column('account_class', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('reversed_kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('donor_id', sa.Integer(), nullable=False),
    sa.Column('given_currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('amount_minor', sa.BigInteger(), nullable=False),
    sa.Column('entries', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('fund_id', 'account_class', 'currency', 'kind', 'reversed_kind', 'donor_id', 'given_currency')
    )
    op.execute(BACKFILL)


def downgrade():
    op.drop_table('ledger_flow')
