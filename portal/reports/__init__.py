"""Light-touch reporting: a short report per due date of a grant, its spend summary, review."""
from flask import Blueprint

bp = Blueprint("reports", __name__, url_prefix="/reports")
