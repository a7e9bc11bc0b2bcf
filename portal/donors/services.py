"""Contributions: pledges, receipts (bank transfer or Stripe), failures and refunds.

Every receipt and refund posts to the ledger inside `money_transaction`, in the same database
transaction as the status change, under a key derived from the contribution so a replayed
request or webhook can never book the same money twice.
"""
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlmodel import select

from portal import audit, money
from portal.accounts.models import User
from portal.domain import DomainError
from portal.donors.models import Contribution, Donor
from portal.funds.models import Fund
from portal.ledger import accounts
from portal.ledger.accounts import AccountRef
from portal.ledger.locking import money_transaction
from portal.ledger.models import LedgerTransaction
from portal.ledger.posting import Leg, balance, entries_of, find_transaction, post, reverse
from portal.types import utcnow


class ContributionRefused(DomainError):
    """A contribution that cannot be recorded as asked."""


def receive_key(contribution_id):
    return f"contribution:{contribution_id}:receive"


def pledge(session, *, fund, donor, amount_minor, currency, source, pledge_key, actor_id=None, earmark=None):
    """A pledged contribution (no money yet); the same key returns the same pledge."""
    existing = session.exec(select(Contribution).where(Contribution.pledge_key == pledge_key)).first()
    if existing is not None:
        return existing
    if amount_minor <= 0:
        raise ContributionRefused(_l("The amount must be more than zero."))
    money.exponent(currency)  # refuses currencies without a known minor unit
    kind, value = earmark or (None, None)
    contribution = Contribution(fund_id=fund.id, donor_id=donor.id, amount_minor=amount_minor, currency=currency,
                                source=source, pledge_key=pledge_key, created_by_id=actor_id,
                                earmark_kind=kind, earmark_value=value)
    session.add(contribution)
    session.flush()
    return contribution


#: A credited amount further than this from the amount at the stated rate points to a wrong rate.
MAX_FX_DIFFERENCE = Decimal("0.01")


def conversion(contribution, fund, fx):
    """(amount at the rate, amount credited, ledger FX fields) in the fund's currency.

    The bank may credit a slightly different amount than the rate gives (its own rounding); that
    difference is booked explicitly on the fund's FX rounding account.
    """
    if contribution.currency == fund.currency:
        return contribution.amount_minor, contribution.amount_minor, {}
    if not fx or not fx.get("rate"):
        raise ContributionRefused(_l("An exchange rate is needed for a contribution in another currency."))
    rate = money.parse(fx["rate"])
    converted = money.convert(contribution.amount_minor, contribution.currency, fund.currency, rate)
    credited = converted
    if fx.get("credited") is not None:
        credited = money.to_minor(fx["credited"], fund.currency)
        if abs(credited - converted) > converted * MAX_FX_DIFFERENCE:
            raise ContributionRefused(_l("The amount credited is too far from the amount at this rate. Please check the rate."))
    fields = {"fx_rate": str(rate), "fx_source": fx.get("source") or "manual", "fx_date": fx.get("date") or date.today()}
    return converted, credited, fields


def receive_in(session, *, contribution, fee_minor=0, fx=None, actor_id=None):
    """Book a pledged contribution as received (call inside money_transaction)."""
    if contribution.status == "received":
        return contribution
    if contribution.status != "pledged":
        raise ContributionRefused(_l("This contribution can no longer be received."))
    fund = session.get(Fund, contribution.fund_id)
    converted, fund_amount, fx_fields = conversion(contribution, fund, fx)
    if not 0 <= fee_minor <= fund_amount:
        raise ContributionRefused(_l("The fee cannot be larger than the contribution."))
    given = contribution.currency
    if fx_fields:  # the donor's currency goes to the FX desk, which pays the fund in its currency
        legs = [Leg(accounts.donor_money(given), -contribution.amount_minor),
                Leg(accounts.fx(given, fund.currency, given), contribution.amount_minor),
                Leg(accounts.fx(given, fund.currency, fund.currency), -converted)]
        if converted != fund_amount:
            legs.append(Leg(accounts.rounding(fund), converted - fund_amount))
    else:
        legs = [Leg(accounts.donor_money(given), -fund_amount)]
    legs.append(Leg(accounts.unallocated(fund), fund_amount - fee_minor))
    if fee_minor:
        legs.append(Leg(accounts.fees(fund), fee_minor))
    post(session, kind="contribution.receive", legs=legs, idempotency_key=receive_key(contribution.id),
         memo=f"Contribution {contribution.id}", actor=session.get(User, actor_id) if actor_id else None,
         record=contribution, fx=fx_fields)
    contribution.status, contribution.received_at = "received", utcnow()
    contribution.fund_amount_minor, contribution.fee_minor = fund_amount, fee_minor
    contribution.fx_rate = fx_fields.get("fx_rate")
    contribution.fx_source, contribution.fx_date = fx_fields.get("fx_source"), fx_fields.get("fx_date")
    session.add(contribution)
    audit.record(session, actor=_actor(session, actor_id), action="contribution.receive", record=contribution,
                 after={"fund_amount_minor": fund_amount, "fee_minor": fee_minor})
    session.flush()
    return contribution


