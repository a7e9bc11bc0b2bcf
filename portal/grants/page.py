"""What the grant page shows to whom, gathered in a few queries.

Grantees see their own share's tranches and the hint of their own payee details; finance sees
every share's hint and the status of its payments; fund managers see whether payee details
were given (never the hint) and get the plan and release forms. The full details are never
read here.
"""
from dataclasses import dataclass, field

from flask import render_template, request
from sqlmodel import select

from portal.accounts.models import Organisation
from portal.db import get_session
from portal.funds.models import Fund
from portal.grants import forms
from portal.grants.models import Disbursement, Payee
from portal.grants.states import DISBURSEMENT_LABELS, GRANT_LABELS, METHOD_LABELS, TRANCHE_LABELS
from portal.reports.forms import AddReportForm
from portal.reports.queries import reports_of_grant
from portal.reports.states import KIND_LABELS, STATUS_LABELS as REPORT_LABELS


@dataclass
class ShareView:
    share: object
    organisation: str
    own: bool
    payee: object | None
    #: The method chosen in step one of the payee form, and the form of step two.
    method: str | None = None
    payee_form: object | None = None
    plan_form: object | None = None
    #: Latest payment per tranche id (staff only).
    payments: dict = field(default_factory=dict)


def render_grant(view, status=200, **forms_shown):
    """The grant page, with a form that was refused shown again as it was typed (`grant_context`)."""
    return render_template("grants/show.html", **grant_context(get_session(), view, request.args, **forms_shown)), status


def grant_context(session, view, args, *, payee_form=None, plan_form=None, add_report_form=None):
    """Template context for `grants/show.html`; `payee_form`/`plan_form` are (share id, form) to
    re-show, `add_report_form` the fund manager's refused "one more report"."""
    grant = view.grant
    share_ids = [share.id for share in grant.shares]
    names = dict(session.exec(select(Organisation.id, Organisation.name)
                              .where(Organisation.id.in_([s.organisation_id for s in grant.shares]))).all())
    payees = {p.share_id: p for p in session.exec(select(Payee).where(Payee.share_id.in_(share_ids))).all()}
    payments = _latest_payments(session, grant) if view.staff else {}
    choice = forms.MethodChoiceForm(args)
    shares = []
    for share in grant.shares:
        own = share.id in view.own_share_ids
        item = ShareView(share, names.get(share.organisation_id, ""), own, payees.get(share.id),
                         payments={t.id: payments.get(t.id) for t in share.tranches})
        if own and grant.status == "accepted":
            item.method, item.payee_form = _payee_step(share, choice, payee_form)
        if view.manager:
            item.plan_form = plan_form[1] if plan_form and plan_form[0] == share.id else \
                forms.plan_form(share, grant.currency)
        shares.append(item)
    return {"view": view, "grant": grant, "application": view.application, "fund": session.get(Fund, grant.fund_id),
            "shares": shares, "own_shares": [s for s in shares if s.own], "accept_form": forms.AcceptForm(),
            "release_form": forms.ConfirmForm(), "form": _failed(payee_form, plan_form) or add_report_form,
            "grant_labels": forms.STAFF_GRANT_LABELS if view.staff else GRANT_LABELS, "tranche_labels": TRANCHE_LABELS,
            "payment_labels": DISBURSEMENT_LABELS, "method_labels": METHOD_LABELS, "choice": choice,
            "reports": reports_of_grant(session, grant.id), "report_labels": REPORT_LABELS, "report_kinds": KIND_LABELS,
            "add_report_form": (add_report_form or AddReportForm(formdata=None)) if view.manager else None}


def _failed(*shown):
    """The form sent back with errors, for the summary at the top of the page."""
    return next((form for _share, form in filter(None, shown)), None)


def _payee_step(share, choice, failed):
    """(method, form of step two) for this share: the re-shown form, or the method chosen by GET."""
    if failed and failed[0] == share.id:
        return failed[1].method.data, failed[1]
    method = choice.chosen(share.id)
    return method, (forms.PayeeForm(formdata=None, data={"method": method}) if method else None)


def _latest_payments(session, grant):
    """{tranche id: its latest disbursement} for the whole grant in one query."""
    tranche_ids = [t.id for share in grant.shares for t in share.tranches]
    rows = session.exec(select(Disbursement).where(Disbursement.tranche_id.in_(tranche_ids))
                        .order_by(Disbursement.id)).all()
    return {row.tranche_id: row for row in rows}
