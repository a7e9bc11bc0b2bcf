"""Every money invariant of DESIGN.md, recomputed from the entries with SQL aggregation.

Used by the tests after every step and by `flask ledger check` on a live database.
"""
from dataclasses import dataclass, field

from sqlalchemy import func, select

from portal.db import total_of
from portal.donors.models import Contribution
from portal.dashboards import tallies
from portal.grants.models import Disbursement, Grant, GrantFunding, GrantShare, Tranche
from portal.grants.states import MONEY_OUT
from portal.ledger import flows
from portal.ledger.models import MAY_GO_NEGATIVE, LedgerAccount, LedgerEntry, LedgerTransaction


@dataclass(frozen=True)
class Violation:
    rule: str
    detail: str
    records: tuple = field(default=())

    def __str__(self):
        where = ", ".join(f"{kind} {ident}" for kind, ident in self.records)
        return f"{self.rule}: {self.detail}" + (f" [{where}]" if where else "")


#: Accounts of a grant share: its money is in exactly one of them.
SHARE_KINDS = ("committed", "disbursed", "spent")


def unbalanced_transactions(session):
    rows = session.execute(
        select(LedgerEntry.transaction_id, LedgerEntry.currency, func.sum(LedgerEntry.amount_minor))
        .group_by(LedgerEntry.transaction_id, LedgerEntry.currency)
        .having(func.sum(LedgerEntry.amount_minor) != 0)
    ).all()
    return [Violation("balanced", f"transaction does not balance in {currency} by {total}", (("transaction", tx),))
            for tx, currency, total in rows]


def entries_in_foreign_currency(session):
    rows = session.execute(
        select(LedgerEntry.id, LedgerAccount.code).join(LedgerAccount)
        .where(LedgerEntry.currency != LedgerAccount.currency)
    ).all()
    return [Violation("currency", f"entry currency differs from account {code}", (("entry", entry),)) for entry, code in rows]


def account_balances(session):
    """{account code: (kind, fund id, balance)} in one aggregate query."""
    rows = session.execute(
        select(LedgerAccount.code, LedgerAccount.kind, LedgerAccount.fund_id,
               total_of(LedgerEntry.amount_minor))
        .outerjoin(LedgerEntry, LedgerEntry.account_id == LedgerAccount.id)
        .group_by(LedgerAccount.id, LedgerAccount.code, LedgerAccount.kind, LedgerAccount.fund_id)
    ).all()
    return {code: (kind, fund_id, int(total)) for code, kind, fund_id, total in rows}


def negative_balances(balances):
    return [Violation("non-negative", f"{code} is {total}", (("account", code),))
            for code, (kind, _fund, total) in balances.items() if kind not in MAY_GO_NEGATIVE and total < 0]


def fund_equations(session, balances):
    """Per fund: contributions received − fees = unallocated + committed + disbursed + spent.

    Contributions come from the domain table (what is received now, in the fund's currency);
    fees from the fund's fee account, which also holds fees a processor kept on refunds.
    """
    received = {fund: int(total or 0) for fund, total in session.execute(
        select(Contribution.fund_id, func.sum(Contribution.fund_amount_minor))
        .where(Contribution.status == "received").group_by(Contribution.fund_id)
    ).all()}
    held, funds = {}, set(received)
    for code, (kind, fund_id, total) in balances.items():
        if fund_id is not None and kind in SHARE_KINDS + ("unallocated",):
            held[fund_id] = held.get(fund_id, 0) + total
            funds.add(fund_id)
        elif fund_id is not None and kind == "fees":
            received[fund_id] = received.get(fund_id, 0) - total
            funds.add(fund_id)
    return [Violation("fund equation", f"contributions net of fees {int(received.get(f) or 0)} ≠ held {held.get(f, 0)}",
                      (("fund", f),)) for f in sorted(funds) if int(received.get(f) or 0) != held.get(f, 0)]


def commitments(balances):
    """0 ≤ disbursed ≤ committed per share (committed = what remains plus what was paid)."""
    violations = []
    for code, (kind, _fund, total) in balances.items():
        if kind != "disbursed":
            continue
        remaining = balances.get(code.replace(":disbursed:", ":committed:"), (None, None, 0))[2]
        if total < 0 or remaining < 0:
            violations.append(Violation("commitment", f"{code}: disbursed {total}, remaining {remaining}", (("account", code),)))
    return violations


def contribution_postings(session):
    """A received contribution has exactly one receipt transaction; a pledge has none."""
    counts = dict(session.execute(
        select(LedgerTransaction.record_id, func.count())
        .where(LedgerTransaction.record_type == "contribution", LedgerTransaction.kind == "contribution.receive")
        .group_by(LedgerTransaction.record_id)
    ).all())
    violations = []
    for contribution_id, status in session.execute(select(Contribution.id, Contribution.status)).all():
        expected = 1 if status in ("received", "refunded") else 0
        if counts.get(contribution_id, 0) != expected:
            violations.append(Violation("one posting per payment", f"{status} contribution has {counts.get(contribution_id, 0)} receipts",
                                        (("contribution", contribution_id),)))
    return violations