def record_bank_transfer(*, fund_id, donor_id, amount: Decimal, currency, value_date, bank_reference,
                         idempotency_key, actor_id, fee: Decimal = Decimal(0), fx=None, earmark=None):
    """A finance officer records money that arrived by bank transfer; returns the contribution id."""

    def work(session):
        fund, donor = session.get(Fund, fund_id), session.get(Donor, donor_id)
        contribution = pledge(session, fund=fund, donor=donor, amount_minor=money.to_minor(amount, currency),
                              currency=currency, source="bank_transfer", pledge_key=idempotency_key,
                              actor_id=actor_id, earmark=earmark)
        if contribution.status == "pledged":
            contribution.value_date, contribution.bank_reference = value_date, bank_reference
            receive_in(session, contribution=contribution, fee_minor=money.to_minor(fee, fund.currency), fx=fx,
                       actor_id=actor_id)
        return contribution.id

    return money_transaction(work)


def refund_in(session, *, contribution, actor_id=None, reason="refund", keep_fee=False):
    """Reverse a received contribution (refund or lost dispute); the fund must still hold it.

    `keep_fee`: the processor keeps its fee on a refund (Stripe does), so the fee stays spent
    and the fund bears it: after the reversal, the fee moves from unallocated to fees again. If
    the fund's unallocated money cannot bear it, the refund is still booked and the contribution
    is flagged for finance rather than the books going negative.
    """
    if contribution.status == "refunded":
        return contribution
    booking = current_booking(session, contribution)
    if contribution.status != "received" or booking is None:
        raise ContributionRefused(_l("Only a received contribution can be refunded."))
    key = f"contribution:{contribution.id}:{reason}"
    if booking.kind != "contribution.receive":  # money booked again after a won dispute
        key = f"{key}:{booking.id}"
    reverse(session, transaction=booking, idempotency_key=key,
            actor=_actor(session, actor_id), memo=f"{reason.capitalize()} of contribution {contribution.id}")
    if keep_fee and contribution.fee_minor:
        _keep_fee(session, contribution, key, actor_id)
    contribution.status, contribution.refunded_at = "refunded", utcnow()
    session.add(contribution)
    audit.record(session, actor=_actor(session, actor_id), action=f"contribution.{reason}", record=contribution,
                 before={"status": "received"}, after={"status": "refunded"})
    session.flush()
    return contribution


#: Ledger kind of a receipt booked again after its reversal (a card dispute the fund won). Not
#: "contribution.receive": a contribution keeps exactly one receipt transaction.
REINSTATE_KIND = "contribution.reinstate"


def reinstate_in(session, contribution, key, actor_id=None):
    """Book a reversed contribution's money again (a dispute won): call inside money_transaction.

    Posts the original receipt's legs once more — same accounts, amounts, fee and FX fields, so
    the fund gets back exactly what the reversal took — as a REINSTATE_KIND transaction under
    `key`, and sets the status back to "received". The same key returns without posting again.
    """
    if find_transaction(session, key) is not None:
        return contribution
    original = find_transaction(session, receive_key(contribution.id))
    if contribution.status != "refunded" or original is None:
        raise ContributionRefused(_l("This contribution can no longer be received."))
    legs = [Leg(AccountRef(account.code, account.kind, account.currency, account.fund_id), entry.amount_minor)
            for entry, account in entries_of(session, original)]
    fx_fields = {"fx_rate": original.fx_rate, "fx_source": original.fx_source, "fx_date": original.fx_date}
    post(session, kind=REINSTATE_KIND, legs=legs, idempotency_key=key,
         memo=f"Contribution {contribution.id} booked again", actor=_actor(session, actor_id), record=contribution,
         fx=fx_fields if original.fx_rate else None)
    contribution.status, contribution.refunded_at = "received", None
    session.add(contribution)
    audit.record(session, actor=_actor(session, actor_id), action="contribution.reinstate", record=contribution,
                 before={"status": "refunded"}, after={"status": "received"})
    session.flush()
    return contribution


def _keep_fee(session, contribution, key, actor_id):
    fund = session.get(Fund, contribution.fund_id)
    if balance(session, accounts.unallocated(fund).code) < contribution.fee_minor:
        contribution.flag = "refund_fee_not_covered"
        return
    post(session, kind="contribution.fee_kept", idempotency_key=f"{key}:fee_kept", record=contribution,
         legs=[Leg(accounts.unallocated(fund), -contribution.fee_minor), Leg(accounts.fees(fund), contribution.fee_minor)],
         actor=_actor(session, actor_id), memo=f"Fee kept by the processor on contribution {contribution.id}")


def current_booking(session, contribution):
    """The receipt, or its latest reinstatement, that holds the contribution's money now (None if
    every booking has been reversed)."""
    bookings = session.exec(
        select(LedgerTransaction).where(
            LedgerTransaction.record_type == "contribution", LedgerTransaction.record_id == contribution.id,
            LedgerTransaction.kind.in_(("contribution.receive", REINSTATE_KIND)),
        ).order_by(LedgerTransaction.id.desc())
    ).all()
    reversed_ids = set(session.exec(select(LedgerTransaction.reverses_id).where(
        LedgerTransaction.reverses_id.in_([booking.id for booking in bookings]))).all()) if bookings else set()
    return next((booking for booking in bookings if booking.id not in reversed_ids), None)


def _actor(session, actor_id):
    return session.get(User, actor_id) if actor_id else None
