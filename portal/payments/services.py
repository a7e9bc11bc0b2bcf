"""Card giving: a pledge, then one hosted Checkout Session for it.

The pledge is keyed by the hidden key of the form the donor saw, so a double click or a
resubmitted page finds the same pledge; the Checkout Session is keyed by the pledge, so Stripe
opens at most one session for it. Nothing here records money: only the webhook does, once
Stripe confirms the payment.
"""
import stripe
from flask_babel import lazy_gettext as _l

from portal.domain import DomainError
from portal.donors.models import Contribution, Donor
from portal.donors.services import pledge
from portal.funds.models import Fund
from portal.ledger.locking import money_transaction
from portal.payments import stripe_adapter


class CardPaymentUnavailable(DomainError):
    """Stripe could not be reached or refused to open a payment page."""


def pledge_card_gift(*, fund_id, donor_id, amount_minor, currency, form_key, actor_id, earmark=None):
    """Create (or find again) the pledge for one submitted giving form; returns its id."""

    def work(session):
        contribution = pledge(session, fund=session.get(Fund, fund_id), donor=session.get(Donor, donor_id),
                              amount_minor=amount_minor, currency=currency, source="stripe",
                              pledge_key=f"stripe:{actor_id}:{form_key}", actor_id=actor_id, earmark=earmark)
        return contribution.id

    # A pledge moves no money, but this helper serialises the two clicks of a double submit and
    # retries the loser of the race on the UNIQUE pledge key, which then finds the first pledge.
    return money_transaction(work)


def checkout_url(*, session, contribution_id, success_url, cancel_url):
    """The Stripe page where the donor pays this pledge, or None if there is nothing left to pay."""
    contribution = session.get(Contribution, contribution_id)
    session.refresh(contribution)
    if contribution.status != "pledged":
        return None
    try:
        if contribution.stripe_session_id:
            checkout = stripe_adapter.retrieve_checkout_session(contribution.stripe_session_id)
            return checkout.url if checkout.status == "open" else None
        checkout = stripe_adapter.create_checkout_session(contribution, session.get(Fund, contribution.fund_id),
                                                          success_url, cancel_url)
    except stripe.StripeError as error:
        raise CardPaymentUnavailable(_l("Card payment could not be started. Please try again in a few "
                                        "minutes, or give by bank transfer."), stripe_error=str(error)) from error
    _remember_session(contribution_id, checkout.id)
    return checkout.url


def _remember_session(contribution_id, stripe_session_id):
    """Store the session id once (a concurrent click got the same session from Stripe)."""

    def work(session):
        contribution = session.get(Contribution, contribution_id)
        if contribution.stripe_session_id is None:
            contribution.stripe_session_id = stripe_session_id
            session.add(contribution)

    money_transaction(work)
