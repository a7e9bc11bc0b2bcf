"""Dashboards for donors and the fund's staff: the list of funds, one fund's dashboard, its
tables as CSV and XLSX, and the switch for the fund's public transparency page.

Donors see only the funds they gave to (others answer 404) and "your contribution" only for
their own donors; the same suppressed tables feed the page and the files.
"""
from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.access import acting_user, roles
from portal.dashboards import bp, exports
from portal.dashboards.charts import bar_chart
from portal.dashboards.dashboard import Scope, build, build_all
from portal.dashboards.forms import PublicPageForm
from portal.dashboards.permissions import PUBLISHERS, VIEWERS, viewing, visible_funds
from portal.dashboards.services import set_public
from portal.dashboards.tables import cell_type
from portal.db import get_session
from portal.i18n import text_direction
from portal.outcome import carry_out


@bp.context_processor
def cells():
    return {"cell_type": cell_type}


def page_context(scope):
    """The tables this viewer may see, each with its chart (mirrored in right-to-left languages)."""
    rtl = text_direction() == "rtl"
    tables = build_all(scope)
    return {"fund": scope.fund, "tables": tables, "charts": {t.key: bar_chart(t, rtl=rtl) for t in tables}}


def export(scope, name, writer):
    """One table as a file, or 404 when this viewer may not see it."""
    table = build(scope, name)
    if table is None:
        abort(404)
    return writer(scope.fund, table)


@bp.get("/")
@roles(*VIEWERS)
def index():
    """The funds whose dashboard the viewer may open."""
    return render_template("dashboards/index.html", funds=visible_funds(get_session(), current_user))


def _scope(fund_id):
    view = viewing(get_session(), current_user, fund_id)
    return view, Scope(get_session(), view.fund, donor_ids=view.donor_ids)


@bp.get("/<int:fund_id>")
@roles(*VIEWERS)
def show(fund_id):
    """Where the fund's money came from and went, by country, tier, theme, language and speed."""
    view, scope = _scope(fund_id)
    return render_template("dashboards/show.html", view=view, public_form=PublicPageForm(),
                           csv_endpoint="dashboards.table_csv", xlsx_endpoint="dashboards.table_xlsx",
                           **page_context(scope))


@bp.get("/<int:fund_id>/<name>.csv")
@roles(*VIEWERS)
def table_csv(fund_id, name):
    """One table of the dashboard as CSV (UTF-8 with BOM, stable column identifiers)."""
    return export(_scope(fund_id)[1], name, exports.csv_response)


@bp.get("/<int:fund_id>/<name>.xlsx")
@roles(*VIEWERS)
def table_xlsx(fund_id, name):
    """One table of the dashboard as an Excel workbook."""
    return export(_scope(fund_id)[1], name, exports.xlsx_response)


@bp.post("/<int:fund_id>/publication")
@roles(*PUBLISHERS)
def publish(fund_id):
    """Publish the fund's transparency page, or take it down."""
    session = get_session()
    view = viewing(session, current_user, fund_id)
    form = PublicPageForm()
    if form.validate_on_submit():
        message = _("The transparency page is public.") if form.is_public.data else \
            _("The transparency page is no longer public.")
        carry_out(session, lambda: set_public(session, fund=view.fund, is_public=form.is_public.data,
                                              actor=acting_user()), message)
    return redirect(url_for("dashboards.show", fund_id=fund_id, _anchor="publication"))


from portal.dashboards import public_views  # noqa: E402,F401  (routes on this blueprint)
