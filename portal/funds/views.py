"""Staff pages to configure funds, calls, tiers, questions and eligibility rules."""
from flask import render_template
from sqlmodel import select

from portal.access import roles
from portal.db import get_session
from portal.funds import bp
from portal.funds.models import Fund

MANAGERS = ("fund_manager", "admin")


@bp.get("/")
@roles(*MANAGERS)
def index():
    """Every fund with its calls and tiers."""
    funds = get_session().exec(select(Fund).order_by(Fund.id)).all()
    return render_template("funds/index.html", funds=funds)
