"""Dashboards: where a basket fund's money went, for its donors, its staff and (opted in) the public.

Every figure is a SQL aggregate over the ledger flows, the tallies the services keep (`tallies`)
and the domain tables; small groups are suppressed (`suppression`) and grants flagged "do not
publish" are never named (and left out of the public page's breakdowns, like the open data).
"""
from flask import Blueprint

bp = Blueprint("dashboards", __name__, url_prefix="/dashboards")
