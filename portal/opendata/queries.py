"""What the open-data exports read: published grants and money movements from the ledger.

Amounts come from ledger entries only (the status tables say who and what, never how much
moved): per grant share, the commitment (`grant.commit` on `committed:<share>`), payments
(`disbursement.pay` on `disbursed:<share>`) and reported spending (`report.spend` on
`spent:<share>`), each net of its reversals; receipts of contributions on the fund's accounts.
A reversed movement is never listed, and counts nowhere: its reversal cancels it in the totals.

Grants flagged "do not publish" are filtered out in SQL, before any row reaches an export.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, false, func
from sqlalchemy.orm import aliased
from sqlmodel import select

from portal.accounts.models import Organisation
from portal.applications.models import Application, ConsortiumMember
from portal.donors.models import Contribution, Donor
from portal.funds.models import Call, Tier
from portal.funds.statement import RECEIPTS
from portal.grants.models import Grant, GrantShare
from portal.ledger.models import LedgerAccount, LedgerEntry, LedgerTransaction

#: Per share account kind: the ledger kind that moves money into it (never translated).
FLOWS = {"committed": "grant.commit", "disbursed": "disbursement.pay", "spent": "report.spend"}


@dataclass(frozen=True)
class Movement:
    """One unreversed ledger transaction as an export lists it."""

    transaction_id: int
    at: datetime
    amount_minor: int


@dataclass
class ShareMoney:
    """A share's figures in minor units of the fund's currency, net of reversals."""

    totals: dict = field(default_factory=lambda: defaultdict(int))
    movements: dict = field(default_factory=lambda: defaultdict(list))

    @property
    def awarded_minor(self):
        return self.totals["committed"]

    @property
    def disbursed_minor(self):
        return self.totals["disbursed"]

    @property
    def spent_minor(self):
        return self.totals["spent"]


@dataclass(frozen=True)
class PublishedShare:
    """A share of a publishable grant with everything an export may say about it."""

    grant: Grant
    share: GrantShare
    application: Application
    organisation: Organisation
    call: Call
    tier: Tier
    #: What this member asked for in a consortium application (None for a single organisation).
    requested_share_minor: int | None
    #: 1-based position among the grant's shares, and how many shares the grant has.
    position: int
    share_count: int


def published_shares(session, fund):
    """Shares of the fund's grants that may be published, oldest award first."""
    member = aliased(ConsortiumMember)
    rows = session.exec(
        select(Grant, GrantShare, Application, Organisation, Call, Tier, member.share_minor)
        .join(GrantShare, GrantShare.grant_id == Grant.id)
        .join(Application, Application.id == Grant.application_id)
        .join(Organisation, Organisation.id == GrantShare.organisation_id)
        .join(Tier, Tier.id == Application.tier_id)
        .join(Call, Call.id == Tier.call_id)
        .outerjoin(member, and_(member.application_id == Application.id,
                                member.organisation_id == GrantShare.organisation_id))
        .where(Grant.fund_id == fund.id, Grant.do_not_publish == false())
        .order_by(Grant.awarded_at, Grant.id, GrantShare.id)
    ).all()
    counts = defaultdict(int)
    for grant, *_rest in rows:
        counts[grant.id] += 1
    positions = defaultdict(int)
    shares = []
    for grant, share, application, organisation, call, tier, requested in rows:
        positions[grant.id] += 1
        shares.append(PublishedShare(grant, share, application, organisation, call, tier, requested,
                                     positions[grant.id], counts[grant.id]))
    return shares


def published_share_count(session, fund):
    """How many grant records the exports will write (for progress bars)."""
    return session.exec(
        select(func.count(GrantShare.id)).join(Grant, Grant.id == GrantShare.grant_id)
        .where(Grant.fund_id == fund.id, Grant.do_not_publish == false())
    ).one()


