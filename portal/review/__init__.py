"""Review: the fund managers' queue, reviewers and their scores, clarification, decisions."""
from flask import Blueprint

bp = Blueprint("review", __name__, url_prefix="/review")
