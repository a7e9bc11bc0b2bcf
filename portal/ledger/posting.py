"""Posting balanced transactions, reversing them, and reading balances.

Call these inside `ledger.locking.money_transaction`. `post` locks the accounts of its own legs
(in code order) before checking any balance, so no caller can forget to, and keeps the running
sums of `ledger.flows` in the same transaction.
"""
from collections import defaultdict
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import select

from portal.db import total_of
from portal.domain import DomainError
from portal.ledger import flows
from portal.ledger.accounts import AccountRef
from portal.ledger.models import MAY_GO_NEGATIVE, LedgerAccount, LedgerEntry, LedgerTransaction
from portal.types import utcnow


class UnbalancedTransaction(ValueError):
    """A programming error: the legs do not sum to zero in every currency."""


class InsufficientFunds(DomainError):
    """A posting would take an account below zero."""


@dataclass(frozen=True)
class Leg:
    """One side of a posting: `amount_minor` added to `account` (negative takes away)."""

    account: object  # ledger.accounts.AccountRef
    amount_minor: int


def ensure_accounts(session, refs):
    """Create missing accounts (concurrently safe: INSERT … ON CONFLICT DO NOTHING)."""
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    for ref in {ref.code: ref for ref in refs}.values():
        session.execute(
            insert(LedgerAccount.__table__)
            .values(code=ref.code, kind=ref.kind, currency=ref.currency, fund_id=ref.fund_id, created_at=utcnow())
            .on_conflict_do_nothing(index_elements=["code"])
        )
    codes = sorted({ref.code for ref in refs})
    return {account.code: account for account in session.exec(select(LedgerAccount).where(LedgerAccount.code.in_(codes)))}


def find_transaction(session, idempotency_key):
    return session.exec(select(LedgerTransaction).where(LedgerTransaction.idempotency_key == idempotency_key)).first()


def balance(session, account_code):
    """An account's balance in minor units (0 for an account never used)."""
    total = session.exec(
        select(total_of(LedgerEntry.amount_minor))
        .join(LedgerAccount, LedgerAccount.id == LedgerEntry.account_id)
        .where(LedgerAccount.code == account_code)
    ).one()
    return int(total)


def post(session, *, kind, legs, idempotency_key, memo="", actor=None, record=None, fx=None, reverses=None,
         record_ref=None):
    """Write one balanced transaction, or return the one already written for this key.

    Refuses (InsufficientFunds) when an internal account would go below zero.
    """
    existing = find_transaction(session, idempotency_key)
    if existing is not None:
        if existing.kind != kind:  # a key reused for another movement is a bug, never a replay
            raise ValueError(f"idempotency key {idempotency_key!r} already used for {existing.kind}")
        return existing
    _check_balanced(legs)
    from portal.ledger import locking  # locking builds on ensure_accounts below
    accounts = locking.lock_accounts(session, [leg.account for leg in legs])
    _check_cover(session, legs)
    transaction = LedgerTransaction(
        kind=kind, memo=memo[:500], idempotency_key=idempotency_key, actor_id=getattr(actor, "id", None),
        record_type=type(record).__tablename__ if record is not None else (record_ref or (None, None))[0],
        record_id=record.id if record is not None else (record_ref or (None, None))[1],
        reverses_id=getattr(reverses, "id", None),
        **(fx or {}),
    )
    session.add(transaction)
    session.flush()
    for leg in legs:
        session.add(LedgerEntry(transaction_id=transaction.id, account_id=accounts[leg.account.code].id,
                                amount_minor=leg.amount_minor, currency=leg.account.currency))
    session.flush()
    flows.add(session, transaction=transaction, legs=legs, reverses=reverses)
    return transaction


def _check_balanced(legs):
    totals = defaultdict(int)
    for leg in legs:
        if not isinstance(leg.amount_minor, int) or isinstance(leg.amount_minor, bool):
            raise UnbalancedTransaction(f"amount must be integer minor units: {leg.amount_minor!r}")
        totals[leg.account.currency] += leg.amount_minor
    if not legs or any(totals.values()):
        raise UnbalancedTransaction(f"legs do not balance: {dict(totals)}")


def _check_cover(session, legs):
    """Internal accounts never go negative."""
    change = defaultdict(int)
    for leg in legs:
        if leg.account.kind not in MAY_GO_NEGATIVE:
            change[leg.account.code] += leg.amount_minor
    for code, amount in change.items():
        if amount < 0 and balance(session, code) + amount < 0:
            raise InsufficientFunds(_l("There is not enough money for this."), account=code)


def entries_of(session, transaction):
    return session.exec(select(LedgerEntry, LedgerAccount).join(LedgerAccount).where(
        LedgerEntry.transaction_id == transaction.id).order_by(LedgerEntry.id)).all()


def reverse(session, *, transaction, idempotency_key, actor=None, memo=""):
    """Undo a transaction with a new one carrying the opposite legs (never an UPDATE)."""
    already = session.exec(select(LedgerTransaction).where(LedgerTransaction.reverses_id == transaction.id)).first()
    if already is not None:
        return already
    legs = [Leg(AccountRef(account.code, account.kind, account.currency, account.fund_id), -entry.amount_minor)
            for entry, account in entries_of(session, transaction)]
    return post(session, kind="reversal", legs=legs, idempotency_key=idempotency_key, actor=actor,
                memo=memo or f"Reversal of transaction {transaction.id}", reverses=transaction,
                record_ref=(transaction.record_type, transaction.record_id))