def share_money(session, fund):
    """{share id: ShareMoney} for every share with ledger movements in the fund."""
    original, reversal = aliased(LedgerTransaction), aliased(LedgerTransaction)
    rows = session.execute(
        select(LedgerAccount.code, LedgerAccount.kind, LedgerTransaction.id, LedgerTransaction.kind,
               original.kind, reversal.id, LedgerTransaction.created_at, func.sum(LedgerEntry.amount_minor))
        .select_from(LedgerEntry)
        .join(LedgerAccount, LedgerAccount.id == LedgerEntry.account_id)
        .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
        .outerjoin(original, original.id == LedgerTransaction.reverses_id)
        .outerjoin(reversal, reversal.reverses_id == LedgerTransaction.id)
        .where(LedgerAccount.fund_id == fund.id, LedgerAccount.kind.in_(tuple(FLOWS)))
        .group_by(LedgerAccount.code, LedgerAccount.kind, LedgerTransaction.id, LedgerTransaction.kind,
                  original.kind, reversal.id, LedgerTransaction.created_at)
        .order_by(LedgerTransaction.created_at, LedgerTransaction.id)
    ).all()
    figures = defaultdict(ShareMoney)
    for code, account_kind, transaction_id, kind, reversed_kind, reversed_by, at, amount in rows:
        flow = FLOWS[account_kind]
        if flow not in (kind, reversed_kind):
            continue  # money leaving the account for the next stage (paid, spent) is not a reversal
        money = figures[int(code.rsplit(":", 1)[1])]
        money.totals[account_kind] += int(amount)
        if kind == flow and reversed_by is None:
            money.movements[account_kind].append(Movement(transaction_id, at, int(amount)))
    return figures


@dataclass(frozen=True)
class Receipt:
    """Money a donor gave that reached the fund (not reversed), in the currency she gave it in."""

    transaction_id: int
    at: datetime
    #: The date of the exchange rate for a contribution in another currency, else None.
    fx_date: object
    currency: str
    given_minor: int
    donor: Donor


def receipts(session, fund):
    """Unreversed receipts (and reinstatements) of the fund's contributions, oldest first."""
    reversal = aliased(LedgerTransaction)
    given = func.sum(-LedgerEntry.amount_minor)
    rows = session.execute(
        select(LedgerTransaction.id, LedgerTransaction.created_at, LedgerTransaction.fx_date,
               LedgerAccount.currency, given, Donor)
        .select_from(LedgerTransaction)
        .join(Contribution, and_(LedgerTransaction.record_type == "contribution",
                                 LedgerTransaction.record_id == Contribution.id))
        .join(Donor, Donor.id == Contribution.donor_id)
        .join(LedgerEntry, LedgerEntry.transaction_id == LedgerTransaction.id)
        .join(LedgerAccount, LedgerAccount.id == LedgerEntry.account_id)
        .outerjoin(reversal, reversal.reverses_id == LedgerTransaction.id)
        .where(Contribution.fund_id == fund.id, LedgerTransaction.kind.in_(RECEIPTS), reversal.id.is_(None),
               LedgerAccount.code.like("external:donor:%"))
        .group_by(LedgerTransaction.id, LedgerTransaction.created_at, LedgerTransaction.fx_date,
                  LedgerAccount.currency, Donor.id)
        .order_by(LedgerTransaction.created_at, LedgerTransaction.id)
    ).all()
    return [Receipt(tid, at, fx_date, currency, int(amount), donor) for tid, at, fx_date, currency, amount, donor in rows]


def pledges(session, fund):
    """Contributions promised to the fund: every pledge received, and bank-transfer pledges not
    yet received. A card pledge still "pledged" is a checkout the donor never finished, not a
    promise; failed and refunded contributions promise nothing."""
    promised = (Contribution.status == "received") | (
        (Contribution.status == "pledged") & (Contribution.source == "bank_transfer"))
    return session.exec(
        select(Contribution, Donor).join(Donor, Donor.id == Contribution.donor_id)
        .where(Contribution.fund_id == fund.id, promised)
        .order_by(Contribution.created_at, Contribution.id)
    ).all()
