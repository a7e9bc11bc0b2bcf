"""The one place that talks to Stripe, through the official SDK.

Only our own ids travel to Stripe (contribution and fund ids in `metadata`): no names, no
earmarks, nothing about grantees. Every request that creates something carries an idempotency
key derived from our pledge, so a retried request never opens a second Checkout Session.
"""
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

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
    if (currency in ZERO_DECIMAL) != (places == 0) or (places == 3 and currency not in THREE_DECIMAL):
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


class SettlementUnavailable(Exception):
    """Stripe has no settled charge with a balance transaction for this payment (yet)."""


@dataclass(frozen=True)
class Settlement:
    """What Stripe did with one paid PaymentIntent: its charge, and the balance transaction that
    moved the money into our Stripe balance (gross `amount`, `fee` and `currency` are the settled
    ones, in Stripe's minor units; `exchange_rate` is exact, None when nothing was converted)."""

    payment_intent: str
    charge_id: str
    charge_amount: int
    charge_currency: str  # upper case ISO 4217, like ours
    balance_transaction: str
    amount: int
    fee: int
    currency: str  # upper case ISO 4217
    exchange_rate: Decimal | None
    created: date  # the balance transaction's date (UTC)


#: The one read we need to book a payment: the PaymentIntent with its latest charge and that
#: charge's balance transaction expanded (expanding a nested field names its dotted path).
SETTLEMENT_EXPAND = ["latest_charge.balance_transaction"]


def retrieve_settlement(payment_intent_id):
    """Fee, exchange rate and settled amount of a paid PaymentIntent, through the official SDK.

    Read from the raw response body with `Decimal` numbers: the SDK would turn `exchange_rate`
    into a float, and no money number here is ever a float. Raises `stripe.StripeError` when
    Stripe cannot be reached or refuses, and SettlementUnavailable when the charge has no
    balance transaction yet; either way nothing was booked and the event can be retried.
    """
    intent = client().v1.payment_intents.retrieve(payment_intent_id, {"expand": SETTLEMENT_EXPAND})
    response = intent.last_response
    data = json.loads(response.body, parse_float=Decimal) if response is not None else intent.to_dict()
    charge = data.get("latest_charge")
    balance = charge.get("balance_transaction") if isinstance(charge, dict) else None
    if not isinstance(balance, dict) or charge.get("status") != "succeeded":
        raise SettlementUnavailable(payment_intent_id)
    rate = balance.get("exchange_rate")
    return Settlement(
        payment_intent=data["id"], charge_id=charge["id"], charge_amount=int(charge["amount"]),
        charge_currency=str(charge["currency"]).upper(), balance_transaction=balance["id"],
        amount=int(balance["amount"]), fee=int(balance["fee"]), currency=str(balance["currency"]).upper(),
        exchange_rate=None if rate is None else Decimal(str(rate)),
        created=datetime.fromtimestamp(int(balance["created"]), tz=UTC).date(),
    )


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


def create_transfer(*, amount_minor, currency, destination, disbursement_id):
    """Pay a grantee's connected account (Stripe Connect). The key is the disbursement's, so a
    retried request after a lost answer returns the same transfer instead of paying twice."""
    params = {"amount": stripe_amount(amount_minor, currency), "currency": currency.lower(),
              "destination": destination, "metadata": {"disbursement_id": str(disbursement_id)}}
    return client().v1.transfers.create(params, {"idempotency_key": f"disbursement:{disbursement_id}:transfer"})
