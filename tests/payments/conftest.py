"""Fixtures for card giving: a local Stripe double, a donor who may give, signed webhook events."""
import json

import pytest

from factories import make_donor, make_fund, make_user
from payments.stripe_double import StripeDouble
from payments.stripe_events import WEBHOOK_SECRET, sign
from portal.donors.models import DonorMember
from portal.donors.services import pledge
from portal.ledger.locking import money_transaction


@pytest.fixture
def stripe_double():
    with StripeDouble() as double:
        yield double


@pytest.fixture
def stripe_on(app, stripe_double):
    """Card giving configured against the local double."""
    app.config.update(STRIPE_SECRET_KEY="sk_test_double", STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
                      STRIPE_API_BASE=stripe_double.url)
    return stripe_double


@pytest.fixture
def stripe_off(app):
    app.config.update(STRIPE_SECRET_KEY=None, STRIPE_WEBHOOK_SECRET=None, STRIPE_API_BASE=None)


@pytest.fixture
def giving(db):
    """A USD fund and a donor organisation with one member who holds the donor role."""
    fund, donor = make_fund(db, currency="USD"), make_donor(db)
    user = make_user(db, email="donor@example.org", name="Ingrid", roles=("donor",))
    db.add(DonorMember(donor_id=donor.id, user_id=user.id))
    db.commit()
    return fund, donor, user


@pytest.fixture
def stripe_pledge(app, giving):
    """`stripe_pledge(amount_minor, session_id, currency="USD")` → contribution id, as the give page makes it."""
    fund, donor, user = giving

    def make(amount_minor, session_id, currency="USD"):
        def work(session):
            contribution = pledge(session, fund=fund, donor=donor, amount_minor=amount_minor, currency=currency,
                                  source="stripe", pledge_key=f"test:{session_id}", actor_id=user.id)
            contribution.stripe_session_id = session_id
            session.add(contribution)
            session.flush()
            return contribution.id

        with app.app_context():
            return money_transaction(work)

    return make


@pytest.fixture
def deliver(app, client):
    """`deliver(event, client=None, **signing)` → the webhook's response to one signed delivery.

    Each call uses a fresh test client whose requests get their own app context (the `client`
    fixture sets the class), so concurrent deliveries share nothing but the database.
    """

    def send(payload, client=None, body=None, headers=None, **signing):
        body = body if body is not None else json.dumps(payload)
        client = client or app.test_client()
        signature = {"Stripe-Signature": sign(body, **signing)} if headers is None else headers
        return client.post("/payments/stripe/webhook", data=body, headers=signature, content_type="application/json")

    return send