def fx_recorded(session):
    rows = session.execute(
        select(LedgerTransaction.id).join(LedgerEntry).join(LedgerAccount)
        .where(LedgerAccount.code.like("fx:%"), LedgerTransaction.reverses_id.is_(None))
        .where((LedgerTransaction.fx_rate.is_(None)) | (LedgerTransaction.fx_source.is_(None)) | (LedgerTransaction.fx_date.is_(None)))
        .distinct()
    ).all()
    return [Violation("fx recorded", "FX posting without rate, source or date", (("transaction", tx),)) for (tx,) in rows]


def _by(session, query):
    return {key: int(total or 0) for key, total in session.execute(query).all()}


def grant_shares(session, balances):
    """A grant's shares add up to it, its attributed contributions too, and each share's
    committed + disbursed + spent accounts hold exactly the share (payments and reported
    expenditure only move between them)."""
    grants = _by(session, select(Grant.id, Grant.amount_minor))
    shares = _by(session, select(GrantShare.grant_id, func.sum(GrantShare.amount_minor)).group_by(GrantShare.grant_id))
    funded = _by(session, select(GrantFunding.grant_id, func.sum(GrantFunding.amount_minor)).group_by(GrantFunding.grant_id))
    violations = [Violation("grant shares", f"shares {shares.get(g, 0)} ≠ grant {amount}", (("grant", g),))
                  for g, amount in grants.items() if shares.get(g, 0) != amount]
    violations += [Violation("grant attribution", f"contributions {funded.get(g, 0)} ≠ grant {amount}", (("grant", g),))
                   for g, amount in grants.items() if funded.get(g, 0) != amount]
    for share_id, fund_id, amount in session.execute(
            select(GrantShare.id, Grant.fund_id, GrantShare.amount_minor).join(Grant)).all():
        held = sum(balances.get(f"fund:{fund_id}:{kind}:{share_id}", (None, None, 0))[2] for kind in SHARE_KINDS)
        if held != amount:
            violations.append(Violation("share accounts", f"committed + disbursed + spent {held} ≠ share {amount}",
                                        (("grant_share", share_id),)))
    return violations


#: Disbursements that still hold their tranche (the tranche is being paid or paid).
ACTIVE = ("scheduled", *MONEY_OUT)


def disbursements(session, balances):
    """One active payment per tranche exactly while it is being paid or paid, and each share's
    disbursed and spent accounts together equal its payments whose money has moved (reported
    expenditure is money already paid)."""
    active = _by(session, select(Disbursement.tranche_id, func.count()).where(Disbursement.status.in_(ACTIVE))
                 .group_by(Disbursement.tranche_id))
    violations = []
    for tranche_id, status in session.execute(select(Tranche.id, Tranche.status)).all():
        expected = 1 if status in ("in_payment", "paid") else 0
        if active.get(tranche_id, 0) != expected:
            violations.append(Violation("one payment per tranche", f"{status} tranche has {active.get(tranche_id, 0)} active payments",
                                        (("tranche", tranche_id),)))
    paid = _by(session, select(Tranche.share_id, func.sum(Disbursement.amount_minor)).join(Tranche)
               .where(Disbursement.status.in_(MONEY_OUT)).group_by(Tranche.share_id))
    for share_id, fund_id in session.execute(select(GrantShare.id, Grant.fund_id).join(Grant)).all():
        booked = sum(balances.get(f"fund:{fund_id}:{kind}:{share_id}", (None, None, 0))[2] for kind in ("disbursed", "spent"))
        if booked != paid.get(share_id, 0):
            violations.append(Violation("disbursed = payments", f"ledger {booked} ≠ payments {paid.get(share_id, 0)}",
                                        (("grant_share", share_id),)))
    return violations


def flow_sums(session):
    """The running sums a statement reads (ledger.flows) equal the entries they sum."""
    return [Violation("flows", f"kept {kept} ≠ entries {computed} (amount, entries) for {key}")
            for key, (kept, computed) in sorted(flows.disagreements(session).items(), key=str)[:20]]


def tally_sums(session):
    """The dashboard's tallies (dashboards.tallies) equal what the domain tables count."""
    return [Violation("tallies", f"{table} {key}: kept {kept} ≠ counted {counted}")
            for table, key, kept, counted in tallies.disagreements(session)[:20]]


def check(session):
    """Every violation on this database; an empty list means the books are right."""
    balances = account_balances(session)
    return [
        *unbalanced_transactions(session), *entries_in_foreign_currency(session), *negative_balances(balances),
        *fund_equations(session, balances), *commitments(balances), *contribution_postings(session),
        *fx_recorded(session), *grant_shares(session, balances), *disbursements(session, balances),
        *flow_sums(session), *tally_sums(session),
    ]
