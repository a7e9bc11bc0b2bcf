"""The payments page: tranches ready to pay, and each payment's next step with four eyes.

Every step runs in its own money transaction (`money_transaction(work)` with its own session,
so records are reloaded by id inside it). Scheduling carries a key made when the page was
shown: a double submit schedules once. Approval is refused to the officer who scheduled.
The plain buttons (approve, confirm, Stripe) carry only the CSRF token, which CSRFProtect
checks on every POST.
"""
import secrets

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import select

from portal import mail
from portal.access import roles
from portal.accounts.models import User
from portal.accounts.services import organisation_members
from portal.db import get_session
from portal.domain import DomainError
from portal.finance import FINANCE, batches, bp, forms, queries  # noqa: F401  (batches adds its routes)
from portal.grants import disbursements
from portal.grants.models import Disbursement, GrantShare, Tranche
from portal.grants.states import DISBURSEMENT, DISBURSEMENT_LABELS, METHOD_LABELS, TRANCHE_LABELS, UNDOES_PAYMENT
from portal.ledger.locking import money_transaction


@bp.get("/")
@roles(*FINANCE)
def index():
    """What is ready to pay and where every open payment stands."""
    return _render()


def _render(failed=None):
    """The page; `failed` is (disbursement id, "send" or "undo", form) to show again with its errors."""
    session = get_session()
    ready, ready_total = queries.ready_to_pay(session)
    viewer = set(current_user.roles)
    return render_template(
        "finance/index.html", ready=ready, ready_total=ready_total,
        open_payments=queries.payments(session, queries.OPEN), ended=queries.payments(session, queries.ENDED, 20),
        keys={line.tranche.id: secrets.token_urlsafe(24) for line in ready},
        actions=lambda payment: DISBURSEMENT.actions(payment.status, viewer), undo_actions=UNDOES_PAYMENT,
        failed=failed or (None, None, None), send_form=forms.SendForm(formdata=None),
        payment_labels=DISBURSEMENT_LABELS, tranche_labels=TRANCHE_LABELS, method_labels=METHOD_LABELS)


def _step(disbursement_id, step, success, *, tell_grantee=False):
    """Run `step(session, disbursement, actor, roles)` in its own money transaction; say how it
    went, and with `tell_grantee` let the organisation paid know (without content)."""
    get_session().get(Disbursement, disbursement_id) or abort(404)
    actor_id, viewer = current_user.id, set(current_user.roles)

    def work(session):
        return step(session, session.get(Disbursement, disbursement_id), session.get(User, actor_id), viewer)

    try:
        money_transaction(work)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(success, "success")
        if tell_grantee:
            share = get_session().exec(select(GrantShare).join(Tranche, Tranche.share_id == GrantShare.id)
                                       .join(Disbursement, Disbursement.tranche_id == Tranche.id)
                                       .where(Disbursement.id == disbursement_id)).one()
            mail.notify_all(organisation_members(get_session(), share.organisation_id),
                            url_for("grants.show", grant_id=share.grant_id))
    return redirect(url_for("finance.index", _anchor=f"payment-{disbursement_id}"))


@bp.post("/tranches/<int:tranche_id>/schedule")
@roles(*FINANCE)
def schedule(tranche_id):
    """Schedule the payment of a tranche; it then waits for a second finance officer."""
    get_session().get(Tranche, tranche_id) or abort(404)
    form = forms.ScheduleForm()
    if not form.validate_on_submit():
        flash(_("This form has expired. Please try again."), "error")
        return redirect(url_for("finance.index"))
    actor_id, viewer, key = current_user.id, set(current_user.roles), f"schedule:{tranche_id}:{form.key.data}"

    def work(session):
        return disbursements.schedule(session, tranche=session.get(Tranche, tranche_id),
                                      actor=session.get(User, actor_id), roles=viewer, key=key).id

    try:
        payment_id = money_transaction(work)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("finance.index"))
    flash(_("The payment is scheduled. Another finance officer must now approve it."), "success")
    return redirect(url_for("finance.index", _anchor=f"payment-{payment_id}"))


@bp.post("/payments/<int:disbursement_id>/approve")
@roles(*FINANCE)
def approve(disbursement_id):
    """The second pair of eyes approves: the money moves in the ledger."""
    return _step(disbursement_id, lambda session, payment, actor, viewer: disbursements.approve(
        session, disbursement=payment, actor=actor, roles=viewer), _("The payment is approved."))


@bp.post("/payments/<int:disbursement_id>/send")
@roles(*FINANCE)
def send(disbursement_id):
    """Record that the payment left, how and under which reference."""
    form = forms.SendForm()
    if not form.validate_on_submit():
        get_session().get(Disbursement, disbursement_id) or abort(404)
        return _render(failed=(disbursement_id, "send", form))
    return _step(disbursement_id, lambda session, payment, actor, viewer: disbursements.mark_sent(
        session, disbursement=payment, actor=actor, roles=viewer, method=form.method.data,
        reference=form.reference.data), _("The payment is marked as sent."))


@bp.post("/payments/<int:disbursement_id>/stripe")
@roles(*FINANCE)
def send_by_stripe(disbursement_id):
    """Transfer an approved payment to the payee's Stripe connected account."""
    get_session().get(Disbursement, disbursement_id) or abort(404)
    try:
        disbursements.send_by_stripe(disbursement_id=disbursement_id, actor_id=current_user.id,
                                     roles=set(current_user.roles))
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("Stripe made the transfer; the payment is marked as sent."), "success")
    return redirect(url_for("finance.index", _anchor=f"payment-{disbursement_id}"))


@bp.post("/payments/<int:disbursement_id>/confirm")
@roles(*FINANCE)
def confirm(disbursement_id):
    """The bank or operator confirmed the money arrived: the tranche is paid."""
    return _step(disbursement_id, lambda session, payment, actor, viewer: disbursements.confirm(
        session, disbursement=payment, actor=actor, roles=viewer), _("The payment is confirmed."),
        tell_grantee=True)


@bp.post("/payments/<int:disbursement_id>/undo")
@roles(*FINANCE)
def undo(disbursement_id):
    """Cancel, or record a failed or returned payment: the ledger is reversed, the tranche reopens."""
    form = forms.UndoForm()
    if not form.validate_on_submit():
        get_session().get(Disbursement, disbursement_id) or abort(404)
        return _render(failed=(disbursement_id, "undo", form))
    return _step(disbursement_id, lambda session, payment, actor, viewer: disbursements.undo(
        session, disbursement=payment, actor=actor, roles=viewer, action=form.action.data, reason=form.reason.data),
        _("The payment is closed and its tranche can be paid again."))
