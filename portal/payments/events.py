"""What each Stripe event does to a contribution (called inside one money transaction).

Stripe delivers at least once and in any order, so every effect here is safe to meet twice and
in any sequence:

* A payment is booked once: `receive_in` posts under a key derived from the contribution.
* Session and charge amounts are re-checked against the pledge; a mismatch flags the
  contribution for finance and books nothing.
* A refund or dispute that arrives before the payment is confirmed is recorded as *deferred*
  with its PaymentIntent; the confirmation applies it right after booking the receipt, so
  refund-then-payment and payment-then-refund end in the same books.
* Failure and expiry only fail a pledge that has not been paid; they never undo a receipt.
* A payment is booked with what Stripe actually settled (fee, exchange rate, amount), read from
  the charge's balance transaction. That read is a network call, so it never happens inside a
  money transaction: `apply` raises NeedsSettlement, the caller rolls back, fetches it and runs
  the event again with it (see `webhooks.process_event`).
* A dispute the fund won (`charge.dispute.closed`, status "won") books the money again with
  `reinstate_in`, once, whichever of the payment, the dispute and its closing arrives first: a
  closing that finds no dispute reversal yet is *deferred* and applied right after it.
"""
from sqlalchemy import text
from sqlmodel import select

from portal import audit, money
from portal.domain import DomainError
from portal.donors.models import Contribution
from portal.donors.services import ContributionRefused, receive_in, refund_in, reinstate_in
from portal.funds.models import Fund
from portal.ledger.posting import find_transaction
from portal.payments.models import StripeEvent
from portal.payments.stripe_adapter import ZERO_DECIMAL, StripeAmountError, stripe_amount
from portal.types import utcnow

RECEIPT_EVENTS = ("checkout.session.completed", "checkout.session.async_payment_succeeded")
FAILURE_EVENTS = ("checkout.session.async_payment_failed", "checkout.session.expired")
REVERSAL_EVENTS = {"charge.refunded": "refund", "charge.dispute.created": "dispute"}
DISPUTE_CLOSED = "charge.dispute.closed"
#: Closed dispute statuses after which the fund keeps the money: "won", and "warning_closed" (an
#: inquiry that never became a dispute; `charge.dispute.created` reversed it all the same).
KEPT = ("won", "warning_closed")
#: Every event type the portal acts on (the webhook endpoint and reconciliation ask for these).
HANDLED = (*RECEIPT_EVENTS, *FAILURE_EVENTS, *REVERSAL_EVENTS, DISPUTE_CLOSED)


class NeedsSettlement(Exception):
    """Booking this payment needs Stripe's balance transaction: roll back, fetch it, run again."""

    def __init__(self, payment_intent):
        super().__init__(payment_intent)
        self.payment_intent = payment_intent


def apply(session, record, event, settlement=None):
    """Carry out `event` and fill in `record` (its StripeEvent row); returns the outcome.

    `settlement` is the `stripe_adapter.Settlement` of the event's payment, when the caller has
    fetched it; a paid receipt that needs it and does not have it raises NeedsSettlement.
    """
    kind, obj = event["type"], event["data"]["object"]
    _serialise_payment(session, obj.get("payment_intent"))
    if kind in RECEIPT_EVENTS or kind in FAILURE_EVENTS:
        contribution = _by_checkout_session(session, obj)
        if contribution is None:
            return "unmatched"
        record.contribution_id = contribution.id
        intent = obj.get("payment_intent")
        if intent and not contribution.stripe_payment_intent_id:
            contribution.stripe_payment_intent_id = intent
            session.add(contribution)
        record.payment_intent_id = contribution.stripe_payment_intent_id
        if kind in FAILURE_EVENTS:
            return _fail(session, contribution)
        if kind == "checkout.session.completed" and obj.get("payment_status") != "paid":
            return "awaiting_payment"  # bank debits and vouchers confirm later, asynchronously
        return _receive(session, contribution, obj, settlement)
    if kind in REVERSAL_EVENTS:
        return _reverse(session, record, obj, REVERSAL_EVENTS[kind])
    if kind == DISPUTE_CLOSED:
        return _dispute_closed(session, record, obj)
    return "ignored"


def _serialise_payment(session, intent):
    """On PostgreSQL, events about one payment run one after another.

    Without this, a refund and the payment's confirmation delivered at the same moment each miss
    the other's uncommitted row (the refund is deferred, the receipt finds nothing deferred) and
    the refund is never applied. The lock is taken before any contribution row or ledger account,
    so the lock order stays fixed. SQLite's BEGIN IMMEDIATE already runs them one at a time.
    """
    if intent and session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"stripe:{intent}"})


def _metadata_id(obj):
    value = (obj.get("metadata") or {}).get("contribution_id")
    return int(value) if value and str(value).isdigit() else None


