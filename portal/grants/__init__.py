"""Grants: award, the grantee's agreement and payee details, shares and their tranches."""
from flask import Blueprint

bp = Blueprint("grants", __name__, url_prefix="/grants")
