"""Accounts: sign-up, sign-in (password or emailed link), password reset, organisations."""
from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/accounts")
