"""A fund's funding status (MPTF style), read from the ledger with SQL aggregation only.

Sources: contributions received (gross, in the fund's currency) less refunds and fees give the
net funding. Uses: unallocated, committed (not yet paid), disbursed and reported expenditure
(spent, from accepted reports). The balance is everything the fund's books hold
(unallocated + committed + disbursed + spent), computed
from the account balances on its own, so a statement whose balance differs from its net funding
shows a broken books at a glance (`ledger.invariants` says the same).

Every figure is a GROUP BY over the fund's ledger flows (running sums of the entries, kept with
every posting and checked against them by the ledger check); Python only arranges the rows.
"""
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import and_, case
from sqlmodel import select

from portal import money
from portal.db import total_of
from portal.donors.models import Donor
from portal.ledger.models import LedgerFlow

RECEIPT = "contribution.receive"
#: Transactions that bring a contribution's money in: the receipt, and its reinstatement after a
#: card dispute the fund won (the reversal in between counts as a refund).
RECEIPTS = (RECEIPT, "contribution.reinstate")
#: Fund account kinds whose sum is what the fund's books hold (fees have left the fund; FX
#: rounding records the difference between a stated rate and what the bank credited).
HELD_KINDS = ("unallocated", "committed", "disbursed", "spent")


@dataclass(frozen=True)
class DonorLine:
    """What one donor gave in one currency, and what it became in the fund's currency."""

    donor_id: int
    donor: str
    currency: str
    given_minor: int
    received_minor: int
    refunded_minor: int
    #: The donor's kind (donors.models.DONOR_KINDS): dashboards never name an individual.
    kind: str = ""


@dataclass(frozen=True)
class FxLine:
    """Receipts in one foreign currency: the sum given against the sum converted into the fund's."""

    currency: str
    given_minor: int
    converted_minor: int
    fund_currency: str

    @property
    def rate(self):
        """The average rate obtained: fund currency per unit given (exact decimals, 6 places)."""
        given = money.from_minor(self.given_minor, self.currency)
        if not given:
            return None
        return (money.from_minor(self.converted_minor, self.fund_currency) / given).quantize(Decimal("0.000001"))


@dataclass
class Statement:
    fund: object
    donors: list = field(default_factory=list)
    fx: list = field(default_factory=list)
    received_minor: int = 0
    refunded_minor: int = 0
    fees_minor: int = 0
    unallocated_minor: int = 0
    committed_minor: int = 0
    disbursed_minor: int = 0
    #: Reported expenditure: the part of the disbursed money grantees reported spending.
    spent_minor: int = 0
    rounding_minor: int = 0
    balance_minor: int = 0

    @property
    def currency(self):
        return self.fund.currency

    @property
    def net_minor(self):
        """Net funding: received − refunded − fees; equals the balance when the books are right."""
        return self.received_minor - self.refunded_minor - self.fees_minor


#: Account classes of a fund's own books (ledger.flows.account_class), FX rounding apart.
FUND_CLASSES = ("unallocated", "committed", "disbursed", "spent", "fees")


def _of_fund(fund):
    """The fund's flows (ledger.flows: running sums kept with every posting, so a statement reads
    a few thousand rows whatever the size of the ledger)."""
    return select().select_from(LedgerFlow).where(LedgerFlow.fund_id == fund.id)


def account_totals(session, fund):
    """{account kind: balance} over the fund's accounts."""
    rows = session.execute(
        _of_fund(fund).add_columns(LedgerFlow.account_class, total_of(LedgerFlow.amount_minor))
        .where(LedgerFlow.account_class.in_((*FUND_CLASSES, "rounding"))).group_by(LedgerFlow.account_class)
    ).all()
    return {kind: int(total) for kind, total in rows}


def _legs():
    """Sums of a contribution's legs: given (donor side), received and refunded (fund side)."""
    is_receipt = LedgerFlow.kind.in_(RECEIPTS)
    on_fund = LedgerFlow.account_class.in_(FUND_CLASSES)
    given = case((and_(is_receipt, LedgerFlow.account_class == "donor"), -LedgerFlow.amount_minor), else_=0)
    received = case((and_(is_receipt, on_fund), LedgerFlow.amount_minor), else_=0)
    refunded = case((and_(LedgerFlow.reversed_kind != "", on_fund), -LedgerFlow.amount_minor), else_=0)
    return total_of(given), total_of(received), total_of(refunded)


def flows(session, fund):
    """(received, refunded): receipts and their reversals, as they reached the fund's accounts."""
    on_fund = LedgerFlow.account_class.in_(FUND_CLASSES)
    received = case((and_(LedgerFlow.kind.in_(RECEIPTS), on_fund), LedgerFlow.amount_minor), else_=0)
    refunded = case((and_(LedgerFlow.reversed_kind.in_(RECEIPTS), on_fund), -LedgerFlow.amount_minor), else_=0)
    row = session.execute(_of_fund(fund).add_columns(total_of(received), total_of(refunded))).one()
    return int(row[0]), int(row[1])


def by_donor(session, fund):
    """Per donor and currency given: given, received and refunded, largest first."""
    given, received, refunded = _legs()
    rows = session.execute(
        _of_fund(fund).add_columns(Donor.id, Donor.name, LedgerFlow.given_currency, given, received, refunded,
                                   Donor.kind)
        .join(Donor, Donor.id == LedgerFlow.donor_id)
        .group_by(Donor.id, Donor.name, LedgerFlow.given_currency, Donor.kind)
        .order_by(received.desc(), Donor.name)
    ).all()
    return [DonorLine(donor_id, name, currency, int(g), int(r), int(f), kind)
            for donor_id, name, currency, g, r, f, kind in rows]


def fx_lines(session, fund):
    """Per foreign currency: the sum given and what it became in the fund's currency when received."""
    given, received, _refunded = _legs()
    rows = session.execute(
        _of_fund(fund).add_columns(LedgerFlow.given_currency, given, received)
        .where(LedgerFlow.donor_id != 0, LedgerFlow.given_currency != fund.currency)
        .group_by(LedgerFlow.given_currency).order_by(LedgerFlow.given_currency)
    ).all()
    return [FxLine(currency, int(g), int(r), fund.currency) for currency, g, r in rows]


def fund_statement(session, fund):
    """Everything the statement page and its CSV show, for one fund."""
    totals = account_totals(session, fund)
    received, refunded = flows(session, fund)
    return Statement(
        fund=fund, donors=by_donor(session, fund), fx=fx_lines(session, fund),
        received_minor=received, refunded_minor=refunded, fees_minor=totals.get("fees", 0),
        unallocated_minor=totals.get("unallocated", 0), committed_minor=totals.get("committed", 0),
        disbursed_minor=totals.get("disbursed", 0), spent_minor=totals.get("spent", 0), rounding_minor=totals.get("rounding", 0),
        balance_minor=sum(totals.get(kind, 0) for kind in HELD_KINDS),
    )
