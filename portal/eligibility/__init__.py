"""Eligibility: 'can I apply?' answered in two minutes, before anything is written."""
from flask import Blueprint

bp = Blueprint("eligibility", __name__, url_prefix="/eligibility")
