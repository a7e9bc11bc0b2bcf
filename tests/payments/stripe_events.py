"""Signed Stripe webhook events shaped like Stripe's, built for the tests."""
import hashlib
import hmac
import time

WEBHOOK_SECRET = "whsec_test_secret"


def sign(body, secret=WEBHOOK_SECRET, timestamp=None):
    """The Stripe-Signature header: t=<unix>,v1=HMAC-SHA256(secret, "<t>.<body>")."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def event(event_id, kind, obj):
    return {"id": event_id, "object": "event", "api_version": "2025-09-30.clover", "created": int(time.time()),
            "livemode": False, "pending_webhooks": 1, "type": kind, "data": {"object": obj}}


def session_event(event_id, kind, *, contribution_id, session_id, amount, currency="usd", paid=True,
                  intent=None, fund_id=1):
    return event(event_id, kind, {
        "id": session_id, "object": "checkout.session", "amount_total": amount, "currency": currency,
        "metadata": {"contribution_id": str(contribution_id), "fund_id": str(fund_id)},
        "payment_intent": intent, "payment_status": "paid" if paid else "unpaid",
        "status": "expired" if kind.endswith("expired") else "complete", "mode": "payment"})


def refund_event(event_id, *, intent, contribution_id, amount, refunded=True):
    return event(event_id, "charge.refunded", {
        "id": f"ch_{intent}", "object": "charge", "amount": amount, "amount_refunded": amount if refunded else 1,
        "currency": "usd", "payment_intent": intent, "refunded": refunded,
        "metadata": {"contribution_id": str(contribution_id)}})


def dispute_event(event_id, *, intent, amount):
    return event(event_id, "charge.dispute.created", {
        "id": f"dp_{intent}", "object": "dispute", "amount": amount, "charge": f"ch_{intent}", "currency": "usd",
        "payment_intent": intent, "reason": "fraudulent", "status": "needs_response", "metadata": {}})


def dispute_closed_event(event_id, *, intent, amount, status):
    """charge.dispute.closed: `status` is "won", "lost" or "warning_closed"."""
    return event(event_id, "charge.dispute.closed", {
        "id": f"dp_{intent}", "object": "dispute", "amount": amount, "charge": f"ch_{intent}", "currency": "usd",
        "payment_intent": intent, "reason": "fraudulent", "status": status, "metadata": {}})
