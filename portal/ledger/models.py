"""Ledger accounts, transactions and entries — append-only, enforced by the database."""
from datetime import date, datetime

from sqlalchemy import DDL, BigInteger, Column, Index, UniqueConstraint, event
from sqlmodel import Field, SQLModel

from portal.types import stamped_now

#: Account kinds (FX desks are "external": money outside the fund, in another currency).
ACCOUNT_KINDS = ("external", "unallocated", "committed", "disbursed", "spent", "fees", "rounding")
#: Accounts that may go negative: money outside Mizani, and FX rounding (a gain or a loss on
#: exchange, not money held). Every other account never goes below zero.
MAY_GO_NEGATIVE = ("external", "rounding")


class LedgerAccount(SQLModel, table=True):
    __tablename__ = "ledger_account"

    id: int | None = Field(default=None, primary_key=True)
    #: Structured name, e.g. "fund:3:unallocated", "external:donor:EUR" (see ledger.accounts).
    code: str = Field(max_length=120, unique=True)
    #: One of ACCOUNT_KINDS.
    kind: str = Field(max_length=20)
    #: The fund the account belongs to; None for external and FX accounts.
    fund_id: int | None = Field(default=None, foreign_key="fund.id", index=True)
    #: ISO 4217; every entry on the account is in this currency.
    currency: str = Field(max_length=3)
    created_at: datetime = stamped_now()


class LedgerTransaction(SQLModel, table=True):
    """One balanced money movement; corrections are new, reversing transactions."""

    __tablename__ = "ledger_transaction"
    __table_args__ = (UniqueConstraint("idempotency_key"), UniqueConstraint("reverses_id"))

    id: int | None = Field(default=None, primary_key=True)
    #: What moved, e.g. "contribution.receive", "grant.commit", "reversal" (never translated).
    kind: str = Field(max_length=40, index=True)
    #: Why, for people reading the statement.
    memo: str = Field(default="", max_length=500)
    #: The request that moved the money: a replay finds this transaction instead of moving it again.
    idempotency_key: str = Field(max_length=200)
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    #: The domain record the movement belongs to, e.g. ("contribution", 12).
    record_type: str | None = Field(default=None, max_length=40)
    record_id: int | None = Field(default=None, index=True)
    #: The transaction this one reverses (at most one reversal per transaction).
    reverses_id: int | None = Field(default=None, foreign_key="ledger_transaction.id")
    #: FX conversion, when the movement changes currency: decimal rate as text, source, date.
    fx_rate: str | None = Field(default=None, max_length=40)
    fx_source: str | None = Field(default=None, max_length=80)
    fx_date: date | None = None
    created_at: datetime = stamped_now()


class LedgerEntry(SQLModel, table=True):
    __tablename__ = "ledger_entry"
    # Balances per account read amounts from the index alone on PostgreSQL (measured: 78 → 0.23 ms
    # for 100 accounts among 1,000,000 entries).
    __table_args__ = (Index("ix_ledger_entry_account_amount", "account_id", postgresql_include=["amount_minor"]),)

    id: int | None = Field(default=None, primary_key=True)
    transaction_id: int = Field(foreign_key="ledger_transaction.id", index=True)
    account_id: int = Field(foreign_key="ledger_account.id", index=True)
    #: Signed amount in minor units: positive adds to the account's balance.
    amount_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    currency: str = Field(max_length=3)


class LedgerFlow(SQLModel, table=True):
    """Running sums of the entries by what a fund's statement groups them by (see ledger.flows).

    Kept by `posting.post` in the same transaction as the entries, under the same account locks,
    so a statement reads a few thousand rows at any size instead of every entry; the ledger
    check proves they equal the entries. Not a ledger row itself: it is updated in place.
    """

    __tablename__ = "ledger_flow"
    __table_args__ = (UniqueConstraint("fund_id", "account_class", "currency", "kind", "reversed_kind", "donor_id",
                                       "given_currency"),)

    id: int | None = Field(default=None, primary_key=True)
    #: The fund the money belongs to: a contribution's fund for all its postings (donor side
    #: included), else the account's fund; 0 for none.
    fund_id: int = 0
    #: The account's kind (ACCOUNT_KINDS), or "donor" for the donors' external accounts.
    account_class: str = Field(max_length=20)
    #: ISO 4217 currency of the account.
    currency: str = Field(max_length=3)
    #: The transaction's kind, and the kind of the one it reverses ("" when it reverses none).
    kind: str = Field(max_length=40)
    reversed_kind: str = Field(default="", max_length=40)
    #: For a contribution's postings: its donor and the currency she gave in (0 and "" otherwise).
    donor_id: int = 0
    given_currency: str = Field(default="", max_length=3)
    #: Sum of the entries' amounts (minor units) and how many entries.
    amount_minor: int = Field(sa_column=Column(BigInteger, nullable=False))
    entries: int = 0


#: The database itself refuses to change or remove ledger rows (SQL kept in the migration too).
APPEND_ONLY_TABLES = ("ledger_transaction", "ledger_entry")
SQLITE_APPEND_ONLY = [
    f"CREATE TRIGGER {table}_no_{verb} BEFORE {verb.upper()} ON {table} "
    f"BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only'); END"
    for table in APPEND_ONLY_TABLES for verb in ("update", "delete")
]
POSTGRES_APPEND_ONLY = [
    "CREATE OR REPLACE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'ledger rows are append-only'; END $$",
    *(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
      f"FOR EACH ROW EXECUTE FUNCTION ledger_append_only()" for table in APPEND_ONLY_TABLES),
]


def _attach_append_only(table, statements, dialect):
    for statement in statements:
        event.listen(table, "after_create", DDL(statement).execute_if(dialect=dialect))


_attach_append_only(LedgerEntry.__table__, SQLITE_APPEND_ONLY[2:], "sqlite")
_attach_append_only(LedgerTransaction.__table__, SQLITE_APPEND_ONLY[:2], "sqlite")
_attach_append_only(LedgerEntry.__table__, POSTGRES_APPEND_ONLY, "postgresql")
