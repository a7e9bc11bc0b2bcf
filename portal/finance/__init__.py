"""Finance: paying tranches with four eyes, and payment batches for the bank."""
from flask import Blueprint

bp = Blueprint("finance", __name__, url_prefix="/finance")
