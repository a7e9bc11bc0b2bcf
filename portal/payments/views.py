"""Donor giving by Stripe Checkout and the Stripe webhook."""
from portal.payments import bp  # noqa: F401
