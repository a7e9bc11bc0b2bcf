"""Donors and their contributions to basket funds (Stripe or bank transfer)."""
from flask import Blueprint

bp = Blueprint("donors", __name__, url_prefix="/donors")
