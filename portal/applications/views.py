"""Applicant views (filled in below)."""
from flask import render_template

from portal.access import roles
from portal.applications import bp


@bp.get("/")
@roles("applicant")
def index():
    return render_template("applications/index.html", applications=[])
