"""The Stripe webhook: verify, dedupe by event id, hand the event to `payments.events`.

The signature is checked on the raw body before anything else, and a refused delivery writes
nothing. The event's row in `stripe_event` is written in the same money transaction as its
effect: a crash before commit leaves neither (Stripe delivers again), and a redelivery of a
recorded event is answered 200 without doing anything twice. Concurrent deliveries of one event
race on the UNIQUE event id; `money_transaction` retries the loser, which then finds the row.

Booking a payment needs Stripe's balance transaction (fee, exchange rate). It is fetched between
two attempts, never while a money transaction holds its locks: the first attempt stops with
`events.NeedsSettlement` and rolls back, the second runs with the settlement. If Stripe cannot
be reached, nothing is written and the webhook answers 503, so Stripe delivers again.
"""
import stripe
from flask import abort, current_app, jsonify, request
from sqlmodel import select

from portal.access import public
from portal.extensions import csrf
from portal.ledger.locking import money_transaction
from portal.payments import bp, events, stripe_adapter
from portal.payments.models import StripeEvent
from portal.types import utcnow


#: Errors that leave an event unapplied and unrecorded, to be retried (by Stripe or reconcile).
RETRY_LATER = (stripe.StripeError, stripe_adapter.SettlementUnavailable)


def process_event(event):
    """Apply one verified event exactly once; returns (outcome, first time?).

    Raises one of RETRY_LATER when the payment's settlement cannot be read from Stripe.
    """
    settlement = None

    def work(session):
        seen = session.exec(select(StripeEvent).where(StripeEvent.event_id == event["id"])).first()
        if seen is not None:
            return seen.outcome, False
        record = StripeEvent(event_id=event["id"], type=event["type"][:100])
        session.add(record)
        session.flush()  # takes the event id first; a concurrent delivery fails here and retries
        record.outcome = events.apply(session, record, event, settlement)
        record.processed_at = utcnow()
        session.add(record)
        return record.outcome, True

    try:
        return money_transaction(work)
    except events.NeedsSettlement as need:
        settlement = stripe_adapter.retrieve_settlement(need.payment_intent)
    try:
        return money_transaction(work)
    except events.NeedsSettlement as need:  # the fetched settlement was not the one needed: retry later
        raise stripe_adapter.SettlementUnavailable(need.payment_intent) from None


@bp.post("/stripe/webhook")
@csrf.exempt  # Stripe cannot send our CSRF token; the signature on the raw body replaces it
@public
def stripe_webhook():
    """Stripe tells us a payment succeeded, failed, was refunded or disputed."""
    if not stripe_adapter.enabled():
        abort(404)
    try:
        event = stripe_adapter.construct_event(request.get_data(), request.headers.get("Stripe-Signature"))
    except (ValueError, stripe.SignatureVerificationError):  # not JSON, or not signed by Stripe
        abort(400)
    if not isinstance(event.get("id"), str) or "data" not in event:
        abort(400)
    if event.get("type") not in events.HANDLED:
        return jsonify(received=True, outcome="ignored")
    try:
        outcome, first = process_event(event)
    except RETRY_LATER as error:
        current_app.logger.warning("stripe event %s %s: settlement not readable yet (%s)", event["id"], event["type"],
                                   error)
        return jsonify(received=False, outcome="retry"), 503
    current_app.logger.info("stripe event %s %s: %s%s", event["id"], event["type"], outcome,
                            "" if first else " (redelivery)")
    return jsonify(received=True, outcome=outcome)
