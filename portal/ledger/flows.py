"""Ledger flows: the entries summed by fund, account class, currency, transaction kind, the
kind it reverses, and for contributions their donor and the currency given.

A fund's statement needs only these sums. Reading them from every entry costs seconds at a
million entries (measured: 2 s of a 2.4 s dashboard, tests/bench/dashboard.py); kept as running
sums by `posting.post`, in the same transaction and under the same account locks as the
entries, they are a few thousand rows at any size. `rows_from_entries` computes the same sums
from the entries: the ledger check compares both, and `rebuild` fills the table after a bulk
load (the migration that created it does the same in SQL).
"""
from collections import defaultdict

from sqlalchemy import and_, case, delete, func, insert, literal, select
from sqlalchemy.orm import aliased

from portal.db import add_to
from portal.donors.models import Contribution
from portal.ledger.models import LedgerAccount, LedgerEntry, LedgerFlow, LedgerTransaction

#: The columns a flow is keyed by, in order.
KEY = ("fund_id", "account_class", "currency", "kind", "reversed_kind", "donor_id", "given_currency")
#: Prefix of the accounts money from donors enters through (ledger.accounts.donor_money).
DONOR_PREFIX = "external:donor:"


def account_class(ref):
    """The donors' external accounts apart from the FX desks; every other account by its kind."""
    return "donor" if ref.code.startswith(DONOR_PREFIX) else ref.kind


def add(session, *, transaction, legs, reverses=None):
    """Add one transaction's legs to the running sums (call after its entries are written)."""
    contribution = (session.get(Contribution, transaction.record_id)
                    if transaction.record_type == "contribution" else None)
    sums = defaultdict(lambda: [0, 0])
    for leg in legs:
        ref = leg.account
        key = (contribution.fund_id if contribution else ref.fund_id or 0, account_class(ref), ref.currency,
               transaction.kind, reverses.kind if reverses is not None else "",
               contribution.donor_id if contribution else 0, contribution.currency if contribution else "")
        sums[key][0] += leg.amount_minor
        sums[key][1] += 1
    for key in sorted(sums):
        amount, entries = sums[key]
        add_to(session, LedgerFlow.__table__, dict(zip(KEY, key)), {"amount_minor": amount, "entries": entries})


def rows_from_entries():
    """SELECT of the flows computed from the entries, in KEY order, then amount and count."""
    original = aliased(LedgerTransaction)
    key = (
        func.coalesce(Contribution.fund_id, LedgerAccount.fund_id, 0),
        case((LedgerAccount.code.like(DONOR_PREFIX + "%"), literal("donor")), else_=LedgerAccount.kind),
        LedgerAccount.currency,
        LedgerTransaction.kind,
        func.coalesce(original.kind, ""),
        func.coalesce(Contribution.donor_id, 0),
        func.coalesce(Contribution.currency, ""),
    )
    return (
        select(*key, func.sum(LedgerEntry.amount_minor), func.count())
        .select_from(LedgerEntry)
        .join(LedgerAccount, LedgerAccount.id == LedgerEntry.account_id)
        .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
        .outerjoin(original, original.id == LedgerTransaction.reverses_id)
        .outerjoin(Contribution, and_(LedgerTransaction.record_type == "contribution",
                                      Contribution.id == LedgerTransaction.record_id))
        .group_by(*key)
    )


def rebuild(session):
    """Recompute every flow from the entries (after a bulk load that bypassed `post`)."""
    session.execute(delete(LedgerFlow))
    session.execute(insert(LedgerFlow).from_select([*KEY, "amount_minor", "entries"], rows_from_entries()))


def disagreements(session):
    """{key: (kept, from entries)} for every flow whose running sum differs from its entries."""
    kept = {tuple(row[:7]): (int(row[7]), int(row[8])) for row in session.execute(
        select(*(getattr(LedgerFlow, name) for name in KEY), LedgerFlow.amount_minor, LedgerFlow.entries)).all()}
    computed = {tuple(row[:7]): (int(row[7]), int(row[8])) for row in session.execute(rows_from_entries()).all()}
    return {key: (kept.get(key), computed.get(key)) for key in kept.keys() | computed.keys()
            if kept.get(key) != computed.get(key)}
