"""A fund's public transparency page and its downloads, for anyone, once the fund manager opts in.

The same tables as the donors' dashboard without "your contribution" and the shared stories,
with the same suppression (aggregates only, small cells hidden) and one more rule: grants
flagged "do not publish" are left out of the breakdowns, as the open data leaves them out, so
the two cannot be subtracted to find them (the tallies' `withheld` side). A fund that is not public answers
404, exactly like one that does not exist.
"""
from flask import abort, render_template

from portal.access import public
from portal.dashboards import bp, exports
from portal.dashboards.dashboard import Scope
from portal.dashboards.views import export, page_context
from portal.db import get_session
from portal.funds.models import Fund


def _public_scope(fund_id):
    session = get_session()
    fund = session.get(Fund, fund_id)
    if fund is None or not fund.is_public:
        abort(404)
    return Scope(session, fund, public=True)


@bp.get("/<int:fund_id>/public")
@public
def public_page(fund_id):
    """What the fund received and where it went, for everyone."""
    return render_template("dashboards/public.html", csv_endpoint="dashboards.public_csv",
                           xlsx_endpoint="dashboards.public_xlsx", **page_context(_public_scope(fund_id)))


@bp.get("/<int:fund_id>/public/<name>.csv")
@public
def public_csv(fund_id, name):
    return export(_public_scope(fund_id), name, exports.csv_response)


@bp.get("/<int:fund_id>/public/<name>.xlsx")
@public
def public_xlsx(fund_id, name):
    return export(_public_scope(fund_id), name, exports.xlsx_response)
