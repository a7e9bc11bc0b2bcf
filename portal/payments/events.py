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
"""
from sqlalchemy import text
from sqlmodel import select

from portal import audit
from portal.domain import DomainError
from portal.donors.models import Contribution
from portal.donors.services import receive_in, refund_in
from portal.funds.models import Fund
from portal.payments.models import StripeEvent
from portal.payments.stripe_adapter import StripeAmountError, stripe_amount
from portal.types import utcnow

RECEIPT_EVENTS = ("checkout.session.completed", "checkout.session.async_payment_succeeded")
FAILURE_EVENTS = ("checkout.session.async_payment_failed", "checkout.session.expired")
REVERSAL_EVENTS = {"charge.refunded": "refund", "charge.dispute.created": "dispute"}
#: Every event type the portal acts on (the webhook endpoint and reconciliation ask for these).
HANDLED = (*RECEIPT_EVENTS, *FAILURE_EVENTS, *REVERSAL_EVENTS)


def apply(session, record, event):
    """Carry out `event` and fill in `record` (its StripeEvent row); returns the outcome."""
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
        return _receive(session, contribution, obj)
    if kind in REVERSAL_EVENTS:
        return _reverse(session, record, obj, REVERSAL_EVENTS[kind])
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


def _receive(session, contribution, obj):
    if contribution.status in ("received", "refunded"):
        return "already_done"
    if contribution.status != "pledged":
        _flag(session, contribution, "paid_after_failure")
        return "flagged"
    if not _amount_matches(contribution, obj):
        _flag(session, contribution, "amount_mismatch")
        return "amount_mismatch"
    if contribution.currency != session.get(Fund, contribution.fund_id).currency:
        # The exchange rate Stripe applied is only on its balance transaction: finance books it.
        _flag(session, contribution, "fx_needed")
        return "flagged"
    receive_in(session, contribution=contribution)
    _apply_deferred(session, contribution)
    return "received"


def _apply_deferred(session, contribution):
    """Refunds and disputes that arrived before this payment was confirmed take effect now."""
    if not contribution.stripe_payment_intent_id:
        return
    waiting = session.exec(select(StripeEvent).where(
        StripeEvent.payment_intent_id == contribution.stripe_payment_intent_id,
        StripeEvent.outcome == "deferred").order_by(StripeEvent.id)).all()
    for record in waiting:
        reason = REVERSAL_EVENTS[record.type]
        record.contribution_id = contribution.id
        record.outcome, record.processed_at = _refund(session, contribution, reason, late=True), utcnow()
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
    if contribution.status == "pledged":
        return "deferred"  # not booked yet (e.g. waiting for an async payment): applied on receipt
    return _refund(session, contribution, reason)


def _refund(session, contribution, reason, late=False):
    if contribution.status == "refunded":
        return "already_done"
    if contribution.status != "received":
        return "ignored"
    try:
        refund_in(session, contribution=contribution, reason=reason)
    except DomainError:
        # The money is already committed to grants: finance decides where it comes back from.
        _flag(session, contribution, f"{reason}_not_covered")
        return "flagged"
    if late:
        return "applied_late"
    return "refunded" if reason == "refund" else "disputed"
