"""Withheld side of the dashboard tallies: grants flagged "do not publish", and organisations a
fund reached only through such grants, are counted apart (`withheld`), so the public page can
leave them out as the open data does. The two tallies are derived data: they are made again with
the new column and refilled from the domain tables, in SQL of its own (a migration must not
change when the code does); downgrading adds the two sides back together.

Revision ID: f0ba9f43eea7
Revises: ba7ff4fe119f
Create Date: 2026-12-03 07:40:00.000000
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = 'f0ba9f43eea7'
down_revision = 'ba7ff4fe119f'
branch_labels = None
depends_on = None


GRANT_KEY = ('fund_id', 'country', 'tier_id', 'theme', 'language', 'members')
REACH_KEY = ('fund_id', 'registered', 'women_led', 'first_grant')

#: Paid: payments whose money has moved (approved, sent, confirmed). An organisation is withheld
#: when every grant it holds from the fund is flagged (the smallest flag of its grants is 1).
REFILL = (
    sa.text("DELETE FROM grant_tally"),
    sa.text("""
INSERT INTO grant_tally (fund_id, country, tier_id, theme, language, members, withheld, grants, awarded_minor,
                         lead_minor, paid_minor)
SELECT g.fund_id, o.country, a.tier_id, COALESCE(g.theme, ''), a.written_language, s.members, g.do_not_publish,
       COUNT(*), SUM(g.amount_minor), SUM(s.lead), SUM(COALESCE(p.paid, 0))
FROM "grant" g
JOIN application a ON a.id = g.application_id
JOIN organisation o ON o.id = a.organisation_id
JOIN (SELECT grant_id, COUNT(*) AS members, SUM(CASE WHEN is_lead THEN amount_minor ELSE 0 END) AS lead
      FROM grant_share GROUP BY grant_id) s ON s.grant_id = g.id
LEFT JOIN (SELECT gs.grant_id, SUM(d.amount_minor) AS paid
           FROM grant_share gs JOIN tranche t ON t.share_id = gs.id JOIN disbursement d ON d.tranche_id = t.id
           WHERE d.status IN ('approved', 'sent', 'confirmed') GROUP BY gs.grant_id) p ON p.grant_id = g.id
GROUP BY g.fund_id, o.country, a.tier_id, COALESCE(g.theme, ''), a.written_language, s.members, g.do_not_publish
"""),
    sa.text("DELETE FROM reach_tally"),
    sa.text("""
INSERT INTO reach_tally (fund_id, registered, women_led, first_grant, withheld, organisations)
SELECT h.fund_id, o.registered, o.women_led, CASE WHEN h.first_here = f.first_any THEN TRUE ELSE FALSE END,
       CASE WHEN h.all_withheld = 1 THEN TRUE ELSE FALSE END, COUNT(*)
FROM (SELECT g.fund_id, gs.organisation_id, MIN(g.id) AS first_here,
             MIN(CASE WHEN g.do_not_publish THEN 1 ELSE 0 END) AS all_withheld
      FROM grant_share gs JOIN "grant" g ON g.id = gs.grant_id GROUP BY g.fund_id, gs.organisation_id) h
JOIN (SELECT organisation_id, MIN(grant_id) AS first_any FROM grant_share GROUP BY organisation_id) f
  ON f.organisation_id = h.organisation_id
JOIN organisation o ON o.id = h.organisation_id
GROUP BY h.fund_id, o.registered, o.women_led, CASE WHEN h.first_here = f.first_any THEN TRUE ELSE FALSE END,
         CASE WHEN h.all_withheld = 1 THEN TRUE ELSE FALSE END
"""),
)


def _grant_tally(name, *extra):
    op.create_table(name,
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fund_id', sa.Integer(), nullable=False),
    sa.Column('country', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('tier_id', sa.Integer(), nullable=False),
    sa.Column('theme', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('members', sa.Integer(), nullable=False),
    *extra,
    sa.Column('grants', sa.Integer(), nullable=False),
    sa.Column('awarded_minor', sa.BigInteger(), nullable=False),
    sa.Column('lead_minor', sa.BigInteger(), nullable=False),
    sa.Column('paid_minor', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['fund_id'], ['fund.id'], ),
    sa.ForeignKeyConstraint(['tier_id'], ['tier.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint(*GRANT_KEY, *(column.name for column in extra))
    )


def _reach_tally(name, *extra):
    op.create_table(name,
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fund_id', sa.Integer(), nullable=False),
    sa.Column('registered', sa.Boolean(), nullable=False),
    sa.Column('women_led', sa.Boolean(), nullable=False),
    sa.Column('first_grant', sa.Boolean(), nullable=False),
    *extra,
    sa.Column('organisations', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['fund_id'], ['fund.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint(*REACH_KEY, *(column.name for column in extra))
    )


def _withheld():
    return sa.Column('withheld', sa.Boolean(), server_default=sa.false(), nullable=False)


def upgrade():
    op.drop_table('grant_tally')
    op.drop_table('reach_tally')
    _grant_tally('grant_tally', _withheld())
    _reach_tally('reach_tally', _withheld())
    for statement in REFILL:
        op.execute(statement)


def downgrade():
    """The old tables again, each row the sum of its withheld and published sides."""
    counts = {'grant_tally': ('grants', 'awarded_minor', 'lead_minor', 'paid_minor'), 'reach_tally': ('organisations',)}
    for table, make, key in (('grant_tally', _grant_tally, GRANT_KEY), ('reach_tally', _reach_tally, REACH_KEY)):
        make(f'{table}_old')
        columns = ', '.join((*key, *counts[table]))
        sums = ', '.join(f'SUM({count})' for count in counts[table])
        op.execute(f"INSERT INTO {table}_old ({columns}) SELECT {', '.join(key)}, {sums} FROM {table} "
                   f"GROUP BY {', '.join(key)}")
        op.drop_table(table)
        op.rename_table(f'{table}_old', table)