def _by_checkout_session(session, obj):
    """Our metadata id AND the session id we stored must both match, so a second session naming
    the same pledge is ignored. Only a pledge whose session id was never stored (the request
    crashed after Stripe answered) adopts it: the event is signed, so Stripe made that session
    with our key and our metadata."""
    named = _metadata_id(obj)
    contribution = session.get(Contribution, named, with_for_update=True) if named else None
    if contribution is None or contribution.source != "stripe":
        return None
    if contribution.stripe_session_id is None and obj.get("id"):
        contribution.stripe_session_id = obj["id"]
        session.add(contribution)
    return contribution if contribution.stripe_session_id == obj.get("id") else None


def _flag(session, contribution, flag):
    contribution.flag = flag
    session.add(contribution)
    audit.record(session, actor=None, action="contribution.flag", record=contribution, after={"flag": flag})
    session.flush()


def _amount_matches(contribution, obj):
    try:
        expected = stripe_amount(contribution.amount_minor, contribution.currency)
    except StripeAmountError:
        return False
    return obj.get("amount_total") == expected and obj.get("currency") == contribution.currency.lower()


def _receive(session, contribution, obj, settlement):
    if contribution.status in ("received", "refunded"):
        return "already_done"
    if contribution.status != "pledged":
        _flag(session, contribution, "paid_after_failure")
        return "flagged"
    if not _amount_matches(contribution, obj):
        _flag(session, contribution, "amount_mismatch")
        return "amount_mismatch"
    intent = contribution.stripe_payment_intent_id
    if not intent:
        _flag(session, contribution, "no_payment_intent")  # nothing to read the fee and rate from
        return "flagged"
    if settlement is None or settlement.payment_intent != intent:
        raise NeedsSettlement(intent)
    outcome = _book(session, contribution, session.get(Fund, contribution.fund_id), settlement)
    if outcome == "received":
        _apply_deferred(session, contribution)
    return outcome


def _book(session, contribution, fund, settlement):
    """Book the payment with Stripe's fee and, for a gift in another currency, Stripe's rate.

    The balance transaction is in the currency Stripe settled in (our Stripe account's
    settlement currency for this charge):

    * settled in the fund's currency: the fee is already in the fund's currency and is booked
      on `fund:<id>:fees`. A gift in another currency is booked through the FX accounts at the
      balance transaction's `exchange_rate` (source "Stripe balance transaction <id>", date its
      creation date in UTC), crediting the fund with the settled gross `amount`, so Stripe's own
      rounding lands on the fund's FX rounding account.
    * settled in a third currency (neither the gift's nor the fund's, or a same-currency gift
      that Stripe converted): the money sits in a Stripe balance the fund does not hold, and what
      it becomes in the fund's currency is only known when finance converts it. Guessing a rate
      would put a made-up number in the books, so the contribution is flagged "fx_needed" and
      not booked, as before, and finance books it with the rate it really gets.
    """
    if (settlement.charge_amount, settlement.charge_currency) != (contribution.amount_minor, contribution.currency):
        _flag(session, contribution, "amount_mismatch")
        return "amount_mismatch"
    if settlement.currency != fund.currency or not _same_minor_unit(fund.currency):
        _flag(session, contribution, "fx_needed")
        return "flagged"
    fx = None
    if contribution.currency == fund.currency:
        if settlement.amount != contribution.amount_minor:
            _flag(session, contribution, "fx_needed")  # Stripe converted a same-currency payment
            return "flagged"
    elif settlement.exchange_rate is None:
        _flag(session, contribution, "fx_needed")
        return "flagged"
    else:
        fx = {"rate": settlement.exchange_rate, "source": f"Stripe balance transaction {settlement.balance_transaction}"[:80],
              "date": settlement.created, "credited": money.from_minor(settlement.amount, fund.currency)}
    try:
        receive_in(session, contribution=contribution, fee_minor=settlement.fee, fx=fx)
    except ContributionRefused:
        # Stripe's numbers disagree with themselves (a fee above the amount, a credited amount
        # far from the rate): nothing was posted, finance looks at the balance transaction.
        _flag(session, contribution, "settlement_mismatch")
        return "flagged"
    return "received"


def _same_minor_unit(currency):
    """Stripe's settled minor units are ours only when both agree on the currency's exponent."""
    try:
        return (currency in ZERO_DECIMAL) == (money.exponent(currency) == 0)
    except money.MoneyError:
        return False


def _apply_deferred(session, contribution):
    """Refunds, disputes and won dispute closings that arrived before what they need take effect now.

    Reversals first, then closings, so a payment confirmed after its dispute and the dispute's
    closing ends in the same books as one confirmed before them. A closing whose dispute has not
    arrived yet stays deferred.
    """
    if not contribution.stripe_payment_intent_id:
        return
    waiting = session.exec(select(StripeEvent).where(
        StripeEvent.payment_intent_id == contribution.stripe_payment_intent_id,
        StripeEvent.outcome == "deferred").order_by(StripeEvent.id)).all()
    for record in sorted(waiting, key=lambda record: record.type == DISPUTE_CLOSED):
        if record.type == DISPUTE_CLOSED:
            outcome = _reinstate(session, contribution)
            if outcome == "deferred":
                continue
            outcome = "applied_late" if outcome == "reinstated" else outcome
        else:
            outcome = _refund(session, contribution, REVERSAL_EVENTS[record.type], late=True)
        record.contribution_id = contribution.id
        record.outcome, record.processed_at = outcome, utcnow()
        session.add(record)
        session.flush()


