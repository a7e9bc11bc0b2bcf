"""Open data: a fund's grants as 360Giving JSON and the fund as an IATI activity."""
from flask import Blueprint

bp = Blueprint("opendata", __name__, url_prefix="/opendata")
