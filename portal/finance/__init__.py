"""Finance: paying tranches with four eyes, and payment batches for the bank."""
from flask import Blueprint

bp = Blueprint("finance", __name__, url_prefix="/finance")

#: Money moves are finance's alone (not admins', not fund managers').
FINANCE = ("finance_officer",)
