"""Payments: Stripe Checkout for donors and the Stripe webhook (one adapter, one webhook module)."""
from flask import Blueprint

bp = Blueprint("payments", __name__, url_prefix="/payments")