def _fail(session, contribution):
    if contribution.status != "pledged":
        return "already_done"
    contribution.status = "failed"
    session.add(contribution)
    audit.record(session, actor=None, action="contribution.fail", record=contribution,
                 before={"status": "pledged"}, after={"status": "failed"})
    session.flush()
    return "failed"


def _reverse(session, record, obj, reason):
    """A refund (charge.refunded) or dispute (charge.dispute.created): the money goes back."""
    intent = obj.get("payment_intent")
    record.payment_intent_id = intent
    contribution = session.exec(select(Contribution).where(
        Contribution.stripe_payment_intent_id == intent).with_for_update()).first() if intent else None
    named = _metadata_id(obj)
    if contribution is None:
        record.contribution_id = named if named and session.get(Contribution, named) else None
        return "deferred" if intent else "unmatched"
    if named and named != contribution.id:
        return "unmatched"
    record.contribution_id = contribution.id
    if reason == "refund" and obj.get("refunded") is not True:
        _flag(session, contribution, "partial_refund")  # only whole refunds are reversed automatically
        return "flagged"
    if reason == "dispute" and isinstance(obj.get("amount"), int) and obj["amount"] < contribution.amount_minor:
        _flag(session, contribution, "partial_dispute")  # only whole disputes are reversed automatically
        return "flagged"
    if contribution.status == "pledged":
        return "deferred"  # not booked yet (e.g. waiting for an async payment): applied on receipt
    outcome = _refund(session, contribution, reason)
    if reason == "dispute":
        record.outcome = outcome
        session.add(record)
        _apply_deferred(session, contribution)  # the dispute's closing may have come first
    return outcome


def _refund(session, contribution, reason, late=False):
    if contribution.status == "refunded":
        return "already_done"
    if contribution.status != "received":
        return "ignored"
    if _reinstatement(session, contribution) is not None:
        # Booked again after a won dispute: `refund_in` would find the receipt already reversed
        # and move nothing, so finance reverses the reinstatement by hand.
        _flag(session, contribution, f"{reason}_after_dispute_won")
        return "flagged"
    try:
        # Stripe keeps its processing fee on a refund; a dispute's fees are not booked yet.
        refund_in(session, contribution=contribution, reason=reason, keep_fee=reason == "refund")
    except DomainError:
        # The money is already committed to grants: finance decides where it comes back from.
        _flag(session, contribution, f"{reason}_not_covered")
        return "flagged"
    if late:
        return "applied_late"
    return "refunded" if reason == "refund" else "disputed"


def _reinstatement_key(contribution):
    """One reinstatement per contribution, paired with its one dispute reversal
    ("contribution:<id>:dispute"): Stripe allows one dispute per charge, and a PaymentIntent has
    one successful charge. (The dispute id is not stored on a deferred event row, and a closing
    applied when the payment is confirmed has only the PaymentIntent to go by.)"""
    return f"contribution:{contribution.id}:dispute_won"


def _reinstatement(session, contribution):
    return find_transaction(session, _reinstatement_key(contribution))


def _dispute_closed(session, record, obj):
    """charge.dispute.closed: won → the money comes back once; lost → the reversal stands."""
    intent = obj.get("payment_intent")
    record.payment_intent_id = intent
    if obj.get("status") not in KEPT:
        contribution = _by_payment_intent(session, intent)
        record.contribution_id = contribution.id if contribution is not None else None
        return "dispute_lost" if obj.get("status") == "lost" else "ignored"
    contribution = _by_payment_intent(session, intent)
    if contribution is None:
        return "deferred" if intent else "unmatched"
    named = _metadata_id(obj)
    if named and named != contribution.id:
        return "unmatched"
    record.contribution_id = contribution.id
    return _reinstate(session, contribution)


def _by_payment_intent(session, intent):
    if not intent:
        return None
    return session.exec(select(Contribution).where(
        Contribution.stripe_payment_intent_id == intent).with_for_update()).first()


def _reinstate(session, contribution):
    """Book a won dispute's money again, or say why not (yet)."""
    if _reinstatement(session, contribution) is not None:
        return "already_done"
    if contribution.status == "refunded":
        if find_transaction(session, f"contribution:{contribution.id}:dispute") is None:
            return "ignored"  # refunded, not disputed: the dispute did not take the money back
        reinstate_in(session, contribution, _reinstatement_key(contribution))
        return "reinstated"
    if contribution.status == "received" and _dispute_seen(session, contribution):
        return "already_done"  # the dispute was flagged, not reversed: the books never lost it
    if contribution.status in ("pledged", "received"):
        return "deferred"  # the payment or the dispute is still to come: applied after it
    return "ignored"


def _dispute_seen(session, contribution):
    return session.exec(select(StripeEvent.id).where(
        StripeEvent.payment_intent_id == contribution.stripe_payment_intent_id,
        StripeEvent.type == "charge.dispute.created",
        StripeEvent.outcome.is_not(None), StripeEvent.outcome != "deferred")).first() is not None
