"""The one place that talks to Stripe, through the official SDK.

Only our own ids travel to Stripe (contribution and fund ids in `metadata`): no names, no
earmarks, nothing about grantees. Every request that creates something carries an idempotency
key derived from our pledge, so a retried request never opens a second Checkout Session.
"""
import stripe
from flask import current_app

from portal import money

#: Stripe's zero-decimal currencies (https://docs.stripe.com/currencies#zero-decimal). Our ISO
#: exponent table must agree for every currency we offer; `stripe_amount` refuses if it does not.
ZERO_DECIMAL = frozenset({
    "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF",
    "XOF", "XPF",
})
#: Stripe's three-decimal currencies: amounts keep 3 decimals but must end in 0.
THREE_DECIMAL = frozenset({"BHD", "JOD", "KWD", "OMR", "TND"})


class StripeAmountError(money.MoneyError):
    """An amount Stripe cannot charge in this currency (e.g. 1.005 KWD)."""


def enabled(config=None):
    """Card giving is on only when both the API key and the webhook secret are configured."""
    config = config or current_app.config
    return bool(config.get("STRIPE_SECRET_KEY") and config.get("STRIPE_WEBHOOK_SECRET"))


def client():
    """A StripeClient built from config; STRIPE_API_BASE points it at a local double."""
    config = current_app.config
    base = config.get("STRIPE_API_BASE")
    return stripe.StripeClient(config["STRIPE_SECRET_KEY"], base_addresses={"api": base} if base else None,
                               max_network_retries=2)


def stripe_amount(amount_minor, currency):
    """Our minor units → Stripe's `unit_amount` (Stripe uses the ISO exponent for our currencies)."""
    places = money.exponent(currency)
    if (currency in ZERO_DECIMAL) != (places == 0):
        raise StripeAmountError(f"{currency}: our exponent {places} disagrees with Stripe")
    if currency in THREE_DECIMAL and amount_minor % 10:
        raise StripeAmountError(f"Stripe needs {currency} amounts rounded to 0.01")
    return int(amount_minor)


def checkout_metadata(contribution):
    return {"contribution_id": str(contribution.id), "fund_id": str(contribution.fund_id)}


def create_checkout_session(contribution, fund, success_url, cancel_url):
    """Open a hosted Checkout Session for a pledge; the same pledge always gets the same session."""
    metadata = checkout_metadata(contribution)
    params = {
        "mode": "payment",
        "success_url": success_url,
        "cancel_url": cancel_url,
        "client_reference_id": str(contribution.id),
        "line_items": [{
            "quantity": 1,
            "price_data": {
                "currency": contribution.currency.lower(),
                "unit_amount": stripe_amount(contribution.amount_minor, contribution.currency),
                "product_data": {"name": f"Mizani fund {fund.code}"},
            },
        }],
        "metadata": metadata,
        # Charges, refunds and disputes carry the PaymentIntent's metadata, not the session's.
        "payment_intent_data": {"metadata": metadata},
    }
    return client().v1.checkout.sessions.create(params, {"idempotency_key": f"checkout:{contribution.id}"})


def retrieve_checkout_session(session_id):
    return client().v1.checkout.sessions.retrieve(session_id)


def recent_events(types, created_after):
    """Events of these types since a unix time, oldest first, as plain dicts (all pages)."""
    listing = client().v1.events.list({"types": list(types), "created": {"gte": int(created_after)}, "limit": 100})
    events = [event.to_dict() for event in listing.auto_paging_iter()]
    return sorted(events, key=lambda event: (event.get("created", 0), event["id"]))


def recent_checkout_sessions(created_after):
    """Checkout Sessions since a unix time, as plain dicts (for finance to compare with pledges)."""
    listing = client().v1.checkout.sessions.list({"created": {"gte": int(created_after)}, "limit": 100})
    return [checkout.to_dict() for checkout in listing.auto_paging_iter()]


def construct_event(payload, signature):
    """Verify the signature on the raw body and return the event as a plain dict.

    Raises `stripe.SignatureVerificationError` (bad or missing signature, wrong secret, older than
    300 s) or ValueError (not JSON).
    """
    secret = current_app.config.get("STRIPE_WEBHOOK_SECRET")
    return stripe.Webhook.construct_event(payload, signature, secret).to_dict()
