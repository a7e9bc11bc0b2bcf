"""Grant pages: the staff list, and one grant's page for its grantees and for staff.

Grantees accept the terms and give their payee details here; fund managers adjust a share's
tranche plan and release tranches waiting for a report. Each action validates its form, calls
one service, then redirects, or re-renders the page with what was typed and why it was refused.
"""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import select

from portal import audit, i18n, mail
from portal.access import acting_user, roles
from portal.accounts.services import holders_of
from portal.db import get_session
from portal.funds.models import Fund
from portal.grants import bp, forms
from portal.grants.listing import grants_page
from portal.grants.models import PAYMENT_METHODS, Payee, Tranche
from portal.grants.page import render_grant
from portal.grants.payees import save_payee as save_payee_details
from portal.grants.permissions import MANAGERS, STAFF, VIEWERS, own_share, viewing
from portal.grants.services import accept_agreement, adjust_plan, release_tranche
from portal.outcome import carry_out


@bp.get("/")
@roles(*STAFF)
def index():
    """Every grant, newest first, with what is still committed to it and what was disbursed."""
    session = get_session()
    funds = session.exec(select(Fund).order_by(Fund.id)).all()
    filters_form = forms.GrantFilterForm(request.args, funds=funds)
    filters = filters_form.filters()
    listing = grants_page(session, filters, request.args.get("page", 1, type=int))
    return render_template("grants/index.html", filters_form=filters_form, filters=filters, listing=listing,
                           labels=forms.STAFF_GRANT_LABELS)


@bp.get("/<int:grant_id>")
@roles(*VIEWERS)
def show(grant_id):
    """The grant, its agreement, shares and tranches, as the viewer may see them."""
    session = get_session()
    view = viewing(session, current_user, grant_id)
    if view.staff:
        audit.record_access(session, actor=acting_user(), record=view.grant)
        session.commit()
    return render_grant(view)


def _back(view, anchor=None):
    return redirect(url_for("grants.show", grant_id=view.grant.id, _anchor=anchor))


@bp.post("/<int:grant_id>/accept")
@roles("applicant")
def accept(grant_id):
    """The applying organisation accepts the terms, in the language she read them in."""
    session = get_session()
    view = viewing(session, current_user, grant_id)
    if not view.may_accept:
        flash(_("The lead organisation of the consortium accepts the terms."), "error")
        return _back(view)
    if forms.AcceptForm().validate_on_submit():
        carry_out(session, lambda: accept_agreement(session, grant=view.grant, actor=acting_user(), roles={"applicant"},
                                                    language=str(i18n.get_locale())),
                  _("Thank you. The grant terms are accepted; please give your payment details."))
    return _back(view, "payment-details")


@bp.post("/<int:grant_id>/shares/<int:share_id>/payee")
@roles("applicant")
def save_payee(grant_id, share_id):
    """An organisation gives (or replaces) its own share's payee details; only a hint stays visible."""
    session = get_session()
    view = viewing(session, current_user, grant_id)
    share = own_share(view, share_id)
    if view.grant.status != "accepted":
        flash(_("Please accept the grant terms first."), "error")
        return _back(view)
    form = forms.PayeeForm()
    if form.method.data not in PAYMENT_METHODS:
        flash(_("Please choose how you want to be paid."), "error")
        return _back(view, f"payee-{share.id}")
    replacing = session.exec(select(Payee.id).where(Payee.share_id == share.id)).first() is not None
    if form.validate_on_submit() and carry_out(
            session, lambda: save_payee_details(session, share=share, method=form.method.data, details=form.details(),
                                                actor=acting_user()),
            _("Your payment details are saved. For your safety they are not shown again.")):
        if replacing:  # finance hears (without content) that the details it pays to have changed
            mail.notify_all(holders_of(session, "finance_officer"), url_for("grants.show", grant_id=view.grant.id))
        return _back(view, f"share-{share.id}")
    return render_grant(view, payee_form=(share.id, form))


@bp.post("/<int:grant_id>/shares/<int:share_id>/plan")
@roles(*MANAGERS)
def adjust(grant_id, share_id):
    """Change the amounts of a share's tranches not yet being paid; they must still make the share."""
    session = get_session()
    view = viewing(session, current_user, grant_id)
    share = next((s for s in view.grant.shares if s.id == share_id), None) or abort(404)
    form = forms.plan_form(share, view.grant.currency, request.form)
    amounts = form.read(str(i18n.get_locale())) if form.validate_on_submit() else None
    if amounts is not None and carry_out(session, lambda: adjust_plan(session, share=share, amounts=amounts,
                                                                      actor=acting_user()), _("The plan is changed.")):
        return _back(view, f"share-{share.id}")
    return render_grant(view, plan_form=(share.id, form))


@bp.post("/<int:grant_id>/tranches/<int:tranche_id>/release")
@roles(*MANAGERS)
def release(grant_id, tranche_id):
    """Release a tranche that waits for its report: finance may then pay it."""
    session = get_session()
    view = viewing(session, current_user, grant_id)
    tranche = session.get(Tranche, tranche_id)
    if tranche is None or tranche.share.grant_id != view.grant.id:
        abort(404)
    if forms.ConfirmForm().validate_on_submit():
        carry_out(session, lambda: release_tranche(session, tranche=tranche, actor=acting_user(), roles=set(view.roles)),
                  _("The tranche is ready to pay."))
    return _back(view, f"share-{tranche.share_id}")
from portal.grants import publication_views  # noqa: E402,F401  (routes on this blueprint)
